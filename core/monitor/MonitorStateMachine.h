#pragma once

#include <optional>

#include <QList>

#include "monitor/BackoffPolicy.h"
#include "monitor/MonitorSettings.h"
#include "monitor/MonitorStatus.h"
#include "monitor/RetryPolicy.h"
#include "probe/ProbeResult.h"

namespace NetPulse {

// The retry schedule as a pure decision machine: results and events go in with the time they
// happened (monotonic ms, injected), a status with the next attempt's delay comes out. No timers,
// no sockets: EndpointMonitor does the waiting and probing, so every rule here is tested exactly.
class MonitorStateMachine
{
public:
    explicit MonitorStateMachine(const MonitorSettings &settings = {}, RandomSource random = systemRandomSource());

    const MonitorStatus &status() const { return m_status; }
    const MonitorSettings &settings() const { return m_settings; }

    MonitorStatus start(qint64 nowMs);
    // Before or right after start(): the endpoint was failing when NetPulse last ran (the history says so), and
    // this run continues that episode instead of starting a new one: health is already "failing"
    // (no second "is down"), and with `retriesSpent` the next failure is Down at once.
    void continueOutage(bool retriesSpent);
    MonitorStatus stop();
    // A check begins (scheduled or manual).
    MonitorStatus probeStarted(qint64 nowMs);
    // A check ended. `wallNow` is only for the displayed next-attempt time.
    MonitorStatus probeFinished(const ProbeResult &result, qint64 nowMs, const QDateTime &wallNow);
    // The platform says the network went away (true) or came back (false). `reliable` is whether
    // the platform will tell us when it returns; otherwise offline polls at the interval.
    MonitorStatus networkChanged(bool disconnected, bool reliable, const QDateTime &wallNow);

private:
    MonitorStatus schedule(qint64 delayMs, const QDateTime &wallNow);
    // After the retries are spent: from the interval towards the down interval, doubling.
    qint64 nextDownDelayMs();
    void decideRecoveryWatch(FailureKind kind);
    void noteHealth(qint64 nowMs);
    void applyContinuation(bool retriesSpent);

    MonitorSettings m_settings;
    BackoffPolicy m_backoff;
    RetryPolicy m_retryPolicy;
    MonitorStatus m_status;
    MonitorStatus m_beforeProbe; // as it was when the check in flight began: a netpulse_busy result returns to it
    qint64 m_previousDelayMs = 0;
    int m_downChecks = 0;         // checks planned since the retries were spent, this episode
    qint64 m_episodeStartMs = -1; // when this episode's first failure ended; -1: unknown (an outage continued)
    bool m_lastHealthy = true;
    bool m_haveHealth = false;
    bool m_platformReliable = false;
    QList<qint64> m_flipTimes;
    std::optional<bool> m_continuation; // an outage to continue once start() comes: retries spent?
};

} // namespace NetPulse
