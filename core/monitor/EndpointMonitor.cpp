#include "monitor/EndpointMonitor.h"

#include "base/Logging.h"
#include "cache/ResponseCache.h"
#include "probe/NetworkReachability.h"
#include "probe/ProbeEngine.h"
#include "probe/ProbeHandle.h"
#include "probe/Redactor.h"

namespace NetPulse {

EndpointMonitor::EndpointMonitor(ProbeEngine *engine, QObject *parent, RandomSource random)
    : QObject(parent)
    , m_engine(engine)
    , m_random(std::move(random))
    , m_machine(m_settings, m_random)
    // Never early (as a precise QTimer): a retry must never come before the server's Retry-After,
    // nor a schedule look shorter than it says.
    , m_timer([this] { launch(); })
{
    m_placement = m_engine->placeEndpoint();
    m_clock.start();
    connect(m_engine->reachability(), &NetworkReachability::reachabilityChanged, this,
            &EndpointMonitor::onReachabilityChanged);
    connect(&m_watch, &RecoveryWatch::answered, this, &EndpointMonitor::onWatchAnswered);
}

MonitorSettings EndpointMonitor::machineSettings() const
{
    MonitorSettings settings = m_settings;
    settings.recoveryWatch = settings.recoveryWatch && m_engine->goesDirect(settings.probe.url);
    return settings;
}

void EndpointMonitor::onWatchAnswered()
{
    if (!m_running || m_probe)
        return;
    m_timer.stop();
    launch();
}

EndpointMonitor::~EndpointMonitor()
{
    if (m_probe)
        m_probe->disconnect(this);
    if (m_engine)
        m_engine->releaseEndpoint(m_placement);
}

QString EndpointMonitor::setSettings(const MonitorSettings &settings)
{
    const QString problem = settings.validate();
    if (!problem.isEmpty())
        return problem;
    const bool wasRunning = m_running;
    if (wasRunning) {
        m_timer.stop();
        m_watch.stop();
        if (m_probe) {
            m_probe->disconnect(this);
            m_probe->cancel();
            m_probe->deleteLater();
            m_probe = nullptr;
        }
        m_running = false;
    }
    m_settings = settings;
    m_lastKind.reset();
    m_machine = MonitorStateMachine(machineSettings(), m_random);
    if (wasRunning)
        start();
    return QString();
}

std::optional<qint64> EndpointMonitor::msUntilNextAttempt() const
{
    if (!m_timer.isActive())
        return std::nullopt;
    return m_timer.remainingTime();
}

std::optional<CacheEntry> EndpointMonitor::lastGood() const
{
    if (!m_cache || m_settings.probe.url.isEmpty())
        return std::nullopt;
    return m_cache->get(ResponseCache::keyFor(m_settings.probe));
}

void EndpointMonitor::start()
{
    if (m_running)
        return;
    m_running = true;
    m_machine = MonitorStateMachine(machineSettings(), m_random);
    m_lastNotifiedHealthy.reset();
    // Alone, at once; one of many started together, in its turn (ProbeEngine spreads them).
    if (const int delayMs = m_engine->reserveFirstCheckDelayMs(); delayMs > 0)
        m_timer.start(delayMs);
    else
        launch();
}

void EndpointMonitor::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_timer.stop();
    m_watch.stop();
    if (m_probe)
        m_probe->cancel(); // its result (cancelled) is still reported
    apply(m_machine.stop());
    emit stopped();
}

bool EndpointMonitor::retryNow()
{
    if (!m_running || m_probe)
        return false;
    m_timer.stop();
    launch();
    return true;
}

