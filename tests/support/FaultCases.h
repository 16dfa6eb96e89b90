#pragma once

// Every failure kind the fault server can produce, with the options that produce it and what a
// probe must say: one table, used by TestProbe (each case once, plain and behind the connect gate)
// and TestFaultMatrix (each case many times, shuffled, some at once).

#include <vector>

#include <QString>
#include <QUrl>

#include "FaultServer.h"

namespace NetPulse::Test {

struct FaultCase
{
    const char *name;
    const char *where; // main, tls, silent-https, blackhole, refused, unresolvable, raw (path is the URL)
    const char *path;
    int timeoutMs;
    int deadlineMs;
    qint64 maxBody;
    bool insecure;
    const char *kind;   // the FailureKind name a probe must report
    int status;         // -1: no status
    const char *detail; // the detail must mention this (case-insensitive)
};

inline constexpr qint64 kMiB = 1 << 20;

inline const std::vector<FaultCase> &faultCases()
{
    static const std::vector<FaultCase> cases = {
        {"ok", "main", "/ok", 5000, 30000, kMiB, false, "ok", 200, "HTTP 200"},
        {"204 no content", "main", "/status/204", 5000, 30000, kMiB, false, "ok", 204, "HTTP 204"},
        {"404", "main", "/status/404", 5000, 30000, kMiB, false, "http_client_error", 404, "HTTP 404"},
        {"401", "main", "/status/401", 5000, 30000, kMiB, false, "http_client_error", 401, "HTTP 401"},
        {"408 (Qt: UnknownContentError)", "main", "/status/408", 5000, 30000, kMiB, false, "http_client_error", 408,
         "HTTP 408"},
        {"429 (Qt: UnknownContentError)", "main", "/status/429?retry_after=5", 5000, 30000, kMiB, false, "rate_limited",
         429, "HTTP 429"},
        {"500", "main", "/status/500", 5000, 30000, kMiB, false, "http_server_error", 500, "HTTP 500"},
        {"502 (Qt: UnknownServerError)", "main", "/status/502", 5000, 30000, kMiB, false, "http_server_error", 502,
         "HTTP 502"},
        {"503", "main", "/status/503", 5000, 30000, kMiB, false, "http_server_error", 503, "HTTP 503"},
        {"504 (Qt: UnknownServerError)", "main", "/status/504", 5000, 30000, kMiB, false, "http_server_error", 504,
         "HTTP 504"},
        {"nothing listening", "refused", "", 5000, 30000, kMiB, false, "connection_refused", -1, "refused"},
        {"unresolvable name", "unresolvable", "", 5000, 30000, kMiB, false, "host_not_found", -1, "HostNotFound"},
        {"SYN dropped", "blackhole", "", 300, 30000, kMiB, false, "connect_timeout", -1, "inactivity timeout of 300"},
        {"silent after request", "main", "/hang", 300, 30000, kMiB, false, "response_timeout", -1,
         "inactivity timeout of 300"},
        {"endless headers", "main", "/endless-headers?interval=20", 5000, 600, kMiB, false, "response_timeout", -1,
         "total deadline of 600"},
        // Qt signals nothing until the header section is whole; the kernel sees the bytes arrive.
        {"headers trickle, one line every 400 ms", "main", "/trickle-headers?interval=400&lines=2", 1000, 30000, kMiB,
         false, "ok", 200, "HTTP 200, 2 bytes"},
        {"body drips one byte every 200 ms", "main", "/drip?interval=200&bytes=5", 1000, 30000, kMiB, false, "ok", 200,
         "HTTP 200, 5 bytes"},
        {"header flood (256 KiB cap)", "main", "/endless-headers?interval=0", 5000, 30000, kMiB, false,
         "protocol_error", -1, "without ending"},
        {"body stalls", "main", "/stall", 300, 30000, kMiB, false, "transfer_stalled", 200, "after 100 bytes"},
        {"slow drip", "main", "/drip?interval=50&bytes=100000", 5000, 600, kMiB, false, "transfer_stalled", 200,
         "total deadline of 600"},
        {"broken chunked encoding", "main", "/bad-chunked", 400, 30000, kMiB, false, "transfer_stalled", 200,
         "inactivity timeout of 400"},
        // Qt reports the reset either as RemoteHostClosedError or as success; both end up here.
        {"reset mid-body under 200", "main", "/reset", 5000, 30000, kMiB, false, "remote_closed", 200, "100000"},
        {"closed short of Content-Length", "main", "/truncated", 5000, 30000, kMiB, false, "remote_closed", 200,
         "500 body bytes of 1000"},
        {"closed before headers", "main", "/close", 5000, 30000, kMiB, false, "remote_closed", -1,
         "peer sent nothing back"},
        {"not HTTP", "main", "/garbage", 5000, 30000, kMiB, false, "protocol_error", -1, "non-HTTP bytes"},
        {"two different Content-Lengths (RFC 9112 6.3)", "main", "/two-lengths", 5000, 30000, kMiB, false,
         "protocol_error", 200, "Content-Length is given as both 5 and 7"},
        {"redirect to file:", "main", "/redirect-to?to=file:///etc/passwd", 5000, 30000, kMiB, false, "protocol_error",
         302, "redirects to file:///etc/passwd, which is not http or https"},
        {"redirect to ftp:", "main", "/redirect-to?to=ftp://127.0.0.1/x", 5000, 30000, kMiB, false, "protocol_error",
         302, "not followed"},
        {"100 Continue, then 200", "main", "/continue", 5000, 30000, kMiB, false, "ok", 200, "HTTP 200, 2 bytes"},
        {"103 Early Hints, then 503 (Qt stops at the 103)", "main", "/early-hints", 5000, 30000, kMiB, false,
         "protocol_error", 103, "interim answer"},
        {"bare LF line endings", "main", "/bare-lf", 5000, 30000, kMiB, false, "ok", 200, "HTTP 200, 2 bytes"},
        {"HTTP/1.0, body ends with the connection", "main", "/http10", 5000, 30000, kMiB, false, "ok", 200,
         "1000 bytes"},
        {"close right after the headers", "main", "/headers-then-close", 5000, 30000, kMiB, false, "remote_closed", 200,
         "0 body bytes of 100"},
        {"reset right after the request", "main", "/reset-at-once", 5000, 30000, kMiB, false, "remote_closed", -1,
         "before any response headers"},
        {"deflate body that inflates 1000-fold (not inflated)", "main", "/deflate-bomb", 5000, 30000, kMiB, false, "ok",
         200, "32623 bytes"},
        {"redirect loop", "main", "/redirect-loop", 5000, 30000, kMiB, false, "redirect_loop", 302, "redirect"},
        {"endless body", "main", "/endless", 5000, 30000, 200000, false, "body_too_large", 200, "limit of 200000"},
        {"big body", "main", "/big?bytes=300000", 5000, 30000, 200000, false, "body_too_large", 200, "limit of 200000"},
        {"self-signed certificate", "tls", "/ok", 5000, 30000, kMiB, false, "tls_error", -1, "self-signed"},
        {"TLS port never answers the handshake", "silent-https", "", 300, 30000, kMiB, false, "tls_error", -1,
         "TLS handshake never completed"},
        {"self-signed, --insecure", "tls", "/ok", 5000, 30000, kMiB, true, "ok", 200, "HTTP 200"},
        {"unsupported scheme", "raw", "ftp://127.0.0.1/file", 5000, 30000, kMiB, false, "invalid_url", -1,
         "unsupported scheme"},
        {"no host", "raw", "http://", 5000, 30000, kMiB, false, "invalid_url", -1, "no host"},
    };
    return cases;
}

inline QUrl faultTarget(Demo::FaultServer &server, const QString &where, const QString &path)
{
    if (where == QLatin1String("tls"))
        return server.tlsUrl(path);
    if (where == QLatin1String("silent-https"))
        return server.silentUrl(QStringLiteral("https"));
    if (where == QLatin1String("blackhole"))
        return server.connectTimeoutUrl();
    if (where == QLatin1String("refused"))
        return server.refusedUrl();
    if (where == QLatin1String("unresolvable"))
        return Demo::FaultServer::unresolvableUrl();
    if (where == QLatin1String("raw"))
        return QUrl(path);
    return server.url(path);
}

} // namespace NetPulse::Test
