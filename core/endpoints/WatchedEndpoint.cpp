#include "endpoints/WatchedEndpoint.h"

#include "endpoints/EventLog.h"
#include "history/HistoryStore.h"
#include "monitor/EndpointMonitor.h"
#include "probe/Redactor.h"
#include "reports/AlertNotifier.h"
#include "reports/Reporter.h"

namespace NetPulse {

WatchedEndpoint::WatchedEndpoint(const EndpointServices &services, EndpointConfig config, QObject *parent)
    : QObject(parent)
    , m_log(services.log)
    , m_history(services.history)
    , m_reports(services.reports)
    , m_alerts(services.alerts)
    , m_config(std::move(config))
    , m_monitor(new EndpointMonitor(services.engine, this))
{
    m_monitor->setCache(services.cache);
    m_monitor->setSettings(m_config.settings);
    connect(m_monitor, &EndpointMonitor::attemptFinished, this,
            [this](const ProbeResult &result, const MonitorStatus &status) {
                m_stats.add(result);
                // Our own cancel (Stop, a settings change) says nothing about the service: the last
                // result stays its last real answer.
                if (isVerdictOnServer(result.kind)) {
                    m_lastResult = result;
                    if (result.isOk())
                        m_failingSince = QDateTime();
                    else if (!m_failingSince.isValid())
                        m_failingSince =
                            result.startedAt.isValid() ? result.startedAt : QDateTime::currentDateTimeUtc();
                }
                if (m_log) {
                    m_log->append(LogEvent::attempt(m_config.id, displayName(), result, status));
                    if (!result.laneNote.isEmpty())
                        m_log->append(LogEvent::notice(displayName(), result.laneNote));
                }
                if (m_history)
                    m_history->recordAttempt(m_config.id, result, status.state);
                if (m_reports && m_config.report)
                    m_reports->reportAttempt(reportSubject(), result, status);
                if (m_alerts && m_config.report)
                    m_alerts->observe(reportSubject(), status, m_lastResult, m_failingSince);
                emit attemptFinished(result, status);
                emit changed();
            });
    connect(m_monitor, &EndpointMonitor::stateChanged, this, [this](const MonitorStatus &status) {
        // "probing" comes and goes with every check; the log records where the endpoint settles.
        if (status.state != MonitorState::Probing && status.state != m_lastLoggedState) {
            const MonitorState previous = m_lastLoggedState;
            m_lastLoggedState = status.state;
            if (m_log)
                m_log->append(LogEvent::stateChange(m_config.id, displayName(), status));
            if (m_history)
                m_history->recordStateChange(m_config.id, status);
            if (m_reports && m_config.report)
                m_reports->reportStateChange(reportSubject(), status, previous, m_lastResult);
            if (m_alerts && m_config.report)
                m_alerts->observe(reportSubject(), status, m_lastResult, m_failingSince);
        }
        emit changed();
    });
    connect(m_monitor, &EndpointMonitor::attemptStarted, this, [this] {
        emit checkStarted();
        emit changed();
    });
    connect(m_monitor, &EndpointMonitor::stopped, this, &WatchedEndpoint::changed);
    connect(m_monitor, &EndpointMonitor::healthChanged, this, &WatchedEndpoint::healthChanged);
}

ReportSubject WatchedEndpoint::reportSubject() const
{
    return {m_config.id, displayName(), m_config.settings.probe.url, m_config.settings.probe.method};
}

QString WatchedEndpoint::displayName() const
{
    return m_config.name.isEmpty() ? Redactor::redactUrl(m_config.settings.probe.url) : m_config.name;
}

void WatchedEndpoint::continueOutage(const QDateTime &since, bool retriesSpent, FailureKind kind)
{
    if (!isRunning())
        return;
    m_failingSince = since.toUTC();
    m_lastLoggedState = retriesSpent ? MonitorState::Down : MonitorState::Retrying;
    m_monitor->continueOutage(retriesSpent);
    if (m_alerts && m_config.report && retriesSpent) {
        // The alert the last run fired: known again here, so the first good check resolves it.
        MonitorStatus down;
        down.state = MonitorState::Down;
        ProbeResult wentDownWith;
        wentDownWith.kind = kind;
        m_alerts->observe(reportSubject(), down, wentDownWith, m_failingSince);
    }
    emit changed();
}

QString WatchedEndpoint::setConfig(const EndpointConfig &config)
{
    // A new name is not a new schedule: only changed settings restart the monitor (and with it the
    // check in flight, the retry budget and the flapping history).
    if (config.settings != m_config.settings) {
        const QString problem = m_monitor->setSettings(config.settings);
        if (!problem.isEmpty())
            return problem;
    } else if (config.name == m_config.name && config.report == m_config.report) {
        return QString(); // nothing changed
    }
    const bool urlChanged = config.settings.probe.url != m_config.settings.probe.url ||
                            config.settings.probe.method != m_config.settings.probe.method;
    const QString id = m_config.id; // an endpoint keeps its identity through edits
    m_config = config;
    m_config.id = id;
    if (m_alerts && (urlChanged || !m_config.report))
        m_alerts->forget(m_config.id); // another service, or no longer reported
    if (urlChanged) {
        m_stats.clear(); // another service: its history is not this one's
        m_lastResult.reset();
        m_failingSince = QDateTime();
    }
    emit configChanged();
    emit changed();
    return QString();
}

const MonitorStatus &WatchedEndpoint::status() const
{
    return m_monitor->status();
}

bool WatchedEndpoint::isRunning() const
{
    return m_monitor->isRunning();
}

bool WatchedEndpoint::isChecking() const
{
    return m_monitor->isProbing();
}

std::optional<qint64> WatchedEndpoint::msUntilNextCheck() const
{
    return m_monitor->msUntilNextAttempt();
}

std::optional<CacheEntry> WatchedEndpoint::lastGood() const
{
    return m_monitor->lastGood();
}

std::optional<HistorySummary> WatchedEndpoint::history(qint64 fromMs, qint64 toMs, qint64 columnMs) const
{
    if (!m_history)
        return std::nullopt;
    return m_history->summary(m_config.id, fromMs, toMs, columnMs);
}

void WatchedEndpoint::start()
{
    const bool changedWatching = !m_config.watching;
    m_config.watching = true;
    m_monitor->start();
    if (changedWatching)
        emit configChanged();
}

void WatchedEndpoint::stop()
{
    const bool changedWatching = m_config.watching;
    m_config.watching = false;
    m_monitor->stop();
    // Stopped by the user: an alert about it would never resolve by itself.
    if (m_alerts)
        m_alerts->forget(m_config.id);
    if (changedWatching)
        emit configChanged();
}

bool WatchedEndpoint::checkNow()
{
    return m_monitor->retryNow();
}

} // namespace NetPulse
