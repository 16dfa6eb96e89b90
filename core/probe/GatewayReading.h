#pragma once

#include <optional>

#include <QJsonObject>
#include <QString>

#include "kinds/FailureKind.h"
#include "probe/ProbeOptions.h"

namespace NetPulse {

// What a gateway's own error answer says happened behind it. Where the product names the origin's
// failure exactly (Squid's errno, Cloudflare's 521, Envoy's reset reason), that is `origin` and the
// words are the vocabulary's; where it does not (nginx's bare 502), only what is known is said.
enum class GatewaySays
{
    Origin,                // `origin` says it: the vocabulary's words for that kind
    RefusedResetOrGarbage, // 502 from nginx, Caddy, lighttpd: refused, reset, TLS failed, or no valid HTTP
    TimedOut,              // 504: no answer in time (the connect or the answer; the product does not say which)
    NoServerAvailable,     // HAProxy 503, Envoy "no healthy upstream", an AWS load balancer's 503
    InvalidAnswer,         // HAProxy 502, an AWS load balancer's 502: closed early or not valid HTTP
    FetchFailed,           // Varnish "Backend fetch failed": could not fetch, for whatever reason
    ReadFailed,            // Apache "Error reading from remote server": reset, closed or timed out
    ConnectFailed,         // tinyproxy "Unable to connect", Apache's and lighttpd's 503: no connection made
    Unreachable,           // Cloudflare 523, Squid's "no route": the origin's network could not be reached
    UnknownAnswer,         // Cloudflare 520: empty, unknown or unexpected
    OwnError,              // the gateway failed itself (its own 500)
    Unsaid,                // a gateway answered with an error and says nothing about why
};

// A gateway recognised from evidence it really sends (a Server or Via header, a product header
// such as cf-ray or X-Squid-Error, the marks of its own error page), never from a status alone; or,
// with an empty product, a 502 or 504, which HTTP lets only gateways and proxies send.
struct GatewayReport
{
    QString product;                   // "nginx", "HAProxy", "Squid", …; empty: a gateway, product unknown
    std::optional<FailureKind> origin; // the service's own failure, when the product says it
    QString evidence;                  // what it was recognised by, as seen ("Server: nginx/1.22.1")
    GatewaySays says = GatewaySays::Unsaid;

    bool operator==(const GatewayReport &other) const
    {
        return product == other.product && origin == other.origin && evidence == other.evidence && says == other.says;
    }

    // "the service behind it refused the connection": what happened behind the gateway, in words.
    QString behind() const;
    // The product, or "A gateway" when unknown, for the start of a sentence.
    QString name() const;
    // {"product": "nginx" | null, "origin": "connection_refused" | null, "evidence": "Server: nginx/1.22.1"}:
    // the JSON line's and the reports' `gateway` (docs/path.md).
    QJsonObject toJson() const;
};

class GatewayReading
{
public:
    // Reads an error answer (status ≥ 500, or Cloudflare's 52x and 530). Nothing for other
    // answers: a Server header on a 200 is the origin's, or says nothing about what lies behind.
    static std::optional<GatewayReport> read(int status, const HeaderList &headers, const QByteArray &body);
};

} // namespace NetPulse