void EndpointMonitor::launch()
{
    if (!m_running || m_probe)
        return;
    ++m_attemptsStarted;
    const bool first = m_machine.status().state == MonitorState::Idle;
    ProbeOptions options = m_settings.probe;
    if (m_cache)
        m_cache->prepare(&options); // conditional request when we hold a validator
    auto *probe = m_engine->createProbe(options, this, m_placement);
    probe->setConnectFirst(m_lastKind == FailureKind::ConnectionRefused && m_engine->goesDirect(options.url));
    m_probe = probe;
    connect(probe, &ProbeHandle::finished, this, &EndpointMonitor::onProbeFinished);
    apply(first ? m_machine.start(nowMs()) : m_machine.probeStarted(nowMs()));
    emit attemptStarted(m_attemptsStarted);
    probe->start();
}

void EndpointMonitor::onProbeFinished(const ProbeResult &result)
{
    if (auto *probe = qobject_cast<ProbeHandle *>(sender())) {
        probe->disconnect(this);
        probe->deleteLater();
    }
    m_probe = nullptr;
    if (isVerdictOnServer(result.kind))
        m_lastKind = result.kind;
    if (!m_running) {
        // Stopped while in flight: report the attempt, decide nothing.
        emit attemptFinished(result, m_machine.status());
        return;
    }
    MonitorStatus status = m_machine.probeFinished(result, nowMs(), QDateTime::currentDateTimeUtc());
    if (m_cache)
        status.fallback = m_cache->absorb(m_settings.probe, result);
    const bool lastOne = m_maxAttempts > 0 && m_attemptsStarted >= m_maxAttempts;
    if (lastOne) {
        status.nextAttemptInMs.reset(); // nothing more will happen: promise nothing
        status.nextAttemptAt = QDateTime();
    } else if (status.nextAttemptInMs) {
        m_timer.start(int(std::min<qint64>(*status.nextAttemptInMs, INT_MAX)));
    }
    emit attemptFinished(result, status);
    apply(status);
    if (lastOne)
        stop();
}

void EndpointMonitor::continueOutage(bool retriesSpent)
{
    if (!m_running)
        return;
    m_machine.continueOutage(retriesSpent);
    m_lastNotifiedHealthy = false;
}

void EndpointMonitor::apply(const MonitorStatus &status)
{
    const bool watch = m_running && !m_probe && status.recoveryWatch != RecoveryWatchMode::None &&
                       (status.isFailing() || status.state == MonitorState::Offline);
    if (!watch)
        m_watch.stop();
    else if (m_watch.mode() != status.recoveryWatch)
        m_watch.start(m_settings.probe.url, status.recoveryWatch);
    if (status.state != m_lastState) {
        qCDebug(lcMonitor).noquote() << Redactor::redactUrl(m_settings.probe.url) << monitorStateName(m_lastState)
                                     << "->" << monitorStateName(status.state) << ":"
                                     << status.sentence(status.nextAttemptInMs);
        m_lastState = status.state;
        emit stateChanged(status);
    }
    // Unhealthy means down: retries spent, as the state table, the sidebar and Alertmanager say it.
    // A failure its retries get over is a retry, not an outage to notify of.
    if ((status.isHealthy() || status.state == MonitorState::Down) && !status.flapping &&
        m_lastNotifiedHealthy != status.isHealthy()) {
        const bool first = !m_lastNotifiedHealthy.has_value();
        m_lastNotifiedHealthy = status.isHealthy();
        if (!first || !status.isHealthy())
            emit healthChanged(status.isHealthy(), status);
    }
}

void EndpointMonitor::onReachabilityChanged()
{
    if (!m_running)
        return;
    const Reachability reachability = m_engine->reachability()->current();
    const MonitorStatus status =
        m_machine.networkChanged(reachability == Reachability::Disconnected, true, QDateTime::currentDateTimeUtc());
    if (status.state == MonitorState::Offline && !status.nextAttemptInMs) {
        m_timer.stop(); // paused: no checks, no retries spent
    } else if (status.nextAttemptInMs) {
        m_timer.start(int(*status.nextAttemptInMs));
    }
    apply(status);
}

} // namespace NetPulse
