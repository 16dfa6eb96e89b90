#include "monitor/MonitorStateMachine.h"

#include <algorithm>

#include <QCoreApplication>

#include "base/Duration.h"
#include "base/Limits.h"
#include "monitor/RetryAfter.h"

namespace NetPulse {

namespace {

// The context translators see for the monitor's sentences (the banner's third line, the event
// log's "Next"). State names stay English: they are a contract like the kinds.
class MonitorWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::MonitorStatus)
};

} // namespace

QString monitorStateName(MonitorState state)
{
    switch (state) {
    case MonitorState::Idle:
        return QStringLiteral("idle");
    case MonitorState::Probing:
        return QStringLiteral("probing");
    case MonitorState::Up:
        return QStringLiteral("up");
    case MonitorState::Degraded:
        return QStringLiteral("degraded");
    case MonitorState::Retrying:
        return QStringLiteral("retrying");
    case MonitorState::Down:
        return QStringLiteral("down");
    case MonitorState::Offline:
        return QStringLiteral("offline");
    case MonitorState::Stopped:
        return QStringLiteral("stopped");
    }
    return QStringLiteral("idle");
}

QString MonitorStatus::sentence(std::optional<qint64> msLeft, DurationPrecision precision) const
{
    QString text = reason;
    if (msLeft) {
        const QString when =
            *msLeft <= 0 ? MonitorWords::tr("now") : MonitorWords::tr("in %1").arg(durationText(*msLeft, precision));
        text += state == MonitorState::Retrying ? MonitorWords::tr("; retrying %1").arg(when)
                                                : MonitorWords::tr("; next check %1").arg(when);
    }
    if (recoveryWatch == RecoveryWatchMode::Port)
        text += MonitorWords::tr("; watching the port, will check as soon as it accepts");
    else if (recoveryWatch == RecoveryWatchMode::Name)
        text += MonitorWords::tr("; watching the name, will check as soon as it resolves");
    else if (recoveryWatch == RecoveryWatchMode::Network)
        text += MonitorWords::tr("; watching for the network, will check as soon as it answers");
    return text;
}

MonitorStateMachine::MonitorStateMachine(const MonitorSettings &settings, RandomSource random)
    : m_settings(settings)
    , m_backoff(settings.backoff, std::move(random))
{
    m_retryPolicy.setAllowNonIdempotent(settings.allowRetryNonIdempotent);
    m_status.retryBudget = settings.retries;
}

MonitorStatus MonitorStateMachine::start(qint64 nowMs)
{
    m_status = MonitorStatus();
    m_status.retryBudget = m_settings.retries;
    m_previousDelayMs = 0;
    m_downChecks = 0;
    m_episodeStartMs = -1;
    m_flipTimes.clear();
    m_haveHealth = false;
    if (m_continuation) {
        applyContinuation(*m_continuation);
        m_continuation.reset();
    }
    return probeStarted(nowMs);
}

void MonitorStateMachine::continueOutage(bool retriesSpent)
{
    if (m_status.state == MonitorState::Idle) {
        // Its first check is still to come (one of many, started in turn): start() applies it.
        m_continuation = retriesSpent;
        return;
    }
    applyContinuation(retriesSpent);
}

void MonitorStateMachine::applyContinuation(bool retriesSpent)
{
    for (MonitorStatus *status : {&m_status, &m_beforeProbe}) {
        status->attempt = std::max(status->attempt, 1);
        if (retriesSpent)
            status->retriesUsed = status->retryBudget;
    }
    m_haveHealth = true;
    m_lastHealthy = false;
    m_episodeStartMs = -1; // it began before this run: its length is not known here
}

MonitorStatus MonitorStateMachine::stop()
{
    m_status.state = MonitorState::Stopped;
    m_status.recoveryWatch = RecoveryWatchMode::None;
    m_status.reason = MonitorWords::tr("stopped");
    m_status.nextAttemptInMs.reset();
    m_status.nextAttemptAt = QDateTime();
    return m_status;
}

MonitorStatus MonitorStateMachine::probeStarted(qint64)
{
    m_beforeProbe = m_status;
    m_status.state = MonitorState::Probing;
    m_status.recoveryWatch = RecoveryWatchMode::None;
    m_status.lastAttempt = m_status.attempt + 1;
    m_status.reason = m_status.attempt > 0 ? MonitorWords::tr("checking again (retry %1 of %2)")
                                                 .arg(std::min(m_status.retriesUsed, m_status.retryBudget))
                                                 .arg(m_status.retryBudget)
                                           : MonitorWords::tr("checking");
    m_status.nextAttemptInMs.reset();
    m_status.nextAttemptAt = QDateTime();
    return m_status;
}

