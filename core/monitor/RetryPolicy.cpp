#include "monitor/RetryPolicy.h"

#include <QCoreApplication>

namespace NetPulse {

namespace {

// Why a failure is not retried, for translators.
class RetryWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::RetryPolicy)
};

} // namespace

QSet<FailureKind> RetryPolicy::defaultRetriedKinds()
{
    return {FailureKind::ConnectionRefused, FailureKind::ConnectTimeout, FailureKind::ResponseTimeout,
            FailureKind::TransferStalled,   FailureKind::RemoteClosed,   FailureKind::HttpServerError,
            FailureKind::RateLimited,       FailureKind::HostNotFound,   FailureKind::ProtocolError,
            FailureKind::NetworkError,      FailureKind::ProxyError,     FailureKind::CheckFailed};
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
        return RetryWords::tr("it succeeded");
    if (kind == FailureKind::Offline)
        return RetryWords::tr("this machine is offline: checks pause until the network returns");
    // 408 Request Timeout is the one 4xx that invites a retry (RFC 9110 §15.5.9).
    const bool requestTimeout = kind == FailureKind::HttpClientError && httpStatus == 408;
    if (!requestTimeout && !m_kinds.contains(kind)) {
        // Why, in words that do not repeat "not retried": callers put that in front.
        switch (kind) {
        case FailureKind::TlsError:
            return RetryWords::tr("a certificate or handshake failure does not fix itself within seconds");
        case FailureKind::HttpClientError:
            return RetryWords::tr("the server refused this request itself (HTTP %1); asking again gets the same answer")
                .arg(httpStatus.value_or(0));
        case FailureKind::InvalidUrl:
            return RetryWords::tr("nothing can be sent with these settings");
        case FailureKind::RedirectLoop:
            return RetryWords::tr("the redirects would loop again");
        case FailureKind::BodyTooLarge:
            return RetryWords::tr("the body would pass the limit again");
        case FailureKind::Cancelled:
            return RetryWords::tr("the check was stopped");
        default:
            return RetryWords::tr("asking again would get the same answer");
        }
    }
    if (!m_allowNonIdempotent && !isIdempotent(method))
        return RetryWords::tr("%1 is not idempotent, so it is never retried automatically (allow it in the "
                              "endpoint's settings)")
            .arg(QString::fromLatin1(method));
    return std::nullopt;
}

} // namespace NetPulse
