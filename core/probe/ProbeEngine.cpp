#include "probe/ProbeEngine.h"

#include <algorithm>


#include "base/Limits.h"
#include "probe/NetworkReachability.h"
#include "probe/Probe.h"

namespace NetPulse {

ProbeEngine::ProbeEngine(QObject *parent)
    : QObject(parent)
    , m_reachability(new NetworkReachability(this))
{
    // Qt reads no proxy from the environment unless asked; a probe must go where the URL says.
    m_manager.setProxy(QNetworkProxy::NoProxy);
    m_clock.start();
}

ProbeEngine::~ProbeEngine() = default;

void ProbeEngine::setProxy(const QNetworkProxy &proxy)
{
    m_manager.setProxy(proxy);
}

bool ProbeEngine::goesDirect(const QUrl &url) const
{
    return Probe::goesDirect(&m_manager, url);
}

Probe *ProbeEngine::createProbe(const ProbeOptions &options, QObject *parent)
{
    auto *probe = new Probe(&m_manager, options, parent);
    probe->setReachability(m_reachability->current());
    return probe;
}

int ProbeEngine::reserveFirstCheckDelayMs()
{
    const qint64 nowUs = m_clock.nsecsElapsed() / 1000;
    const qint64 placeUs = std::max(nowUs, m_nextFirstCheckUs);
    m_nextFirstCheckUs = placeUs + 1000 / Limits::kFirstChecksPerMs;
    return int((placeUs - nowUs) / 1000);
}

} // namespace NetPulse
