#include "endpoints/EventLog.h"

#include <algorithm>

#include <QJsonDocument>
#include <QJsonObject>

#include "probe/ProbeResult.h"
#include "probe/Redactor.h"

namespace NetPulse {

namespace {

QJsonValue number(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QString csvField(const QString &text)
{
    // RFC 4180: quote fields holding separators, quotes or line breaks; double inner quotes.
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')) &&
        !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString csvNumber(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'f', 3) : QString();
}

} // namespace

LogEvent LogEvent::attempt(const QString &endpointId, const QString &endpointName, const ProbeResult &result,
                           const MonitorStatus &status)
{
    LogEvent event;
    event.type = Type::Attempt;
    // When it ended, not when it began: the log is in the order things became known, and a 5 s
    // timeout must not land behind the checks that answered meanwhile (its duration is totalMs).
    event.at = QDateTime::currentDateTimeUtc();
    event.endpointId = endpointId;
    event.endpointName = endpointName;
    event.kind = result.kind;
    event.httpStatus = result.httpStatus;
    event.totalMs = result.timeline.totalMs();
    event.connectMs = result.timeline.connectMs();
    event.tlsMs = result.timeline.tlsMs();
    event.ttfbMs = result.timeline.ttfbMs();
    event.transferMs = result.timeline.transferMs();
    event.state = status.state;
    event.message = result.description().title;
    event.detail = Redactor::redactText(result.detail);
    event.plan = status.sentence(status.nextAttemptInMs);
    return event;
}

LogEvent LogEvent::stateChange(const QString &endpointId, const QString &endpointName, const MonitorStatus &status)
{
    LogEvent event;
    event.type = Type::StateChange;
    event.at = QDateTime::currentDateTimeUtc();
    event.endpointId = endpointId;
    event.endpointName = endpointName;
    event.state = status.state;
    event.message = status.reason;
    event.plan = status.sentence(status.nextAttemptInMs);
    return event;
}

LogEvent LogEvent::notice(const QString &source, const QString &message)
{
    LogEvent event;
    event.type = Type::Notice;
    event.at = QDateTime::currentDateTimeUtc();
    event.endpointName = source;
    event.message = message;
    return event;
}

EventLog::EventLog(int capacity, QObject *parent)
    : QObject(parent)
    , m_capacity(std::max(1, capacity))
{
}

void EventLog::append(LogEvent event)
{
    event.sequence = m_nextSequence++;
    int evicted = 0;
    while (int(m_events.size()) >= m_capacity) {
        m_events.pop_front();
        ++evicted;
    }
    m_events.push_back(std::move(event));
    emit eventsAppended(1, evicted);
}

void EventLog::clear()
{
    m_events.clear();
    emit cleared();
}

void EventLog::forEachRow(const QList<int> &rows, const std::function<void(const LogEvent &)> &visit) const
{
    if (rows.isEmpty()) {
        for (const LogEvent &e : m_events)
            visit(e);
        return;
    }
    for (int row : rows)
        visit(at(row));
}

QString EventLog::typeName(LogEvent::Type type)
{
    switch (type) {
    case LogEvent::Type::Attempt:
        return QStringLiteral("attempt");
    case LogEvent::Type::StateChange:
        return QStringLiteral("state");
    case LogEvent::Type::Notice:
        return QStringLiteral("notice");
    }
    return QString();
}

QByteArray EventLog::toJsonLines(const QList<int> &rows) const
{
    QByteArray out;
    auto write = [&out](const LogEvent &e) {
        QJsonObject o;
        o.insert(QStringLiteral("seq"), double(e.sequence));
        o.insert(QStringLiteral("type"), typeName(e.type));
        o.insert(QStringLiteral("ts"), e.at.toUTC().toString(Qt::ISODateWithMs));
        o.insert(QStringLiteral("endpoint"), e.endpointName);
        o.insert(QStringLiteral("kind"),
                 e.type == LogEvent::Type::Attempt ? QJsonValue(failureKindName(e.kind)) : QJsonValue());
        o.insert(QStringLiteral("http_status"), e.httpStatus ? QJsonValue(*e.httpStatus) : QJsonValue());
        o.insert(QStringLiteral("state"),
                 e.type == LogEvent::Type::Notice ? QJsonValue() : QJsonValue(monitorStateName(e.state)));
        o.insert(QStringLiteral("message"), e.message);
        o.insert(QStringLiteral("detail"), e.detail);
        o.insert(QStringLiteral("plan"), e.plan);
        QJsonObject timings;
        timings.insert(QStringLiteral("connect"), number(e.connectMs));
        timings.insert(QStringLiteral("tls"), number(e.tlsMs));
        timings.insert(QStringLiteral("ttfb"), number(e.ttfbMs));
        timings.insert(QStringLiteral("transfer"), number(e.transferMs));
        timings.insert(QStringLiteral("total"), number(e.totalMs));
        o.insert(QStringLiteral("timings_ms"), timings);
        out += QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    };
    forEachRow(rows, write);
    return out;
}

QByteArray EventLog::toCsv(const QList<int> &rows) const
{
    QString out = QStringLiteral("seq,type,ts,endpoint,kind,http_status,state,total_ms,message,detail,plan\r\n");
    auto write = [&out](const LogEvent &e) {
        const QStringList fields = {
            QString::number(e.sequence),
            typeName(e.type),
            e.at.toUTC().toString(Qt::ISODateWithMs),
            csvField(e.endpointName),
            e.type == LogEvent::Type::Attempt ? failureKindName(e.kind) : QString(),
            e.httpStatus ? QString::number(*e.httpStatus) : QString(),
            e.type == LogEvent::Type::Notice ? QString() : monitorStateName(e.state),
            csvNumber(e.totalMs),
            csvField(e.message),
            csvField(e.detail),
            csvField(e.plan),
        };
        out += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    };
    forEachRow(rows, write);
    return out.toUtf8();
}

} // namespace NetPulse
