#include "probe/ProbePath.h"

#include <cmath>

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>

#include "probe/Redactor.h"

namespace NetPulse {

namespace {

bool isLoopbackName(const QString &host)
{
    const QHostAddress address(host);
    return address.isLoopback() || host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
           host.endsWith(QLatin1String(".localhost"), Qt::CaseInsensitive);
}

} // namespace

QList<PathStep> ProbePath::steps(const ProbeResult &r)
{
    const QUrl &url = r.redirects.isEmpty() ? r.url : r.redirects.constLast();
    const QString host = url.host();
    const bool https = url.scheme() == QLatin1String("https");
    const FailureKind kind = r.kind;
    const ProbeTimeline &t = r.timeline;
    // A certificate came back: the TCP connect was made, though Qt marks no moment for it on https.
    const bool connected = t.requestSentNs >= 0 || t.encryptedNs >= 0 || t.headersNs >= 0 || r.httpStatus.has_value() ||
                           !r.certificateProblems.isEmpty();
    const bool connecting = t.connectingNs >= 0 || connected || !r.addresses.isEmpty();
    const QString notSeen = QStringLiteral("not_seen");
    QList<PathStep> steps;

    // This machine's network: failed when NetPulse found the machine offline; seen working when a
    // connection left it (loopback never needs it).
    PathStep network{QStringLiteral("network"), notSeen, {}, {}};
    if (kind == FailureKind::Offline)
        network.outcome = QStringLiteral("failed");
    else if (isLoopbackName(host) || !r.proxy.isEmpty())
        network.outcome = QStringLiteral("not_needed");
    else if (connected)
        network.outcome = QStringLiteral("ok");
    steps.append(network);

    // Each redirect Qt followed is a step of its own; the steps after them are the last hop's.
    for (qsizetype i = 0; i < r.redirects.size(); ++i) {
        const QUrl &from = i == 0 ? r.url : r.redirects.at(i - 1);
        steps.append({QStringLiteral("redirect"),
                      QStringLiteral("ok"),
                      QStringLiteral("%1 to %2").arg(endpointOf(from), Redactor::redactUrl(r.redirects.at(i))),
                      {}});
    }

    // Through a proxy, the lookup and the connect are the proxy's: the path from here is to it.
    PathStep lookup{QStringLiteral("lookup"), notSeen, {}, {}};
    if (!r.proxy.isEmpty()) {
        lookup.outcome = QStringLiteral("not_needed");
        lookup.note = QStringLiteral("through proxy %1").arg(r.proxy);
    } else if (!QHostAddress(host).isNull()) {
        lookup.outcome = QStringLiteral("not_needed");
    } else if (kind == FailureKind::HostNotFound) {
        lookup.outcome = QStringLiteral("failed");
        if (r.dns)
            lookup.note =
                r.dns->answer + (r.dns->server.isEmpty() ? QString() : QStringLiteral(" from ") + r.dns->server);
    } else if (connecting) {
        lookup.outcome = QStringLiteral("ok");
    }
    steps.append(lookup);

    PathStep connect{QStringLiteral("connect"), notSeen, {}, {}};
    QStringList tried;
    for (const ProbeResult::AddressOutcome &address : r.addresses)
        tried.append(address.address + QLatin1Char(' ') + address.outcome);
    connect.note = tried.join(QStringLiteral("; "));
    if (kind == FailureKind::ConnectionRefused || kind == FailureKind::ConnectTimeout ||
        (kind == FailureKind::ProxyError && !connected)) {
        connect.outcome = QStringLiteral("failed");
        if (connect.note.isEmpty())
            connect.note =
                kind == FailureKind::ConnectTimeout ? QStringLiteral("no answer") : QStringLiteral("refused");
    } else if (connected) {
        connect.outcome = QStringLiteral("ok");
        connect.ms = t.connectMs();
    }
    steps.append(connect);

    if (https && r.proxy.isEmpty()) {
        PathStep tls{QStringLiteral("tls"), notSeen, {}, {}};
        if (kind == FailureKind::TlsError) {
            tls.outcome = QStringLiteral("failed");
            QStringList codes;
            for (const CertificateProblem &problem : r.certificateProblems)
                codes.append(problem.code);
            tls.note = codes.join(QStringLiteral(", "));
        } else if (t.encryptedNs >= 0) {
            tls.outcome = QStringLiteral("ok");
            tls.ms = t.tlsMs();
        }
        steps.append(tls);
    }

    if (r.gateway) {
        const QString product = r.gateway->product.isEmpty() ? QStringLiteral("gateway") : r.gateway->product;
        steps.append({QStringLiteral("gateway"), QStringLiteral("ok"),
                      QStringLiteral("%1, HTTP %2").arg(product).arg(r.httpStatus.value_or(0)), t.ttfbMs()});
    }

    PathStep service{QStringLiteral("service"), notSeen, {}, {}};
    if (r.gateway) {
        // What the gateway says of it; unknown when it does not say.
        service.outcome = QStringLiteral("failed");
        service.note = r.gateway->origin ? failureKindName(*r.gateway->origin) : QString();
    } else if (kind == FailureKind::Ok ||
               (kind == FailureKind::CheckFailed && r.failedCheck == QLatin1String("page_origin"))) {
        service.outcome = QStringLiteral("ok");
        service.note = QStringLiteral("HTTP %1").arg(r.httpStatus.value_or(0));
        service.ms = t.ttfbMs();
    } else if (r.httpStatus || kind == FailureKind::ResponseTimeout || kind == FailureKind::TransferStalled ||
               kind == FailureKind::RemoteClosed || kind == FailureKind::ProtocolError ||
               kind == FailureKind::BodyTooLarge || kind == FailureKind::CheckFailed) {
        service.outcome = QStringLiteral("failed");
        service.note = r.httpStatus ? QStringLiteral("HTTP %1").arg(*r.httpStatus) : failureKindName(kind);
        if (kind == FailureKind::CheckFailed)
            service.note = r.failedCheck;
    }
    steps.append(service);
    // The page that calls it: the service answered, and a browser would not hand the answer over.
    if (kind == FailureKind::CheckFailed && r.failedCheck == QLatin1String("page_origin"))
        steps.append({QStringLiteral("page"), QStringLiteral("failed"), QStringLiteral("blocked by the browser"), {}});
    return steps;
}

QJsonArray ProbePath::toJson(const QList<PathStep> &steps)
{
    QJsonArray array;
    for (const PathStep &s : steps) {
        QJsonObject object{{QStringLiteral("step"), s.step}, {QStringLiteral("outcome"), s.outcome}};
        object.insert(QStringLiteral("note"), s.note.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s.note));
        object.insert(QStringLiteral("ms"),
                      s.ms ? QJsonValue(std::round(*s.ms * 1000) / 1000) : QJsonValue(QJsonValue::Null));
        array.append(object);
    }
    return array;
}

