#pragma once

#include <functional>
#include <optional>

#include <QString>

#include "base/Limits.h"

namespace NetPulse {

// Where random numbers come from: uniform in [0, 1). Injected so schedules are exact in tests.
using RandomSource = std::function<double()>;
RandomSource systemRandomSource();

enum class JitterMode
{
    Full,
    Equal,
    Decorrelated,
    None
};
QString jitterModeName(JitterMode mode);
std::optional<JitterMode> jitterModeFromName(const QString &name);

struct BackoffSettings
{
    qint64 initialMs = Limits::backoffInitialMs.fallback;
    double multiplier = Limits::backoffMultiplier.fallback;
    qint64 capMs = Limits::backoffMaxMs.fallback;
    JitterMode jitter = JitterMode::Full;

    bool operator==(const BackoffSettings &other) const
    {
        return initialMs == other.initialMs && multiplier == other.multiplier && capMs == other.capMs &&
               jitter == other.jitter;
    }
};

// Exponential backoff after AWS's "Exponential Backoff and Jitter":
//   none          min(cap, initial·multiplier^(n-1))
//   full          uniform in [0, that]                      (default: least total work)
//   equal         half of it, plus uniform in [0, half]
//   decorrelated  min(cap, uniform in [initial, previous·3])
// Pure: the random source is injected and nothing here reads a clock.
class BackoffPolicy
{
public:
    using Settings = BackoffSettings;

    explicit BackoffPolicy(Settings settings = Settings(), RandomSource random = systemRandomSource());

    const Settings &settings() const { return m_settings; }
    // Delay before retry number `retry` (1 for the first retry of an episode). `previousMs` is the
    // delay used before the previous retry (decorrelated jitter grows from it; 0 on the first).
    qint64 delayMs(int retry, qint64 previousMs = 0) const;
    // The delay without jitter: the ceiling that full jitter draws under.
    qint64 ceilingMs(int retry) const;

private:
    double random() const;

    Settings m_settings;
    RandomSource m_random;
};

} // namespace NetPulse
