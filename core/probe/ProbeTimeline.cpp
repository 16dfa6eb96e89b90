#include "probe/ProbeTimeline.h"

#include <cmath>

namespace NetPulse {

namespace {

std::optional<double> span(qint64 fromNs, qint64 toNs)
{
    if (fromNs < 0 || toNs < 0 || toNs < fromNs)
        return std::nullopt;
    return double(toNs - fromNs) / 1e6;
}

} // namespace

bool ProbeTimeline::reached(ProbePhase phase) const
{
    switch (phase) {
    case ProbePhase::Queued:
        return true;
    case ProbePhase::Connecting:
        return connectingNs >= 0;
    case ProbePhase::Encrypted:
        return encryptedNs >= 0;
    case ProbePhase::RequestSent:
        return requestSentNs >= 0;
    case ProbePhase::Headers:
        return headersNs >= 0;
    case ProbePhase::FirstByte:
        return firstByteNs >= 0;
    case ProbePhase::Finished:
        return finishedNs >= 0;
    }
    return false;
}

std::optional<double> ProbeTimeline::setupMs() const
{
    return span(0, connectingNs >= 0 ? connectingNs : requestSentNs);
}

std::optional<double> ProbeTimeline::connectMs() const
{
    if (encryptedNs >= 0)
        return std::nullopt;
    return span(connectingNs, requestSentNs);
}

std::optional<double> ProbeTimeline::tlsMs() const
{
    return span(connectingNs, encryptedNs);
}

std::optional<double> ProbeTimeline::ttfbMs() const
{
    // From the request that got the answer: after a silent re-send the first one was lost.
    return span(lastRequestSentNs, headersNs);
}

std::optional<double> ProbeTimeline::transferMs() const
{
    return span(headersNs, finishedNs);
}

std::optional<double> ProbeTimeline::totalMs() const
{
    return span(0, finishedNs);
}

QJsonObject ProbeTimeline::toJsonMs() const
{
    auto ms = [](const std::optional<double> &value) {
        // Microsecond resolution is all a loopback probe needs; more digits are noise.
        return value ? QJsonValue(std::round(*value * 1000.0) / 1000.0) : QJsonValue(QJsonValue::Null);
    };
    QJsonObject timings;
    timings.insert(QStringLiteral("connect"), ms(connectMs()));
    timings.insert(QStringLiteral("tls"), ms(tlsMs()));
    timings.insert(QStringLiteral("ttfb"), ms(ttfbMs()));
    timings.insert(QStringLiteral("transfer"), ms(transferMs()));
    timings.insert(QStringLiteral("total"), ms(totalMs()));
    return timings;
}

} // namespace NetPulse
