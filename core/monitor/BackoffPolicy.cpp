#include "monitor/BackoffPolicy.h"

#include <algorithm>
#include <cmath>

#include <QRandomGenerator>

namespace NetPulse {

RandomSource systemRandomSource()
{
    return [] { return QRandomGenerator::global()->generateDouble(); };
}

QString jitterModeName(JitterMode mode)
{
    switch (mode) {
    case JitterMode::Full:
        return QStringLiteral("full");
    case JitterMode::Equal:
        return QStringLiteral("equal");
    case JitterMode::Decorrelated:
        return QStringLiteral("decorrelated");
    case JitterMode::None:
        return QStringLiteral("none");
    }
    return QStringLiteral("full");
}

std::optional<JitterMode> jitterModeFromName(const QString &name)
{
    for (JitterMode mode : {JitterMode::Full, JitterMode::Equal, JitterMode::Decorrelated, JitterMode::None}) {
        if (name.compare(jitterModeName(mode), Qt::CaseInsensitive) == 0)
            return mode;
    }
    return std::nullopt;
}

BackoffPolicy::BackoffPolicy(Settings settings, RandomSource random)
    : m_settings(settings)
    , m_random(std::move(random))
{
}

double BackoffPolicy::random() const
{
    // Clamp: a test source returning exactly 1.0 must not overshoot the range.
    return std::clamp(m_random ? m_random() : 0.0, 0.0, 1.0);
}

qint64 BackoffPolicy::ceilingMs(int retry) const
{
    const int exponent = std::max(0, retry - 1);
    // pow() overflows to inf for large exponents; min() with the cap keeps it finite.
    const double raw = double(m_settings.initialMs) * std::pow(m_settings.multiplier, exponent);
    return qint64(std::min(raw, double(m_settings.capMs)));
}

qint64 BackoffPolicy::delayMs(int retry, qint64 previousMs) const
{
    const qint64 ceiling = ceilingMs(retry);
    switch (m_settings.jitter) {
    case JitterMode::None:
        return ceiling;
    case JitterMode::Full:
        return qint64(std::llround(random() * double(ceiling)));
    case JitterMode::Equal: {
        const double half = double(ceiling) / 2.0;
        return qint64(std::llround(half + random() * half));
    }
    case JitterMode::Decorrelated: {
        const double low = double(m_settings.initialMs);
        const double high = std::max(low, double(previousMs > 0 ? previousMs : m_settings.initialMs) * 3.0);
        const double drawn = low + random() * (high - low);
        return qint64(std::llround(std::min(double(m_settings.capMs), drawn)));
    }
    }
    return ceiling;
}

} // namespace NetPulse
