#include "probe/GatewayReading.h"

#include <QCoreApplication>

namespace NetPulse {

namespace {

// Each product's own words, as its error pages and headers carry them (docs/path.md lists where
// each is documented or was seen). Matched case-sensitively where the product always writes them so.
constexpr char kHaproxyNoServer[] = "No server is available to handle this request.";
constexpr char kHaproxyTimeout[] = "The server didn't respond in time.";
constexpr char kHaproxyInvalid[] = "The server returned an invalid or incomplete response.";
constexpr char kEnvoyReset[] = "upstream connect error or disconnect/reset before headers";

QString shortened(const QByteArray &value)
{
    QString text = QString::fromLatin1(value).simplified();
    if (text.size() > 80)
        text = text.left(79) + QChar(0x2026);
    return text;
}

QString headerEvidence(const char *name, const QByteArray &value)
{
    return QLatin1String(name) + QStringLiteral(": ") + shortened(value);
}

GatewayReport report(const char *product, GatewaySays says, QString evidence,
                     std::optional<FailureKind> origin = std::nullopt)
{
    GatewayReport r;
    r.product = QLatin1String(product);
    r.says = origin ? GatewaySays::Origin : says;
    r.origin = origin;
    r.evidence = std::move(evidence);
    return r;
}

// The meaning a 502/503/504 has for most reverse proxies that do not say more.
GatewaySays plainGatewayStatus(int status)
{
    switch (status) {
    case 502:
        return GatewaySays::RefusedResetOrGarbage;
    case 504:
        return GatewaySays::TimedOut;
    case 500:
        return GatewaySays::OwnError;
    default:
        return GatewaySays::Unsaid;
    }
}

// Squid writes "X-Squid-Error: ERR_CONNECT_FAIL 111": its error page's name and the errno it got.
std::optional<GatewayReport> squid(const HeaderList &headers)
{
    const QByteArray value = headerValue(headers, "X-Squid-Error").trimmed();
    if (value.isEmpty())
        return std::nullopt;
    const QList<QByteArray> parts = value.split(' ');
    const QByteArray code = parts.value(0);
    const int error = parts.value(1).toInt();
    const QString evidence = headerEvidence("X-Squid-Error", value);
    if (code == "ERR_CONNECT_FAIL") {
        if (error == 111)
            return report("Squid", GatewaySays::Origin, evidence, FailureKind::ConnectionRefused);
        if (error == 110)
            return report("Squid", GatewaySays::Origin, evidence, FailureKind::ConnectTimeout);
        if (error == 101 || error == 113)
            return report("Squid", GatewaySays::Unreachable, evidence);
        return report("Squid", GatewaySays::ConnectFailed, evidence);
    }
    if (code == "ERR_READ_TIMEOUT")
        return report("Squid", GatewaySays::Origin, evidence, FailureKind::ResponseTimeout);
    if (code == "ERR_ZERO_SIZE_OBJECT" || (code == "ERR_READ_ERROR" && error == 104))
        return report("Squid", GatewaySays::Origin, evidence, FailureKind::RemoteClosed);
    if (code == "ERR_DNS_FAIL")
        return report("Squid", GatewaySays::Origin, evidence, FailureKind::HostNotFound);
    if (code == "ERR_INVALID_RESP")
        return report("Squid", GatewaySays::Origin, evidence, FailureKind::ProtocolError);
    if (code == "ERR_SECURE_CONNECT_FAIL")
        return report("Squid", GatewaySays::Origin, evidence, FailureKind::TlsError);
    if (code == "ERR_READ_ERROR")
        return report("Squid", GatewaySays::ReadFailed, evidence);
    return report("Squid", GatewaySays::Unsaid, evidence);
}

// Cloudflare's 52x are its own statuses, each documented with what failed between it and the origin.
std::optional<GatewayReport> cloudflare(int status, const HeaderList &headers)
{
    const QByteArray server = headerValue(headers, "Server");
    const QByteArray ray = headerValue(headers, "cf-ray");
    QString evidence;
    if (server.trimmed().compare("cloudflare", Qt::CaseInsensitive) == 0)
        evidence = headerEvidence("Server", server);
    else if (!ray.isEmpty())
        evidence = headerEvidence("cf-ray", ray);
    else
        return std::nullopt;
    // Cloudflare stamps the origin's own answers too: only its own statuses are its words.
    if (status < 520 || status > 530)
        return std::nullopt;
    evidence += QStringLiteral(", HTTP %1").arg(status);
    switch (status) {
    case 520:
        return report("Cloudflare", GatewaySays::UnknownAnswer, evidence);
    case 521:
        return report("Cloudflare", GatewaySays::Origin, evidence, FailureKind::ConnectionRefused);
    case 522:
        return report("Cloudflare", GatewaySays::Origin, evidence, FailureKind::ConnectTimeout);
    case 523:
        return report("Cloudflare", GatewaySays::Unreachable, evidence);
    case 524:
        return report("Cloudflare", GatewaySays::Origin, evidence, FailureKind::ResponseTimeout);
    case 525:
    case 526:
        return report("Cloudflare", GatewaySays::Origin, evidence, FailureKind::TlsError);
    default:
        return report("Cloudflare", plainGatewayStatus(status), evidence);
    }
}

// Envoy says in its body why the upstream failed: "… reset reason: connection failure, transport
// failure reason: delayed connect error: 111".
std::optional<GatewayReport> envoy(int status, const HeaderList &headers, const QByteArray &body)
{
    const QByteArray server = headerValue(headers, "Server");
    const bool byServer = server.trimmed().compare("envoy", Qt::CaseInsensitive) == 0;
    const bool byBody = body.contains(kEnvoyReset) || body.startsWith("no healthy upstream") ||
                        body.startsWith("upstream request timeout");
    if (!byServer && !byBody)
        return std::nullopt;
    const QString evidence =
        byBody ? QStringLiteral("body: ") + shortened(body.left(200)) : headerEvidence("Server", server);
    if (body.startsWith("upstream request timeout"))
        return report("Envoy", GatewaySays::Origin, evidence, FailureKind::ResponseTimeout);
    if (body.startsWith("no healthy upstream"))
        return report("Envoy", GatewaySays::NoServerAvailable, evidence);
    if (body.contains(kEnvoyReset)) {
        if (body.contains("connect error: 111") || body.contains("Connection refused"))
            return report("Envoy", GatewaySays::Origin, evidence, FailureKind::ConnectionRefused);
        if (body.contains("reset reason: connection timeout"))
            return report("Envoy", GatewaySays::Origin, evidence, FailureKind::ConnectTimeout);
        if (body.contains("TLS_error") || body.contains("TLS error"))
            return report("Envoy", GatewaySays::Origin, evidence, FailureKind::TlsError);
        if (body.contains("reset reason: remote reset") || body.contains("reset reason: connection termination"))
            return report("Envoy", GatewaySays::Origin, evidence, FailureKind::RemoteClosed);
        if (body.contains("reset reason: connection failure"))
            return report("Envoy", GatewaySays::ConnectFailed, evidence);
    }
    return report("Envoy", plainGatewayStatus(status), evidence);
}

std::optional<GatewayReport> byServerHeader(int status, const HeaderList &headers, const QByteArray &body)
{
    const QByteArray server = headerValue(headers, "Server").trimmed();
    const QString evidence = headerEvidence("Server", server);
    auto serverIs = [&](const char *product) {
        return server.startsWith(product) && (server.size() == qsizetype(qstrlen(product)) ||
                                              server.at(qstrlen(product)) == '/' || server.at(qstrlen(product)) == ' ');
    };
    // nginx's own error pages end "<hr><center>nginx/1.22.1</center>"; an application's 500
    // passed through nginx keeps its own body and is the application's, not nginx's.
    if (serverIs("nginx") || serverIs("openresty")) {
        const char *product = serverIs("nginx") ? "nginx" : "OpenResty";
        if (!body.contains("<hr><center>"))
            return std::nullopt;
        return report(product, plainGatewayStatus(status), evidence + QStringLiteral(", its own error page"));
    }
    // Caddy's reverse proxy answers its errors with an empty body.
    if (serverIs("Caddy")) {
        if (!body.isEmpty())
            return std::nullopt;
        return report("Caddy", plainGatewayStatus(status), evidence + QStringLiteral(", an empty error answer"));
    }
    if (serverIs("Apache")) {
        // mod_proxy with SSLProxyEngine answers an https backend it cannot verify or shake hands
        // with as 500 "Proxy Error", with the reason on the page.
        if (status == 500 && body.contains("<title>500 Proxy Error</title>") &&
            body.contains("Error during SSL Handshake with remote server"))
            return report("Apache httpd", GatewaySays::Origin, evidence + QStringLiteral(", its Proxy Error page"),
                          FailureKind::TlsError);
        if (body.contains("<title>502 Proxy Error</title>")) {
            const QString page = evidence + QStringLiteral(", its Proxy Error page");
            if (body.contains("Error reading from remote server"))
                return report("Apache httpd", GatewaySays::ReadFailed, page);
            if (body.contains("DNS lookup failure"))
                return report("Apache httpd", GatewaySays::Origin, page, FailureKind::HostNotFound);
            return report("Apache httpd", GatewaySays::InvalidAnswer, page);
        }
        // mod_proxy answers a backend it cannot connect to with Apache's default 503 page.
        if (status == 503 && body.contains("The server is temporarily unable to service your"))
            return report("Apache httpd", GatewaySays::ConnectFailed,
                          evidence + QStringLiteral(", its Service Unavailable page"));
        if (status == 504 && body.contains("<title>504 Gateway Timeout</title>"))
            return report("Apache httpd", GatewaySays::TimedOut,
                          evidence + QStringLiteral(", its Gateway Timeout page"));
        return std::nullopt;
    }
    if (serverIs("lighttpd")) {
        if (!body.contains(QByteArray(QByteArray("<h1>") + QByteArray::number(status))))
            return std::nullopt;
        // mod_proxy answers 503 when it cannot connect to any backend, and 500 when a backend
        // took the request and then reset or closed without an answer (its error log says which).
        const GatewaySays says = status == 503   ? GatewaySays::ConnectFailed
                                 : status == 500 ? GatewaySays::InvalidAnswer
                                                 : plainGatewayStatus(status);
        return report("lighttpd", says, evidence + QStringLiteral(", its own error page"));
    }
    if (serverIs("tinyproxy")) {
        // "Tinyproxy was unable to connect to the remote web server": refused, unreachable, or
        // the name did not resolve; tinyproxy says the same for all.
        if (body.contains("Tinyproxy was unable to connect"))
            return report("tinyproxy", GatewaySays::ConnectFailed,
                          evidence + QStringLiteral(", \"Unable to connect\""));
        return report("tinyproxy", plainGatewayStatus(status), evidence);
    }
    if (serverIs("awselb")) {
        switch (status) {
        case 502:
            return report("AWS load balancer", GatewaySays::InvalidAnswer, evidence);
        case 503:
            return report("AWS load balancer", GatewaySays::NoServerAvailable, evidence);
        default:
            return report("AWS load balancer", plainGatewayStatus(status), evidence);
        }
    }
    // Google's front end passes the application's own errors on with its Server header: only a
    // 502 or 504, which HTTP reserves for gateways, is its own.
    if ((server == "Google Frontend" || server == "gfe" || server.startsWith("GFE/")) &&
        (status == 502 || status == 504))
        return report("Google Front End", plainGatewayStatus(status), evidence);
    return std::nullopt;
}

} // namespace

std::optional<GatewayReport> GatewayReading::read(int status, const HeaderList &headers, const QByteArray &body)
{
    if (status < 500 || status > 599)
        return std::nullopt;
    if (auto found = squid(headers))
        return found;
    if (auto found = cloudflare(status, headers))
        return found;
    if (auto found = envoy(status, headers, body))
        return found;
    // HAProxy sends no Server header; its error pages are the evidence.
    if (body.contains(kHaproxyNoServer))
        return report("HAProxy", GatewaySays::NoServerAvailable,
                      QStringLiteral("body: ") + QLatin1String(kHaproxyNoServer));
    if (body.contains(kHaproxyTimeout))
        return report("HAProxy", GatewaySays::Origin, QStringLiteral("body: ") + QLatin1String(kHaproxyTimeout),
                      FailureKind::ResponseTimeout);
    if (body.contains(kHaproxyInvalid))
        return report("HAProxy", GatewaySays::InvalidAnswer, QStringLiteral("body: ") + QLatin1String(kHaproxyInvalid));
    // Varnish marks what it serves with Via and X-Varnish; "Backend fetch failed" is its own page.
    const QByteArray via = headerValue(headers, "Via");
    if (via.contains("varnish") || hasHeader(headers, "X-Varnish")) {
        if (body.contains("Backend fetch failed"))
            return report("Varnish", GatewaySays::FetchFailed,
                          headerEvidence("Via", via) + QStringLiteral(", \"Backend fetch failed\""));
    }
    if (auto found = byServerHeader(status, headers, body))
        return found;
    // Google's front end also marks itself in Via.
    if (via.contains("google") && (status == 502 || status == 504))
        return report("Google Front End", plainGatewayStatus(status), headerEvidence("Via", via));
    // RFC 9110 §15.6.3 and §15.6.5: 502 and 504 come from a gateway or proxy by definition.
    if (status == 502 || status == 504) {
        GatewayReport unknown;
        unknown.says = plainGatewayStatus(status);
        unknown.evidence = QStringLiteral("HTTP %1, which only a gateway or proxy sends").arg(status);
        return unknown;
    }
    return std::nullopt;
}

QJsonObject GatewayReport::toJson() const
{
    QJsonObject object;
    object.insert(QStringLiteral("product"), product.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(product));
    object.insert(QStringLiteral("origin"),
                  origin ? QJsonValue(failureKindName(*origin)) : QJsonValue(QJsonValue::Null));
    object.insert(QStringLiteral("evidence"), evidence);
    return object;
}

QString GatewayReport::name() const
{
    return product.isEmpty() ? QCoreApplication::translate("NetPulse::Gateway", "A gateway") : product;
}

QString GatewayReport::behind() const
{
    switch (says) {
    case GatewaySays::Origin:
        switch (origin.value_or(FailureKind::NetworkError)) {
        case FailureKind::ConnectionRefused:
            return QCoreApplication::translate("NetPulse::Gateway", "the service behind it refused the connection");
        case FailureKind::ConnectTimeout:
            return QCoreApplication::translate("NetPulse::Gateway",
                                               "the service behind it did not answer the connection attempt "
                                               "in time");
        case FailureKind::ResponseTimeout:
            return QCoreApplication::translate("NetPulse::Gateway", "the service behind it did not answer in time");
        case FailureKind::RemoteClosed:
            return QCoreApplication::translate("NetPulse::Gateway",
                                               "the service behind it closed or reset the connection before "
                                               "answering");
        case FailureKind::HostNotFound:
            return QCoreApplication::translate("NetPulse::Gateway",
                                               "the name of the service behind it could not be resolved");
        case FailureKind::ProtocolError:
            return QCoreApplication::translate("NetPulse::Gateway",
                                               "the service behind it answered, but not with valid HTTP");
        case FailureKind::TlsError:
            return QCoreApplication::translate("NetPulse::Gateway",
                                               "the secure connection to the service behind it failed");
        default:
            return QCoreApplication::translate("NetPulse::Gateway", "the service behind it failed");
        }
    case GatewaySays::RefusedResetOrGarbage:
        return QCoreApplication::translate("NetPulse::Gateway",
                                           "the service behind it refused the connection, reset it, failed "
                                           "the secure connection, or did not answer with valid HTTP");
    case GatewaySays::TimedOut:
        return QCoreApplication::translate("NetPulse::Gateway", "the service behind it did not answer in time");
    case GatewaySays::NoServerAvailable:
        return QCoreApplication::translate("NetPulse::Gateway",
                                           "it has no working server behind it (each is down, refusing, or "
                                           "failing its health check)");
    case GatewaySays::InvalidAnswer:
        return QCoreApplication::translate("NetPulse::Gateway",
                                           "the service behind it closed the connection early or did not "
                                           "answer with valid HTTP");
    case GatewaySays::FetchFailed:
        return QCoreApplication::translate("NetPulse::Gateway",
                                           "it could not fetch the answer from the service behind it");
    case GatewaySays::ReadFailed:
        return QCoreApplication::translate("NetPulse::Gateway",
                                           "reading the answer of the service behind it failed (reset, "
                                           "closed or too slow)");
    case GatewaySays::ConnectFailed:
        return QCoreApplication::translate("NetPulse::Gateway", "it could not connect to the service behind it");
    case GatewaySays::Unreachable:
        return QCoreApplication::translate("NetPulse::Gateway", "the service behind it could not be reached");
    case GatewaySays::UnknownAnswer:
        return QCoreApplication::translate("NetPulse::Gateway",
                                           "the service behind it gave an empty or unexpected answer");
    case GatewaySays::OwnError:
        return QCoreApplication::translate("NetPulse::Gateway",
                                           "it failed itself, before or after the service behind it");
    case GatewaySays::Unsaid:
        break;
    }
    return QCoreApplication::translate("NetPulse::Gateway", "it does not say what happened behind it");
}

} // namespace NetPulse
