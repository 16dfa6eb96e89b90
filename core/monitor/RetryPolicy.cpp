#include "monitor/RetryPolicy.h"

namespace NetPulse {

QSet<FailureKind> RetryPolicy::defaultRetriedKinds()
{
    return {FailureKind::ConnectionRefused, FailureKind::ConnectTimeout, FailureKind::ResponseTimeout,
            FailureKind::TransferStalled,   FailureKind::RemoteClosed,   FailureKind::HttpServerError,
            FailureKind::RateLimited,       FailureKind::HostNotFound,   FailureKind::ProtocolError,
            FailureKind::NetworkError,      FailureKind::ProxyError};
}

bool RetryPolicy::isIdempotent(const QByteArray &method)
{
    const QByteArray upper = method.toUpper();
    return upper == "GET" || upper == "HEAD" || upper == "OPTIONS" || upper == "TRACE" || upper == "PUT" ||
           upper == "DELETE";
}

RetryPolicy::RetryPolicy()
    : m_kinds(defaultRetriedKinds())
{
}

std::optional<QString> RetryPolicy::whyNotRetried(FailureKind kind, std::optional<int> httpStatus,
                                                  const QByteArray &method) const
{
    if (kind == FailureKind::Ok)
        return QStringLiteral("it succeeded");
    if (kind == FailureKind::Offline)
        return QStringLiteral("this machine is offline: checks pause until the network returns");
    // 408 Request Timeout is the one 4xx that invites a retry (RFC 9110 §15.5.9).
    const bool requestTimeout = kind == FailureKind::HttpClientError && httpStatus == 408;
    if (!requestTimeout && !m_kinds.contains(kind))
        return QStringLiteral("%1 is not retried: retrying would get the same answer").arg(failureKindName(kind));
    if (!m_allowNonIdempotent && !isIdempotent(method))
        return QStringLiteral("%1 is not idempotent, so it is never retried automatically (allow it in the "
                              "endpoint's settings)")
            .arg(QString::fromLatin1(method));
    return std::nullopt;
}

} // namespace NetPulse
