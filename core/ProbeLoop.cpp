#include "ProbeLoop.h"

#include "NetworkReachability.h"
#include "Probe.h"

#include <algorithm>

namespace NetPulse {

ProbeLoop::ProbeLoop(QNetworkAccessManager *manager, NetworkReachability *reachability, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_reachability(reachability)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ProbeLoop::launch);
}

void ProbeLoop::setOptions(const ProbeOptions &options)
{
    m_options = options;
}

void ProbeLoop::setIntervalMs(int intervalMs)
{
    m_intervalMs = std::clamp(intervalMs, kMinIntervalMs, kMaxIntervalMs);
}

void ProbeLoop::start()
{
    if (m_running)
        return;
    m_running = true;
    m_stopping = false;
    m_attempt = 0;
    launch();
}

void ProbeLoop::stop()
{
    if (!m_running)
        return;
    m_stopping = true;
    m_timer.stop();
    if (m_probe && m_probe->isRunning()) {
        m_probe->cancel(); // reports through onProbeFinished, which finishes the stop
        return;
    }
    m_running = false;
    emit stopped();
}

void ProbeLoop::launch()
{
    if (!m_running || m_stopping)
        return;
    ++m_attempt;
    m_sinceLastStart.start();
    auto *probe = new Probe(m_manager, m_options, this);
    if (m_reachability)
        probe->setReachability(m_reachability->current());
    m_probe = probe;
    connect(probe, &Probe::finished, this, &ProbeLoop::onProbeFinished);
    emit attemptStarted(m_attempt);
    probe->start();
}

void ProbeLoop::onProbeFinished(const ProbeResult &result)
{
    if (auto *probe = qobject_cast<Probe *>(sender()))
        probe->deleteLater();
    const int attempt = m_attempt;
    emit attemptFinished(result, attempt);
    if (m_stopping || (m_maxAttempts > 0 && m_attempt >= m_maxAttempts)) {
        m_running = false;
        m_stopping = false;
        emit stopped();
        return;
    }
    const qint64 elapsed = m_sinceLastStart.elapsed();
    const int wait = int(std::max<qint64>(0, m_intervalMs - elapsed));
    emit nextAttemptScheduled(wait);
    m_timer.start(wait);
}

} // namespace NetPulse
