#pragma once

#include <optional>

#include <QObject>

#include "cache/CacheEntry.h"
#include "endpoints/EndpointConfig.h"
#include "endpoints/EndpointStats.h"
#include "history/HistoryStore.h"
#include "monitor/MonitorStatus.h"
#include "probe/ProbeResult.h"
#include "reports/ReportEvents.h"

namespace NetPulse {

class AlertNotifier;
class EndpointMonitor;
class EventLog;
class ProbeEngine;
class Reporter;
class ResponseCache;

// What every watched endpoint shares. The engine is required; the rest may be null (no cache, no
// event log, no history, no reports, no alerts).
struct EndpointServices
{
    ProbeEngine *engine = nullptr;
    ResponseCache *cache = nullptr;
    EventLog *log = nullptr;
    HistoryStore *history = nullptr;
    Reporter *reports = nullptr;
    AlertNotifier *alerts = nullptr;
};

// One endpoint being watched: its configuration, its monitor, its statistics and its latest result,
// feeding the shared event log. Views read these and call the slots; they never see a probe or the
// monitor behind it.
class WatchedEndpoint : public QObject
{
    Q_OBJECT
public:
    WatchedEndpoint(const EndpointServices &services, EndpointConfig config, QObject *parent = nullptr);

    const EndpointConfig &config() const { return m_config; }
    QString displayName() const;
    // Applies new settings (and name); returns the problem, naming the field, when unusable.
    QString setConfig(const EndpointConfig &config);

    const EndpointStats &stats() const { return m_stats; }
    const std::optional<ProbeResult> &lastResult() const { return m_lastResult; }
    const MonitorStatus &status() const;
    // Where it last settled: the state before the check in flight, so a list does not blink grey
    // at every check.
    MonitorState settledState() const { return m_lastLoggedState; }
    // When the current run of failures began (UTC); invalid while healthy.
    QDateTime failingSince() const { return m_failingSince; }
    bool isRunning() const;
    bool isChecking() const; // a check is in flight
    // Time left until the next planned check, from now; nullopt when none is planned.
    std::optional<qint64> msUntilNextCheck() const;
    // The last good response kept for this endpoint, if caching is on and there is one.
    std::optional<CacheEntry> lastGood() const;
    // What the history says of [fromMs, toMs] (UTC ms); nullopt without a history.
    std::optional<HistorySummary> history(qint64 fromMs, qint64 toMs, qint64 columnMs = 0) const;

    // Continues an outage that was going on when NetPulse last ran (HistoryStore::ongoingOutages):
    // "Down for" counts from `since`, and neither the log, the reports, the alerts nor the tray
    // hear of it again as news; a Down one's alert is firing again at once (same labels, from
    // `since`), so that a recovery resolves it. Only while running.
    void continueOutage(const QDateTime &since, bool retriesSpent, FailureKind kind);

public slots:
    void start();
    void stop();
    // Checks now instead of waiting; false (and nothing sent) while a check is in flight.
    bool checkNow();

signals:
    void checkStarted();
    // A check ended (cancelled ones too), with where the endpoint stands after it: for the
    // headless mode's lines; views use changed().
    void attemptFinished(const NetPulse::ProbeResult &result, const NetPulse::MonitorStatus &status);
    void changed();       // anything shown about it changed: result, state, name, settings
    void configChanged(); // name, settings or watching changed: worth saving
    void healthChanged(bool healthy, const NetPulse::MonitorStatus &status);

private:
    ReportSubject reportSubject() const;

    EventLog *m_log;
    HistoryStore *m_history;
    Reporter *m_reports;
    AlertNotifier *m_alerts;
    EndpointConfig m_config;
    EndpointMonitor *m_monitor;
    EndpointStats m_stats;
    std::optional<ProbeResult> m_lastResult;
    MonitorState m_lastLoggedState = MonitorState::Idle;
    QDateTime m_failingSince;
};

} // namespace NetPulse
