#pragma once

#include <optional>

#include <QJsonObject>
#include <QtGlobal>

namespace NetPulse {

// The phases of one request, as QNetworkAccessManager lets us see them. Offsets are nanoseconds on
// a monotonic clock from the moment the probe was queued; -1 means the phase was not reached.
enum class ProbePhase
{
    Queued,
    Connecting,  // QNetworkReply::socketStartedConnecting (DNS is done by then)
    Encrypted,   // QNetworkReply::encrypted: TCP and TLS handshakes both complete
    RequestSent, // QNetworkReply::requestSent (the first time; Qt may re-send, see ProbeResult)
    Headers,     // QNetworkReply::metaDataChanged
    FirstByte,   // first body byte read
    Finished,
};

struct ProbeTimeline
{
    qint64 connectingNs = -1;
    qint64 encryptedNs = -1;
    qint64 requestSentNs = -1;     // first time the request went out
    qint64 lastRequestSentNs = -1; // last time (differs when Qt silently re-sent it)
    qint64 headersNs = -1;
    qint64 firstByteNs = -1;
    qint64 finishedNs = -1;

    bool reached(ProbePhase phase) const;

    // Derived durations in milliseconds, nullopt where a phase was not reached. Qt reports no
    // separate "TCP connected" moment for https, so there `connect` is not measured and `tls`
    // covers TCP plus TLS handshake; for http `connect` runs from connecting to request sent.
    // From the start to the first sign of a connection (Qt's queue, a name lookup, the connect
    // gate): with it, the phases add up to the total.
    std::optional<double> setupMs() const;
    std::optional<double> connectMs() const;
    std::optional<double> tlsMs() const;
    std::optional<double> ttfbMs() const;
    std::optional<double> transferMs() const;
    std::optional<double> totalMs() const;
    // {"connect", "tls", "ttfb", "transfer", "total"} in ms to the microsecond, null where not
    // reached: the one shape the headless lines and the reports both print.
    QJsonObject toJsonMs() const;
};

} // namespace NetPulse
