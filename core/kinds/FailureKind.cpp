#include "kinds/FailureKind.h"

#include <QCoreApplication>

namespace NetPulse {

namespace {

struct KindEntry
{
    FailureKind kind;
    const char *name;
    FailureFamily family;
};

// One table: adding a kind without a name or family fails the TestFailureKind round trip.
constexpr KindEntry kKinds[] = {
    {FailureKind::Ok, "ok", FailureFamily::Ok},
    {FailureKind::ConnectionRefused, "connection_refused", FailureFamily::Unreachable},
    {FailureKind::HostNotFound, "host_not_found", FailureFamily::Unreachable},
    {FailureKind::ConnectTimeout, "connect_timeout", FailureFamily::Unreachable},
    {FailureKind::ResponseTimeout, "response_timeout", FailureFamily::NoResponse},
    {FailureKind::TransferStalled, "transfer_stalled", FailureFamily::NoResponse},
    {FailureKind::RemoteClosed, "remote_closed", FailureFamily::NoResponse},
    {FailureKind::TlsError, "tls_error", FailureFamily::Tls},
    {FailureKind::HttpClientError, "http_client_error", FailureFamily::Http},
    {FailureKind::RateLimited, "rate_limited", FailureFamily::Http},
    {FailureKind::HttpServerError, "http_server_error", FailureFamily::Http},
    {FailureKind::RedirectLoop, "redirect_loop", FailureFamily::Http},
    {FailureKind::ProtocolError, "protocol_error", FailureFamily::NoResponse},
    {FailureKind::BodyTooLarge, "body_too_large", FailureFamily::Http},
    {FailureKind::Offline, "offline", FailureFamily::Unreachable},
    {FailureKind::ProxyError, "proxy_error", FailureFamily::Unreachable},
    {FailureKind::InvalidUrl, "invalid_url", FailureFamily::Usage},
    {FailureKind::Cancelled, "cancelled", FailureFamily::Cancelled},
    {FailureKind::NetworkError, "network_error", FailureFamily::NoResponse},
    {FailureKind::CheckFailed, "check_failed", FailureFamily::Http},
    {FailureKind::NetPulseBusy, "netpulse_busy", FailureFamily::Cancelled},
};

const KindEntry &entryFor(FailureKind kind)
{
    for (const KindEntry &entry : kKinds) {
        if (entry.kind == kind)
            return entry;
    }
    return entryFor(FailureKind::NetworkError); // every kind is in the table: never reached
}

// The words' context for translators: lupdate reads it from this declaration, and tr() uses it.
class FailureKindWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::FailureKind)
};

} // namespace

QList<FailureKind> allFailureKinds()
{
    QList<FailureKind> kinds;
    for (const KindEntry &entry : kKinds)
        kinds.append(entry.kind);
    return kinds;
}

QString failureKindName(FailureKind kind)
{
    return QString::fromLatin1(entryFor(kind).name);
}

std::optional<FailureKind> failureKindFromName(const QString &name)
{
    for (const KindEntry &entry : kKinds) {
        if (name == QLatin1String(entry.name))
            return entry.kind;
    }
    return std::nullopt;
}

FailureFamily failureFamily(FailureKind kind)
{
    return entryFor(kind).family;
}

