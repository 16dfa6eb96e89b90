#pragma once

#include <QString>

namespace NetPulse {

// The one way NetPulse writes a span of time for a person: "0.8 s", "45 s", "3 min", "2 h 5 min",
// "3 days". Tenths below 10 s, where a retry delay's precision is what the reader is after.
// Countdowns on screen use whole seconds, rounded up: two views that read the same timer a few
// microseconds apart then show the same figure.
enum class DurationPrecision
{
    Tenths,
    WholeSeconds
};
QString durationText(qint64 ms, DurationPrecision precision = DurationPrecision::Tenths);

} // namespace NetPulse