MonitorStatus MonitorStateMachine::schedule(qint64 delayMs, const QDateTime &wallNow)
{
    m_status.nextAttemptInMs = delayMs;
    // A check that comes within a watch period anyway needs no watch before it.
    if (delayMs <= Limits::kRecoveryWatchPeriodMs)
        m_status.recoveryWatch = RecoveryWatchMode::None;
    m_status.nextAttemptAt = wallNow.isValid() ? wallNow.addMSecs(delayMs) : QDateTime();
    return m_status;
}

qint64 MonitorStateMachine::nextDownDelayMs()
{
    const qint64 ceiling = m_settings.downIntervalMs;
    qint64 delay = m_settings.intervalMs;
    for (int i = 0; i < m_downChecks && delay < ceiling; ++i)
        delay *= 2;
    ++m_downChecks;
    // A down interval shorter than the interval is taken as it is: the user asked for it.
    return std::min(delay, ceiling);
}

void MonitorStateMachine::decideRecoveryWatch(FailureKind kind)
{
    m_status.recoveryWatch = RecoveryWatchMode::None;
    if (!m_settings.recoveryWatch)
        return;
    switch (kind) {
    case FailureKind::ConnectionRefused:
    case FailureKind::ConnectTimeout:
        m_status.recoveryWatch = RecoveryWatchMode::Port;
        break;
    case FailureKind::Offline:
        m_status.recoveryWatch = RecoveryWatchMode::Network;
        break;
    case FailureKind::HostNotFound:
        m_status.recoveryWatch = RecoveryWatchMode::Name;
        break;
    default:
        break;
    }
}

void MonitorStateMachine::noteHealth(qint64 nowMs)
{
    const bool healthy = m_status.isHealthy();
    if (!m_status.isHealthy() && !m_status.isFailing())
        return; // offline, probing: neither
    if (m_haveHealth && healthy != m_lastHealthy)
        m_flipTimes.append(nowMs);
    m_haveHealth = true;
    m_lastHealthy = healthy;
    while (!m_flipTimes.isEmpty() && nowMs - m_flipTimes.first() > m_settings.flapWindowMs)
        m_flipTimes.removeFirst();
    m_status.flapping = m_flipTimes.size() > m_settings.flapTransitions;
    // Settled: steady for longer than any of its phases while it flapped. Waiting for the flips to
    // leave the window instead kept a service that went down for good unannounced for minutes
    // (8 of them in the trial, with 12 s down, 8 s up and a 10-minute window).
    if (m_status.flapping) {
        qint64 longestPhase = 0;
        for (qsizetype i = 1; i < m_flipTimes.size(); ++i)
            longestPhase = std::max(longestPhase, m_flipTimes.at(i) - m_flipTimes.at(i - 1));
        if (nowMs - m_flipTimes.last() > longestPhase) {
            m_flipTimes.clear();
            m_status.flapping = false;
        }
    }
}