QString failureFamilyName(FailureFamily family)
{
    switch (family) {
    case FailureFamily::Ok:
        return QStringLiteral("ok");
    case FailureFamily::Usage:
        return QStringLiteral("usage");
    case FailureFamily::Unreachable:
        return QStringLiteral("unreachable");
    case FailureFamily::NoResponse:
        return QStringLiteral("no_response");
    case FailureFamily::Tls:
        return QStringLiteral("tls");
    case FailureFamily::Http:
        return QStringLiteral("http");
    case FailureFamily::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("no_response");
}

bool isVerdictOnServer(FailureKind kind)
{
    return kind != FailureKind::Cancelled && kind != FailureKind::NetPulseBusy;
}

int exitCodeForKind(FailureKind kind)
{
    // 1 is left to crashes and unexpected errors, 2 is usage, as in most Unix tools.
    switch (failureFamily(kind)) {
    case FailureFamily::Ok:
        return 0;
    case FailureFamily::Usage:
        return 2;
    case FailureFamily::Unreachable:
        return 3;
    case FailureFamily::NoResponse:
        return 4;
    case FailureFamily::Tls:
        return 5;
    case FailureFamily::Http:
        return 6;
    case FailureFamily::Cancelled:
        return 7;
    }
    return 1;
}

FailureDescription describeFailure(FailureKind kind, const QString &endpoint)
{
    const QString where = endpoint.isEmpty() ? FailureKindWords::tr("the server") : endpoint;
    switch (kind) {
    case FailureKind::Ok:
        return {FailureKindWords::tr("OK"),
                FailureKindWords::tr("The service answered with a complete, successful response."), QString()};
    case FailureKind::ConnectionRefused:
        return {FailureKindWords::tr("Connection refused"),
                FailureKindWords::tr("Nothing is listening at %1.").arg(where),
                FailureKindWords::tr("Is the server running, and on this port?")};
    case FailureKind::HostNotFound:
        return {FailureKindWords::tr("Host not found"),
                FailureKindWords::tr("The name in the URL could not be resolved to an address."),
                FailureKindWords::tr("Check the host name for typos, and that DNS (or /etc/hosts) knows it.")};
    case FailureKind::ConnectTimeout:
        return {FailureKindWords::tr("No answer to connect"),
                FailureKindWords::tr("%1 did not answer the connection attempt in time.").arg(where),
                FailureKindWords::tr("Is a firewall dropping packets, or is the host down or overloaded?")};
    case FailureKind::ResponseTimeout:
        return {FailureKindWords::tr("Server not responding"),
                FailureKindWords::tr(
                    "Connected to %1 and sent the request, but no complete response headers came back in time.")
                    .arg(where),
                FailureKindWords::tr("The server may be stuck or overloaded: check its logs and worker pool.")};
    case FailureKind::TransferStalled:
        return {FailureKindWords::tr("Transfer stalled"),
                FailureKindWords::tr("The server started answering, then the body stopped arriving."),
                FailureKindWords::tr("The server or something between may be stuck mid-response; check its logs.")};
    case FailureKind::RemoteClosed:
        return {FailureKindWords::tr("Connection closed early"),
                FailureKindWords::tr("%1 closed or reset the connection before the response was complete.").arg(where),
                FailureKindWords::tr("The server may have crashed or restarted mid-request; check its logs.")};
    case FailureKind::TlsError:
        return {
            FailureKindWords::tr("TLS failure"),
            FailureKindWords::tr("The secure connection to %1 could not be established or trusted.").arg(where),
            FailureKindWords::tr("Check the certificate (expiry, host name, issuer) and that the port speaks TLS.")};
    case FailureKind::HttpClientError:
        return {FailureKindWords::tr("Request rejected"),
                FailureKindWords::tr("The server answered, but refused this request (HTTP 4xx)."),
                FailureKindWords::tr("Check the URL path, method, headers and credentials.")};
    case FailureKind::RateLimited:
        return {FailureKindWords::tr("Rate limited"),
                FailureKindWords::tr("The server is asking us to slow down (HTTP 429)."),
                FailureKindWords::tr("Probe less often, or wait for the time the server asks (Retry-After).")};
    case FailureKind::HttpServerError:
        return {FailureKindWords::tr("Server error"),
                FailureKindWords::tr("The server answered with an error of its own (HTTP 5xx)."),
                FailureKindWords::tr("The server is up but failing: its response body and logs usually say why.")};
    case FailureKind::RedirectLoop:
        return {FailureKindWords::tr("Redirect loop"),
                FailureKindWords::tr("The server kept redirecting without ever reaching a final answer."),
                FailureKindWords::tr("Check the server's redirect rules (often http/https or trailing-slash rules).")};
    case FailureKind::ProtocolError:
        return {FailureKindWords::tr("Not HTTP"),
                FailureKindWords::tr("Something at %1 answered, but not with HTTP.").arg(where),
                FailureKindWords::tr("Is this the right port? It may belong to another service, or need https.")};
    case FailureKind::BodyTooLarge:
        return {
            FailureKindWords::tr("Response too large"),
            FailureKindWords::tr("The response body went past the size limit, so it was cut off."),
            FailureKindWords::tr("Raise the body limit if this size is expected, or check for a runaway response.")};
    case FailureKind::Offline:
        return {FailureKindWords::tr("This machine is offline"),
                FailureKindWords::tr("This computer has no usable network, so the server was not tried."),
                FailureKindWords::tr("Check your own network connection (Wi-Fi, cable, VPN).")};
    case FailureKind::ProxyError:
        return {FailureKindWords::tr("Proxy failure"),
                FailureKindWords::tr("The proxy between us and the server failed or refused the request."),
                FailureKindWords::tr("Check the proxy address, that it is running, and its credentials.")};
    case FailureKind::InvalidUrl:
        return {FailureKindWords::tr("Invalid URL"),
                FailureKindWords::tr("The URL cannot be probed, so nothing was sent."),
                FailureKindWords::tr("Fix the URL: it needs http:// or https://, a host, and a valid port.")};
    case FailureKind::Cancelled:
        return {FailureKindWords::tr("Cancelled"), FailureKindWords::tr("The probe was stopped before it finished."),
                QString()};
    case FailureKind::NetworkError:
        return {FailureKindWords::tr("Network error"),
                FailureKindWords::tr("The request failed with an error that fits no other category."),
                FailureKindWords::tr("See the technical detail below.")};
    case FailureKind::CheckFailed:
        return {FailureKindWords::tr("Check failed"),
                FailureKindWords::tr("The server answered, but the answer failed one of this endpoint's checks."),
                FailureKindWords::tr(
                    "Compare what was seen with what the check expects: the service, or the check, is wrong.")};
    case FailureKind::NetPulseBusy:
        return {FailureKindWords::tr("NetPulse was too busy to check in time"),
                FailureKindWords::tr("The check was held up inside NetPulse, twice: this says nothing about %1, "
                                     "and its state, retries and uptime are unchanged.")
                    .arg(where),
                FailureKindWords::tr("If this recurs, watch fewer endpoints or less often, give NetPulse more "
                                     "probe threads (--probe-threads), or look for what keeps this machine busy.")};
    }
    return {FailureKindWords::tr("Network error"), QString(), QString()};
}

} // namespace NetPulse
