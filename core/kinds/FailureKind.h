#pragma once

#include <optional>

#include <QMetaType>
#include <QString>

namespace NetPulse {

// The fixed vocabulary every output speaks: UI, logs, JSON, exit codes. The snake_case names are a
// contract for tools that parse headless output; never rename one.
enum class FailureKind
{
    Ok,
    ConnectionRefused,
    HostNotFound,
    ConnectTimeout,
    ResponseTimeout,
    TransferStalled,
    RemoteClosed,
    TlsError,
    HttpClientError,
    RateLimited,
    HttpServerError,
    RedirectLoop,
    ProtocolError,
    BodyTooLarge,
    Offline,
    ProxyError,
    InvalidUrl,
    Cancelled,
    NetworkError,
    CheckFailed, // the answer was HTTP-valid but failed one of the endpoint's own response checks
    // NetPulse itself could not check in time (its lanes or the machine were too busy), twice in a
    // row: a fact about this process, never about the server. Changes no state, budget or uptime.
    NetPulseBusy,
};

// Families group kinds for exit codes and for the UI's colour and icon.
enum class FailureFamily
{
    Ok,
    Usage,       // nothing was sent: the input was wrong
    Unreachable, // no connection to the server could be made
    NoResponse,  // connected, but no complete HTTP response came back
    Tls,
    Http, // the server answered with HTTP, and the answer is a failure
    Cancelled,
};

// What a kind means, in words for people. The wording lives in core so the headless output and the
// desktop UI say the same thing.
struct FailureDescription
{
    QString title;
    QString explanation;
    QString action;
};

QList<FailureKind> allFailureKinds();
QString failureKindName(FailureKind kind);
std::optional<FailureKind> failureKindFromName(const QString &name);
FailureFamily failureFamily(FailureKind kind);
QString failureFamilyName(FailureFamily family);
// Whether a result of this kind says anything about the server: false for `cancelled` and
// `netpulse_busy`, which are NetPulse's own and never change a state, a budget or the uptime.
bool isVerdictOnServer(FailureKind kind);

// Exit status of `netpulse --headless --once` for a kind; see README "Exit status".
int exitCodeForKind(FailureKind kind);

// `endpoint` is "host:port" of the probed URL and is woven into the sentences where it helps.
FailureDescription describeFailure(FailureKind kind, const QString &endpoint = {});

} // namespace NetPulse

Q_DECLARE_METATYPE(NetPulse::FailureKind)
