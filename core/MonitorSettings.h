#pragma once

#include "BackoffPolicy.h"
#include "FailureKind.h"
#include "ProbeOptions.h"

#include <QSet>

namespace NetPulse {

// How one endpoint is watched. Every number has a range; validate() names the first field out of it.
struct MonitorSettings
{
    ProbeOptions probe;
    int intervalMs = 5000; // between checks while healthy
    int retries = 3;       // retries per failure episode
    BackoffSettings backoff;
    int downIntervalMs = 30000; // between checks once the retries are spent
    int slowThresholdMs = 2000; // an ok answer slower than this is "degraded"
    bool allowRetryNonIdempotent = false;
    QSet<FailureKind> retriedKinds; // empty: RetryPolicy's defaults
    // Flapping: more than `flapTransitions` changes between healthy and failing within
    // `flapWindowMs` hold notifications back until it settles.
    int flapTransitions = 4;
    int flapWindowMs = 10 * 60 * 1000;

    QString validate() const;
};

} // namespace NetPulse
