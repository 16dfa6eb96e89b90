#include "monitor/MonitorSettings.h"

#include <QCoreApplication>

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class MonitorSettingsWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::MonitorSettings)
};

} // namespace

QString MonitorSettings::validate() const
{
    using Limits::outOfRange;
    const QString checks[] = {
        probe.validate(),
        outOfRange("interval (ms)", intervalMs, Limits::intervalMs),
        outOfRange("retries", retries, Limits::retries),
        outOfRange("backoff initial (ms)", backoff.initialMs, Limits::backoffInitialMs),
        outOfRange("backoff multiplier", backoff.multiplier, Limits::backoffMultiplier),
        outOfRange("backoff max (ms)", backoff.capMs, Limits::backoffMaxMs),
        outOfRange("down interval (ms)", downIntervalMs, Limits::downIntervalMs),
        outOfRange("slow threshold (ms)", slowThresholdMs, Limits::slowMs),
        outOfRange("flap transitions", flapTransitions, Limits::flapTransitions),
        outOfRange("flap window (ms)", flapWindowMs, Limits::flapWindowMs),
    };
    for (const QString &problem : checks) {
        if (!problem.isEmpty())
            return problem;
    }
    // A probe alone may have a deadline under its timeout (the deadline then decides); a watched
    // endpoint set up that way is a typo, refused on every way in.
    if (probe.totalDeadlineMs < probe.inactivityTimeoutMs)
        return MonitorSettingsWords::tr("the deadline (%1 ms) must not be shorter than the timeout (%2 ms)")
            .arg(probe.totalDeadlineMs)
            .arg(probe.inactivityTimeoutMs);
    if (backoff.capMs < backoff.initialMs)
        return MonitorSettingsWords::tr("backoff max (%1 ms) must not be below backoff initial (%2 ms)")
            .arg(backoff.capMs)
            .arg(backoff.initialMs);
    return QString();
}

bool MonitorSettings::operator==(const MonitorSettings &other) const
{
    return probe == other.probe && intervalMs == other.intervalMs && retries == other.retries &&
           backoff == other.backoff && downIntervalMs == other.downIntervalMs &&
           slowThresholdMs == other.slowThresholdMs && allowRetryNonIdempotent == other.allowRetryNonIdempotent &&
           recoveryWatch == other.recoveryWatch && flapTransitions == other.flapTransitions &&
           flapWindowMs == other.flapWindowMs;
}

} // namespace NetPulse
