#include "MonitorSettings.h"

namespace NetPulse {

namespace {

template<typename T>
QString outOfRange(const char *field, T value, T low, T high)
{
    if (value >= low && value <= high)
        return QString();
    return QStringLiteral("%1 must be between %2 and %3, not %4")
        .arg(QLatin1String(field))
        .arg(low)
        .arg(high)
        .arg(value);
}

} // namespace

QString MonitorSettings::validate() const
{
    constexpr int day = 24 * 60 * 60 * 1000;
    const QString checks[] = {
        probe.validate(),
        outOfRange("interval (ms)", intervalMs, 100, day),
        outOfRange("retries", retries, 0, 100),
        outOfRange<qint64>("backoff initial (ms)", backoff.initialMs, 1, 3600000),
        outOfRange("backoff multiplier", backoff.multiplier, 1.0, 10.0),
        outOfRange<qint64>("backoff max (ms)", backoff.capMs, 1, day),
        outOfRange("down interval (ms)", downIntervalMs, 100, day),
        outOfRange("slow threshold (ms)", slowThresholdMs, 1, ProbeOptions::kMaxTimeoutMs),
        outOfRange("flap transitions", flapTransitions, 1, 1000),
        outOfRange("flap window (ms)", flapWindowMs, 1000, day),
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
