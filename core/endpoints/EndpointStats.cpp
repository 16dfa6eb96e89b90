#include "endpoints/EndpointStats.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "probe/ProbeResult.h"

namespace NetPulse {

void EndpointStats::add(const ProbeResult &result)
{
    const qint64 at =
        result.startedAt.isValid() ? result.startedAt.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
    add(at, result.kind, result.timeline.totalMs().value_or(0.0));
}

void EndpointStats::add(qint64 atMs, FailureKind kind, double totalMs)
{
    if (!isVerdictOnServer(kind) || kind == FailureKind::InvalidUrl)
        return; // ours, not the server's
    ++m_sessionAttempts;
    if (kind == FailureKind::Ok)
        ++m_sessionOk;
    ++m_counts[kind];
    m_samples.push_back({atMs, kind, totalMs});
    while (int(m_samples.size()) > kMaxSamples)
        m_samples.pop_front();
}

void EndpointStats::clear()
{
    m_samples.clear();
    m_counts.clear();
    m_sessionAttempts = 0;
    m_sessionOk = 0;
}

std::optional<double> EndpointStats::sessionUptime() const
{
    if (m_sessionAttempts == 0)
        return std::nullopt;
    return double(m_sessionOk) / double(m_sessionAttempts);
}

std::optional<double> EndpointStats::lastHourUptime(qint64 nowMs) const
{
    int total = 0;
    int ok = 0;
    for (auto it = m_samples.rbegin(); it != m_samples.rend() && nowMs - it->atMs <= kHourMs; ++it) {
        ++total;
        ok += it->kind == FailureKind::Ok ? 1 : 0;
    }
    if (total == 0)
        return std::nullopt;
    return double(ok) / double(total);
}

std::optional<double> EndpointStats::latencyPercentile(double percentile, qint64 nowMs) const
{
    std::vector<double> values;
    for (auto it = m_samples.rbegin(); it != m_samples.rend() && nowMs - it->atMs <= kHourMs; ++it) {
        if (it->kind == FailureKind::Ok)
            values.push_back(it->totalMs);
    }
    if (values.empty())
        return std::nullopt;
    // Nearest-rank: the smallest value with at least `percentile` % of the samples at or below it.
    std::sort(values.begin(), values.end());
    const double rank = std::ceil(percentile / 100.0 * double(values.size()));
    const size_t index = size_t(std::clamp(rank, 1.0, double(values.size()))) - 1;
    return values[index];
}

} // namespace NetPulse
