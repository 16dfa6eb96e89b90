#include "probe/ProbeResult.h"

namespace NetPulse {

QString endpointOf(const QUrl &url)
{
    const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
    QString host = url.host();
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return host + QLatin1Char(':') + QString::number(url.port(defaultPort));
}

QString ProbeResult::endpoint() const
{
    return endpointOf(url);
}

} // namespace NetPulse
