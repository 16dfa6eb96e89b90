#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include "base/CoalescedTimer.h"
#include "cache/CacheEntry.h"
#include "monitor/MonitorSettings.h"
#include "monitor/MonitorStateMachine.h"
#include "monitor/RecoveryWatch.h"
#include "probe/ProbeHandle.h"
#include "probe/ProbeResult.h"

namespace NetPulse {

class ProbeEngine;
class ResponseCache;

// Watches one endpoint: probes on the interval, retries failures on the backoff schedule, pauses
// while the machine is offline. The decisions are MonitorStateMachine's; this class only keeps the
// timer and the probe in flight, and reports:
//   attemptStarted → attemptFinished(result, status) → (stateChanged on every state change)
class EndpointMonitor : public QObject
{
    Q_OBJECT
public:
    explicit EndpointMonitor(ProbeEngine *engine, QObject *parent = nullptr,
                             RandomSource random = systemRandomSource());
    ~EndpointMonitor() override;

    // Returns the problem (naming the field) and changes nothing when the settings are unusable.
    // A change while running cancels the check in flight and starts over with a fresh episode.
    QString setSettings(const MonitorSettings &settings);
    const MonitorSettings &settings() const { return m_settings; }
    const MonitorStatus &status() const { return m_machine.status(); }
    bool isRunning() const { return m_running; }
    bool isProbing() const { return m_probe != nullptr; }
    int attemptsStarted() const { return m_attemptsStarted; }
    // Time left until the next planned check, from now; nullopt when none is planned.
    std::optional<qint64> msUntilNextAttempt() const;

    // The last good response stored for this endpoint, if caching is on and there is one: shown
    // at once on start, before any check has answered.
    std::optional<CacheEntry> lastGood() const;

    // Stop by itself after this many attempts, retries included (0: never).
    void setMaxAttempts(int attempts) { m_maxAttempts = attempts; }

    // The last-good response store shared by every endpoint; null (the default) when caching is off.
    void setCache(ResponseCache *cache) { m_cache = cache; }

    // Right after start(): continue an outage the history says was going on when NetPulse last ran
    // (MonitorStateMachine::continueOutage); its failure was told then, so it is not told again.
    void continueOutage(bool retriesSpent);

public slots:
    void start();
    void stop();
    // Probe now instead of waiting. Ignored (returns false) while a check is in flight, so a
    // double click never sends two requests. Does not refill the retry budget unless it succeeds.
    bool retryNow();

signals:
    void attemptStarted(int attempt);
    void attemptFinished(const NetPulse::ProbeResult &result, const NetPulse::MonitorStatus &status);
    void stateChanged(const NetPulse::MonitorStatus &status);
    // Up/down changes worth telling a person about; held back while the endpoint flaps.
    void healthChanged(bool healthy, const NetPulse::MonitorStatus &status);
    void stopped();

private:
    void launch();
    void onProbeFinished(const ProbeResult &result);
    void apply(const MonitorStatus &status);
    void onReachabilityChanged();
    void onWatchAnswered();
    // The settings the decisions use: the recovery watch only where a connect reaches the server.
    MonitorSettings machineSettings() const;
    qint64 nowMs() const { return m_clock.elapsed(); }

    // May go first when both are children of one object (headless): the monitor then only stops.
    QPointer<ProbeEngine> m_engine;
    ResponseCache *m_cache = nullptr;
    MonitorSettings m_settings;
    RandomSource m_random;
    MonitorStateMachine m_machine;
    QPointer<ProbeHandle> m_probe;
    CoalescedTimer m_timer; // the next planned check; never fires early
    RecoveryWatch m_watch;
    QElapsedTimer m_clock;
    MonitorState m_lastState = MonitorState::Idle;
    // What the last check found: a refused port makes the next check try a plain connect first.
    std::optional<FailureKind> m_lastKind;
    std::optional<bool> m_lastNotifiedHealthy;
    int m_attemptsStarted = 0;
    int m_maxAttempts = 0;
    bool m_running = false;
    int m_placement = -1; // this endpoint's place on the engine's lanes
};

} // namespace NetPulse
