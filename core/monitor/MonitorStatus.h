#pragma once

#include <optional>

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include "base/Duration.h"
#include "cache/CacheEntry.h"

namespace NetPulse {

enum class MonitorState
{
    Idle,     // configured, not started
    Probing,  // a check is in flight
    Up,       // last check ok
    Degraded, // ok, but slow or only after retries in this episode
    Retrying, // failed; retry n of m is scheduled
    Down,     // retries spent (or a failure not worth retrying); checking at the down interval
    Offline,  // this machine has no network: paused, no retries spent
    Stopped,
};

QString monitorStateName(MonitorState state);

// While an endpoint fails below HTTP, a cheap check runs about once a second between the planned
// checks, and a full check follows the moment it succeeds (RecoveryWatch).
enum class RecoveryWatchMode
{
    None,
    Port,    // refused, no answer to the connect: a TCP connect, nothing sent; a connect that succeeds
    Name,    // the name did not resolve: a name lookup that succeeds
    Network, // this machine offline: the same connect, and any answer at all (even a refusal) shows a
             // route is back, since no packet could leave before
};

// Where an endpoint stands and what happens next, so a countdown can be drawn without guessing.
struct MonitorStatus
{
    MonitorState state = MonitorState::Idle;
    QString reason;                        // why it is in this state, in words
    int attempt = 0;                       // failed attempts in the current episode (0: no episode)
    int lastAttempt = 0;                   // the attempt just finished, counted within its episode (1: first try)
    int retriesUsed = 0;                   // retries spent in this episode
    int retryBudget = 0;                   // retries allowed per episode
    std::optional<qint64> nextAttemptInMs; // from the moment of this status; nullopt: none planned
    QDateTime nextAttemptAt;               // same, as a UTC wall-clock time for display
    QString notRetried;                    // why the last failure was not retried, when it was not
    bool recovered = false;                // ok after failing in the same episode (until the next clean check)
    bool slow = false;                     // ok, above the slow threshold
    bool flapping = false;                 // changing state too often: notifications held back
    RecoveryWatchMode recoveryWatch = RecoveryWatchMode::None; // what is watched between checks
    std::optional<CacheFallback> fallback; // the last good data, when the last check failed and there is some

    // The reason with what happens next: "gave up retrying after 3 retries; next check in 30 s".
    // `msLeft` is the time left from now (a countdown passes the live figure).
    QString sentence(std::optional<qint64> msLeft, DurationPrecision precision = DurationPrecision::Tenths) const;

    bool isHealthy() const { return state == MonitorState::Up || state == MonitorState::Degraded; }
    bool isFailing() const { return state == MonitorState::Retrying || state == MonitorState::Down; }
};

} // namespace NetPulse

Q_DECLARE_METATYPE(NetPulse::MonitorStatus)
