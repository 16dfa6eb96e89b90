#include "monitor/MonitorSettings.h"

namespace NetPulse {

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
    if (backoff.capMs < backoff.initialMs)
        return QStringLiteral("backoff max (%1 ms) must not be below backoff initial (%2 ms)")
            .arg(backoff.capMs)
            .arg(backoff.initialMs);
    return QString();
}

} // namespace NetPulse
