#include "reports/ReportEvents.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include "base/Vantage.h"
#include "probe/ProbePath.h"
#include "probe/Redactor.h"

namespace NetPulse::ReportEvents {

namespace {

QJsonObject endpointJson(const ReportSubject &subject)
{
    QJsonObject endpoint;
    endpoint.insert(QStringLiteral("id"), subject.id);
    endpoint.insert(QStringLiteral("name"), subject.name);
    endpoint.insert(QStringLiteral("url"), Redactor::redactUrl(subject.url));
    endpoint.insert(QStringLiteral("method"), QString::fromLatin1(subject.method));
    return endpoint;
}

QJsonObject resultJson(const ProbeResult &result)
{
    const FailureDescription description = result.description();
    QJsonObject object;
    object.insert(QStringLiteral("kind"), failureKindName(result.kind));
    object.insert(QStringLiteral("title"), description.title);
    // The words may quote a detail (a failed check, a preflight's error): redacted as the detail is.
    object.insert(QStringLiteral("message"), Redactor::redactText(description.explanation));
    object.insert(QStringLiteral("action"), description.action);
    object.insert(QStringLiteral("detail"), Redactor::redactText(result.detail));
    object.insert(QStringLiteral("http_status"),
                  result.httpStatus ? QJsonValue(*result.httpStatus) : QJsonValue(QJsonValue::Null));
    object.insert(QStringLiteral("timings_ms"), result.timeline.toJsonMs());
    ProbePath::addFields(&object, result); // gateway, proxy, dns, addresses, certificate_problems, path
    object.insert(QStringLiteral("started"),
                  (result.startedAt.isValid() ? result.startedAt : QDateTime::currentDateTimeUtc())
                      .toUTC()
                      .toString(Qt::ISODateWithMs));
    return object;
}

void addOrigin(QJsonObject *data)
{
    data->insert(QStringLiteral("app_version"), QCoreApplication::applicationVersion());
    data->insert(QStringLiteral("host"), QHostInfo::localHostName());
}

ReportEvent envelope(const char *type, const QString &subject, QJsonObject data)
{
    addOrigin(&data);
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QJsonObject event;
    event.insert(QStringLiteral("specversion"), QStringLiteral("1.0"));
    event.insert(QStringLiteral("id"), id);
    event.insert(QStringLiteral("source"), source());
    event.insert(QStringLiteral("type"), QString::fromLatin1(type));
    if (!subject.isEmpty())
        event.insert(QStringLiteral("subject"), subject);
    event.insert(QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    event.insert(QStringLiteral("datacontenttype"), QStringLiteral("application/json"));
    // A CloudEvents extension attribute (lower-case letters and digits): which vantage point saw
    // it, so a backend that hears from many machines can tell "down from here" from "down".
    event.insert(QStringLiteral("vantage"), Vantage::name());
    event.insert(QStringLiteral("data"), data);
    return {id, QJsonDocument(event).toJson(QJsonDocument::Compact)};
}

} // namespace

QString source()
{
    static const QString value = QStringLiteral("urn:netpulse:") + QHostInfo::localHostName();
    return value;
}

ReportEvent probeFailed(const ReportSubject &subject, const ProbeResult &result, const MonitorStatus &status)
{
    QJsonObject data = resultJson(result);
    data.insert(QStringLiteral("endpoint"), endpointJson(subject));
    data.insert(QStringLiteral("attempt"), std::max(1, status.lastAttempt));
    data.insert(QStringLiteral("state"), monitorStateName(status.state));
    data.insert(QStringLiteral("state_reason"), status.sentence(status.nextAttemptInMs));
    return envelope(kProbeFailed, subject.name, data);
}

ReportEvent stateChanged(const ReportSubject &subject, const MonitorStatus &status, MonitorState previous,
                         const std::optional<ProbeResult> &lastResult)
{
    QJsonObject data;
    data.insert(QStringLiteral("endpoint"), endpointJson(subject));
    data.insert(QStringLiteral("state"), monitorStateName(status.state));
    data.insert(QStringLiteral("previous_state"), monitorStateName(previous));
    data.insert(QStringLiteral("state_reason"), status.sentence(status.nextAttemptInMs));
    data.insert(QStringLiteral("flapping"), status.flapping);
    data.insert(QStringLiteral("last_result"),
                lastResult ? QJsonValue(resultJson(*lastResult)) : QJsonValue(QJsonValue::Null));
    return envelope(kStateChanged, subject.name, data);
}

ReportEvent reportsDropped(qint64 count)
{
    QJsonObject data;
    data.insert(QStringLiteral("dropped"), double(count));
    data.insert(
        QStringLiteral("message"),
        QStringLiteral("%1 older reports were dropped: the outbox was full while the backend was away").arg(count));
    return envelope(kReportsDropped, QString(), data);
}

} // namespace NetPulse::ReportEvents