MonitorStatus MonitorStateMachine::probeFinished(const ProbeResult &result, qint64 nowMs, const QDateTime &wallNow)
{
    if (result.kind == FailureKind::Cancelled) {
        // Ours (stop, settings change): not a fact about the server. Keep the episode as it was.
        return m_status;
    }
    if (result.kind == FailureKind::NetPulseBusy) {
        // NetPulse could not check in time: nothing was learnt about the server. The state, the
        // retries spent and the outage clock stay as they were before this check, and the next one
        // comes after the same wait as this one did (a retry's backoff, the down interval, or the
        // interval before a first answer).
        const std::optional<qint64> plannedMs = m_beforeProbe.nextAttemptInMs;
        m_status = m_beforeProbe;
        return schedule(plannedMs.value_or(m_settings.intervalMs), wallNow);
    }
    m_status.notRetried.clear();
    m_status.slow = false;
    decideRecoveryWatch(result.kind);

    if (result.kind == FailureKind::Offline) {
        m_status.state = MonitorState::Offline;
        m_status.reason = MonitorWords::tr("this machine is offline; checks pause and no retries are spent");
        if (m_platformReliable) {
            m_status.nextAttemptInMs.reset();
            m_status.nextAttemptAt = QDateTime();
            return m_status;
        }
        // Nobody will tell us when the network returns: look again at the normal pace.
        return schedule(m_settings.intervalMs, wallNow);
    }

    if (result.kind == FailureKind::Ok) {
        const double totalMs = result.timeline.totalMs().value_or(0.0);
        m_status.recovered = m_status.attempt > 0;
        m_status.slow = totalMs > m_settings.slowThresholdMs;
        if (m_status.recovered) {
            m_status.state = MonitorState::Degraded;
            // The whole episode, not its retries: after the retries are spent the checks go on,
            // and "after 3 retries" understated a 40 s outage.
            // (Two sources, not a %n plural: the headless mode loads no translation to pick a form.)
            const QString checks = m_status.attempt == 1 ? MonitorWords::tr("1 failed check")
                                                         : MonitorWords::tr("%1 failed checks").arg(m_status.attempt);
            m_status.reason =
                m_episodeStartMs >= 0
                    ? MonitorWords::tr("recovered after %1 (%2)").arg(durationText(nowMs - m_episodeStartMs), checks)
                    : MonitorWords::tr("recovered after %1").arg(checks);
        } else if (m_status.slow) {
            m_status.state = MonitorState::Degraded;
            m_status.reason = MonitorWords::tr("slow: %1 ms, above the %2 ms threshold")
                                  .arg(qint64(totalMs))
                                  .arg(m_settings.slowThresholdMs);
        } else {
            m_status.state = MonitorState::Up;
            m_status.reason = MonitorWords::tr("ok");
        }
        // Success ends the episode: the budget is whole again.
        m_status.attempt = 0;
        m_status.retriesUsed = 0;
        m_previousDelayMs = 0;
        m_downChecks = 0;
        noteHealth(nowMs);
        return schedule(m_settings.intervalMs, wallNow);
    }

    // A failure.
    m_status.recovered = false;
    if (m_status.attempt == 0)
        m_episodeStartMs = nowMs;
    ++m_status.attempt;
    const std::optional<QString> whyNot =
        m_retryPolicy.whyNotRetried(result.kind, result.httpStatus, m_settings.probe.method);
    if (whyNot) {
        m_status.state = MonitorState::Down;
        m_status.notRetried = *whyNot;
        m_status.reason = MonitorWords::tr("not retried: %1").arg(*whyNot);
        noteHealth(nowMs);
        return schedule(m_settings.intervalMs, wallNow);
    }
    if (m_status.retriesUsed >= m_status.retryBudget) {
        m_status.state = MonitorState::Down;
        m_status.reason = m_status.retryBudget == 0 ? MonitorWords::tr("failing")
                          : m_status.retryBudget == 1
                              ? MonitorWords::tr("gave up retrying after 1 retry")
                              : MonitorWords::tr("gave up retrying after %1 retries").arg(m_status.retryBudget);
        const qint64 delay = nextDownDelayMs();
        // "(checks slow down to every 30 s); next check in 8 s" read as a contradiction: the
        // pace grows towards the down interval, and says so.
        if (delay < m_settings.downIntervalMs)
            m_status.reason += MonitorWords::tr("; checks slow down step by step to every %1")
                                   .arg(durationText(m_settings.downIntervalMs));
        noteHealth(nowMs);
        return schedule(delay, wallNow);
    }

    ++m_status.retriesUsed;
    qint64 delay = m_backoff.delayMs(m_status.retriesUsed, m_previousDelayMs);
    QString source = MonitorWords::tr("backoff");
    const int status = result.httpStatus.value_or(0);
    if (status == 429 || status == 503) {
        const QByteArray header = headerValue(result.responseHeaders, "Retry-After");
        if (!header.isEmpty()) {
            QString note;
            const std::optional<qint64> asked = RetryAfter::parse(header, wallNow, &note);
            if (asked) {
                delay = std::min(*asked, m_settings.backoff.capMs);
                source = *asked > m_settings.backoff.capMs
                             ? MonitorWords::tr("Retry-After %1, capped").arg(durationText(*asked))
                             : QStringLiteral("Retry-After");
            } else {
                source = MonitorWords::tr("backoff; %1").arg(note);
            }
        }
    }
    m_previousDelayMs = delay;
    m_status.state = MonitorState::Retrying;
    // The kind is said where the result is shown (title, "kind"): the reason is the plan.
    m_status.reason =
        MonitorWords::tr("retry %1 of %2 (%3)").arg(m_status.retriesUsed).arg(m_status.retryBudget).arg(source);
    noteHealth(nowMs);
    return schedule(delay, wallNow);
}

MonitorStatus MonitorStateMachine::networkChanged(bool disconnected, bool reliable, const QDateTime &wallNow)
{
    m_platformReliable = reliable;
    if (disconnected) {
        if (m_status.state == MonitorState::Probing || m_status.state == MonitorState::Stopped ||
            m_status.state == MonitorState::Idle)
            return m_status; // the check in flight will say what it saw
        m_status.state = MonitorState::Offline;
        m_status.reason = MonitorWords::tr("this machine is offline; checks pause and no retries are spent");
        m_status.nextAttemptInMs.reset();
        m_status.nextAttemptAt = QDateTime();
        decideRecoveryWatch(FailureKind::Offline);
        return m_status;
    }
    if (m_status.state == MonitorState::Offline) {
        m_status.reason = MonitorWords::tr("network is back; checking now");
        return schedule(0, wallNow);
    }
    return m_status;
}

} // namespace NetPulse
