#include "probe/ProbeResult.h"

#include <QCoreApplication>

namespace NetPulse {

QString endpointOf(const QUrl &url)
{
    const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
    QString host = url.host();
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return host + QLatin1Char(':') + QString::number(url.port(defaultPort));
}

FailureDescription ProbeResult::description() const
{
    FailureDescription words = describeFailure(kind, endpoint());
    // The commonest TLS failure on a development machine, said up front with the way out.
    if (kind == FailureKind::TlsError && detail.contains(QLatin1String("self-signed"), Qt::CaseInsensitive)) {
        words.title = QCoreApplication::translate("NetPulse::FailureKind", "Self-signed certificate");
        words.explanation =
            QCoreApplication::translate("NetPulse::FailureKind",
                                        "%1 presented a self-signed certificate: nothing vouches for it, so it is not "
                                        "trusted.")
                .arg(endpoint());
        words.action = QCoreApplication::translate("NetPulse::FailureKind",
                                                   "If this is your own server, accept its certificate for this "
                                                   "endpoint: Settings, \"Accept certificates that fail verification\" "
                                                   "(--insecure).");
    }
    // A failed check says itself: which check, what was seen, what it expects.
    if (kind == FailureKind::CheckFailed && !detail.isEmpty()) {
        words.explanation = detail.left(1).toUpper() + detail.mid(1) + QLatin1Char('.');
    }
    return words;
}

QString ProbeResult::endpoint() const
{
    return endpointOf(url);
}

} // namespace NetPulse