void ProbePath::addFields(QJsonObject *object, const ProbeResult &result)
{
    object->insert(QStringLiteral("gateway"),
                   result.gateway ? QJsonValue(result.gateway->toJson()) : QJsonValue(QJsonValue::Null));
    if (result.addresses.isEmpty()) {
        object->insert(QStringLiteral("addresses"), QJsonValue(QJsonValue::Null));
    } else {
        QJsonArray addresses;
        for (const ProbeResult::AddressOutcome &tried : result.addresses)
            addresses.append(QJsonObject{{QStringLiteral("address"), tried.address},
                                         {QStringLiteral("outcome"), tried.outcome},
                                         {QStringLiteral("used"), tried.address == result.connectedVia}});
        object->insert(QStringLiteral("addresses"), addresses);
    }
    object->insert(QStringLiteral("dns"),
                   result.dns ? QJsonValue(QJsonObject{{QStringLiteral("answer"), result.dns->answer},
                                                       {QStringLiteral("server"),
                                                        result.dns->server.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                                     : QJsonValue(result.dns->server)}})
                              : QJsonValue(QJsonValue::Null));
    QJsonArray problems;
    for (const CertificateProblem &problem : result.certificateProblems)
        problems.append(QJsonObject{{QStringLiteral("code"), problem.code}, {QStringLiteral("words"), problem.words}});
    object->insert(QStringLiteral("certificate_problems"), problems);
    object->insert(QStringLiteral("path"), toJson(steps(result)));
    object->insert(QStringLiteral("proxy"),
                   result.proxy.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(result.proxy));
}

} // namespace NetPulse
