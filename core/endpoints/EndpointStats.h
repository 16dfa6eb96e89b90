#pragma once

#include <deque>
#include <optional>

#include <QHash>
#include <QList>

#include "kinds/FailureKind.h"

namespace NetPulse {

struct ProbeResult;

// Uptime, latency percentiles and failure counts for one endpoint, over the session and over the
// last hour. Cancelled probes say nothing about the server and are not counted. Bounded: at most
// kMaxSamples recent samples are kept whatever the interval.
class EndpointStats
{
public:
    struct Sample
    {
        qint64 atMs = 0; // wall clock, ms since the epoch
        FailureKind kind = FailureKind::Ok;
        double totalMs = 0;
    };
    static constexpr int kMaxSamples = 10000;
    static constexpr qint64 kHourMs = 60 * 60 * 1000;

    void add(const ProbeResult &result);
    void add(qint64 atMs, FailureKind kind, double totalMs);
    void clear();

    int sessionAttempts() const { return m_sessionAttempts; }
    int sessionOk() const { return m_sessionOk; }
    std::optional<double> sessionUptime() const; // 0..1
    std::optional<double> lastHourUptime(qint64 nowMs) const;
    // Over the successful samples of the last hour; nullopt without any.
    std::optional<double> latencyPercentile(double percentile, qint64 nowMs) const;
    const QHash<FailureKind, int> &sessionCounts() const { return m_counts; }
    const std::deque<Sample> &samples() const { return m_samples; }

private:
    std::deque<Sample> m_samples;
    QHash<FailureKind, int> m_counts;
    int m_sessionAttempts = 0;
    int m_sessionOk = 0;
};

} // namespace NetPulse
