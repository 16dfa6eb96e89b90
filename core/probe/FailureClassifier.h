#pragma once

#include <optional>

#include <QNetworkReply>

#include "kinds/FailureKind.h"
#include "probe/ConnectionDiagnosis.h"

namespace NetPulse {

// Who ended a probe early, and why. Qt reports all of these as OperationCanceledError, so the
// probe keeps its own record; the classifier never guesses it from Qt's error.
enum class AbortReason
{
    None,
    InactivityTimeout, // nothing happened for the inactivity timeout
    TotalDeadline,     // the probe as a whole ran past its deadline (drip, endless headers…)
    BodyTooLarge,
    HeaderTooLarge, // the header section passed what any server sends, without ending
    // The kernel shows no connection left to the server while Qt still waits for the answer: Qt
    // 6.4 now and then closes a connection the server closed without reporting it.
    ClosedUnreported,
    Cancelled, // the user or the owner stopped it
};

// The machine's own connectivity as far as the platform can tell. Only Disconnected is trusted:
// some backends say Online when the machine is not (Qt 6.4's glib backend in a container).
enum class Reachability
{
    Unknown,
    Online,
    Disconnected
};

// Everything observed about a finished request, independent of any live QNetworkReply, so the
// decision table can be tested with plain values.
struct ProbeObservation
{
    bool isHttps = false;
    bool isLoopbackHost = false;
    bool hostIsAddress = false; // an IP literal: no DNS involved
    QString proxy;              // "host:port" when the request went through a proxy
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    std::optional<int> httpStatus;
    bool connectingStarted = false;
    bool encrypted = false;
    bool requestSent = false;
    bool headersReceived = false;
    qint64 bytesReceived = 0;
    qint64 headerBytes = 0; // bytes of a header section not yet whole (HeaderArrivalWatch)
    std::optional<qint64> contentLength;
    AbortReason abortReason = AbortReason::None;
    int inactivityTimeoutMs = 0;
    int totalDeadlineMs = 0;
    qint64 maxBodyBytes = 0;
    QStringList sslErrors;
    // Set when the response headers break HTTP/1.1's framing rules (two different Content-Length
    // values, RFC 9112 §6.3): such a message cannot be read reliably, whatever its status says.
    QString framingProblem;
    QString location; // a 3xx answer's Location, redacted
    Reachability reachability = Reachability::Unknown;
    std::optional<DiagnosisReport> diagnosis;
};

struct Classification
{
    FailureKind kind = FailureKind::NetworkError;
    QString detail;
    // Set when the observation alone is ambiguous: run this diagnosis, then classify again with
    // the report filled in.
    std::optional<DiagnosisReport::Mode> needsDiagnosis;
};

class FailureClassifier
{
public:
    static Classification classify(const ProbeObservation &observation);
    // HTTP status alone: 2xx/3xx ok, 429 rate_limited, other 4xx client, 5xx server.
    static FailureKind kindForStatus(int status);
    static QString errorName(QNetworkReply::NetworkError error);
};

} // namespace NetPulse
