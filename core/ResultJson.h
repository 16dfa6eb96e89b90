#pragma once

#include "ProbeResult.h"

#include <QJsonObject>

#include <optional>

namespace NetPulse {

// The headless line format: one JSON object per attempt. Field names are a contract (see README,
// "Headless output"); add fields, never rename or remove one.
struct AttemptContext
{
    int attempt = 1;
    std::optional<qint64> retryInMs; // null until a retry schedule exists
};

QJsonObject resultToJson(const ProbeResult &result, const AttemptContext &context);
QByteArray resultToJsonLine(const ProbeResult &result, const AttemptContext &context);

} // namespace NetPulse
