#pragma once

// How HistoryStore's rows are written and read: shared by its writing half (HistoryStore.cpp) and
// its reading half (HistoryReading.cpp) and its upkeep (HistoryMaintenance.cpp). Not for use
// outside history/.

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVariant>

#include "kinds/FailureKind.h"

namespace NetPulse::HistoryRows {

constexpr qint64 kMinuteMs = 60 * 1000;
constexpr qint64 kHourMs = 60 * kMinuteMs;
constexpr qint64 kDayMs = 24 * kHourMs;

inline QVariant micros(const std::optional<double> &ms)
{
    return ms ? QVariant(qint64(std::llround(*ms * 1000.0))) : QVariant(QMetaType::fromType<qint64>());
}

inline std::optional<double> percentile(std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return std::nullopt;
    // Nearest rank, as the live dashboard computes it.
    const size_t rank = size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

inline QString kindsText(const QHash<FailureKind, int> &counts)
{
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts << failureKindName(it.key()) + QLatin1Char(':') + QString::number(it.value());
    parts.sort();
    // Never a null QString: Qt SQL binds that as NULL, which the NOT NULL column refuses.
    return parts.isEmpty() ? QStringLiteral("") : parts.join(QLatin1Char(','));
}

inline void addKinds(QHash<FailureKind, int> *counts, const QString &text)
{
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList pair = part.split(QLatin1Char(':'));
        if (pair.size() != 2)
            continue;
        if (const std::optional<FailureKind> kind = failureKindFromName(pair.at(0)))
            (*counts)[*kind] += pair.at(1).toInt();
    }
}

} // namespace NetPulse::HistoryRows
