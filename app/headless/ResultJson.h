#pragma once

#include <optional>

#include <QJsonObject>

#include "monitor/MonitorStatus.h"
#include "probe/ProbeResult.h"
#include "vantage/ElsewhereReading.h"

namespace NetPulse {

// The headless line format: one JSON object per attempt. Field names are a contract (see README,
// "Headless output"); add fields, never rename or remove one.
struct AttemptContext
{
    int attempt = 1;                     // within the failure episode; 1 for a first try
    std::optional<MonitorStatus> status; // the monitor's status after the attempt (watch mode)
    std::optional<CacheFallback> fallback;
    QString name; // the endpoint's name (--name, or the endpoint file's); no "name" field when empty
    // What the other vantage points said of this endpoint (--vantages-from); no "elsewhere" and
    // "verdict" fields when other vantages are not read.
    std::optional<QList<ElsewhereReading>> elsewhere;
};

QJsonObject resultToJson(const ProbeResult &result, const AttemptContext &context);
QByteArray resultToJsonLine(const ProbeResult &result, const AttemptContext &context);

} // namespace NetPulse
