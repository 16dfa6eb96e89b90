#include "probe/ProbeEngine.h"

#include "probe/NetworkReachability.h"
#include "probe/Probe.h"

namespace NetPulse {

ProbeEngine::ProbeEngine(QObject *parent)
    : QObject(parent)
    , m_reachability(new NetworkReachability(this))
{
    // Qt reads no proxy from the environment unless asked; a probe must go where the URL says.
    m_manager.setProxy(QNetworkProxy::NoProxy);
}

ProbeEngine::~ProbeEngine() = default;

void ProbeEngine::setProxy(const QNetworkProxy &proxy)
{
    m_manager.setProxy(proxy);
}

Probe *ProbeEngine::createProbe(const ProbeOptions &options, QObject *parent)
{
    auto *probe = new Probe(&m_manager, options, parent);
    probe->setReachability(m_reachability->current());
    return probe;
}

} // namespace NetPulse
