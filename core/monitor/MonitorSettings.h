#pragma once

#include "monitor/BackoffPolicy.h"
#include "probe/ProbeOptions.h"

namespace NetPulse {

// How one endpoint is watched. Every number has a range; validate() names the first field out of it.
struct MonitorSettings
{
    ProbeOptions probe;
    int intervalMs = Limits::intervalMs.fallback; // between checks while healthy
    int retries = Limits::retries.fallback;       // retries per failure episode
    BackoffSettings backoff;
    int downIntervalMs = Limits::downIntervalMs.fallback; // between checks once the retries are spent
    int slowThresholdMs = Limits::slowMs.fallback;        // an ok answer slower than this is "degraded"
    bool allowRetryNonIdempotent = false;
    // Between checks of an endpoint failing below HTTP, watch its port (or name) about once a
    // second and check at once when it answers: recovery seen within a second, no extra HTTP load.
    bool recoveryWatch = true;
    // Flapping: more than `flapTransitions` changes between healthy and failing within
    // `flapWindowMs` hold notifications back until it settles.
    int flapTransitions = Limits::flapTransitions.fallback;
    int flapWindowMs = Limits::flapWindowMs.fallback;

    QString validate() const;

    bool operator==(const MonitorSettings &other) const;
    bool operator!=(const MonitorSettings &other) const { return !(*this == other); }
};

} // namespace NetPulse
