#include "probe/ResponseChecks.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include "base/Limits.h"
#include "probe/ProbeResult.h"
#include "probe/Redactor.h"

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class ResponseChecksWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::ResponseChecks)
};

} // namespace

namespace {

// A value as a failed check quotes it: JSON's own spelling, kept short.
QString quoted(const QJsonValue &value)
{
    if (value.isUndefined())
        return ResponseChecksWords::tr("a value"); // a check that the path exists, whatever is there
    QString text;
    if (value.isString())
        text = QLatin1Char('"') + value.toString() + QLatin1Char('"');
    else if (value.isArray() || value.isObject())
        text = QString::fromUtf8(
            QJsonDocument(value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject()))
                .toJson(QJsonDocument::Compact));
    else
        text = QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    return text.size() > 80 ? text.left(77) + QStringLiteral("…") : text;
}

QString shortText(const QString &text)
{
    return text.size() > 80 ? text.left(77) + QStringLiteral("…") : text;
}

void fail(ProbeResult *result, const char *check, const QString &message)
{
    result->kind = FailureKind::CheckFailed;
    result->failedCheck = QLatin1String(check);
    result->detail = message;
}

} // namespace

bool ResponseChecks::operator==(const ResponseChecks &other) const
{
    return statuses == other.statuses && bodyContains == other.bodyContains &&
           bodyNotContains == other.bodyNotContains && bodyRegex == other.bodyRegex && jsonPath == other.jsonPath &&
           jsonEquals == other.jsonEquals && headerName == other.headerName && headerEquals == other.headerEquals &&
           headerContains == other.headerContains && certificateMinDays == other.certificateMinDays &&
           maxMs == other.maxMs;
}

std::optional<QJsonValue> ResponseChecks::valueAt(const QJsonValue &document, const QString &pointer)
{
    if (pointer.isEmpty())
        return document;
    if (!pointer.startsWith(QLatin1Char('/')))
        return std::nullopt;
    QJsonValue here = document;
    for (QString token : pointer.mid(1).split(QLatin1Char('/'))) {
        token.replace(QStringLiteral("~1"), QStringLiteral("/")).replace(QStringLiteral("~0"), QStringLiteral("~"));
        if (here.isObject()) {
            const QJsonObject object = here.toObject();
            if (!object.contains(token))
                return std::nullopt;
            here = object.value(token);
        } else if (here.isArray()) {
            bool ok = false;
            const int index = token.toInt(&ok);
            const QJsonArray array = here.toArray();
            if (!ok || index < 0 || index >= array.size())
                return std::nullopt;
            here = array.at(index);
        } else {
            return std::nullopt;
        }
    }
    return here;
}

void ResponseChecks::apply(ProbeResult *result) const
{
    if (isEmpty())
        return;
    const bool answered = result->httpStatus.has_value();
    const FailureKind kind = result->kind;
    const bool httpVerdict = kind == FailureKind::Ok || kind == FailureKind::HttpClientError ||
                             kind == FailureKind::RateLimited || kind == FailureKind::HttpServerError;
    if (!answered || !httpVerdict)
        return; // nothing (or nothing HTTP-valid) came to check
    const int status = *result->httpStatus;
    if (!statuses.isEmpty()) {
        bool accepted = false;
        for (const StatusRange &range : statuses)
            accepted = accepted || (status >= range.low && status <= range.high);
        if (!accepted) {
            // HTTP's own kind says more when it already failed (a 503 stays a server error).
            if (kind == FailureKind::Ok)
                fail(result, "status",
                     ResponseChecksWords::tr("status %1, expected %2").arg(status).arg(statusesText(statuses)));
            return;
        }
        if (kind != FailureKind::Ok) {
            result->kind = FailureKind::Ok; // the endpoint's checks accept this status
            result->detail = ResponseChecksWords::tr("status %1 accepted by the endpoint's checks").arg(status);
        }
    } else if (kind != FailureKind::Ok) {
        return;
    }
    const QString body = QString::fromUtf8(result->body);
    if (!bodyContains.isEmpty() && !body.contains(bodyContains)) {
        fail(result, "body_contains",
             ResponseChecksWords::tr("body does not contain \"%1\"").arg(shortText(bodyContains)));
        return;
    }
    if (!bodyNotContains.isEmpty() && body.contains(bodyNotContains)) {
        fail(result, "body_not_contains",
             ResponseChecksWords::tr("body contains \"%1\"").arg(shortText(bodyNotContains)));
        return;
    }
    if (!bodyRegex.isEmpty()) {
        const QRegularExpression expression(bodyRegex);
        if (!expression.match(body).hasMatch()) {
            fail(result, "body_regex", ResponseChecksWords::tr("body does not match /%1/").arg(shortText(bodyRegex)));
            return;
        }
    }
    if (!jsonPath.isNull()) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(result->body, &error);
        if (error.error != QJsonParseError::NoError) {
            fail(result, "json",
                 ResponseChecksWords::tr("body is not JSON (%1 at byte %2), expected %3 at %4")
                     .arg(error.errorString())
                     .arg(error.offset)
                     .arg(quoted(jsonEquals), jsonPath));
            return;
        }
        const QJsonValue root = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
        const std::optional<QJsonValue> seen = valueAt(root, jsonPath);
        if (!seen) {
            fail(result, "json",
                 ResponseChecksWords::tr("body %1 is missing, expected %2").arg(jsonPath, quoted(jsonEquals)));
            return;
        }
        if (!jsonEquals.isUndefined() && *seen != jsonEquals) {
            fail(result, "json",
                 ResponseChecksWords::tr("body %1 was %2, expected %3")
                     .arg(jsonPath, quoted(*seen), quoted(jsonEquals)));
            return;
        }
    }
    if (!headerName.isEmpty()) {
        std::optional<QString> seen;
        for (const auto &[name, value] : result->responseHeaders) {
            if (name.compare(headerName, Qt::CaseInsensitive) == 0)
                seen = QString::fromLatin1(value);
        }
        // A secret header's value is compared, never quoted: failures travel to reports and alerts.
        const auto shown = [this](const QString &value) {
            return QString::fromLatin1(Redactor::redactHeaderValue(headerName, value.toLatin1()));
        };
        const QString name = QString::fromLatin1(headerName);
        if (!seen) {
            fail(result, "header", ResponseChecksWords::tr("header %1 is missing").arg(name));
            return;
        }
        if (!headerEquals.isEmpty() && *seen != headerEquals) {
            fail(result, "header",
                 ResponseChecksWords::tr("header %1 was \"%2\", expected \"%3\"")
                     .arg(name, shortText(shown(*seen)), shortText(shown(headerEquals))));
            return;
        }
        if (!headerContains.isEmpty() && !seen->contains(headerContains, Qt::CaseInsensitive)) {
            fail(result, "header",
                 ResponseChecksWords::tr("header %1 was \"%2\", expected it to contain \"%3\"")
                     .arg(name, shortText(shown(*seen)), shortText(shown(headerContains))));
            return;
        }
    }
    if (certificateMinDays > 0 && !result->certificate.expiresAt.isValid() &&
        result->url.scheme() == QLatin1String("https")) {
        fail(result, "certificate",
             ResponseChecksWords::tr("no certificate was seen, expected one valid for %1 more days")
                 .arg(certificateMinDays));
        return;
    }
    if (certificateMinDays > 0 && result->certificate.expiresAt.isValid()) {
        const qint64 days = QDateTime::currentDateTimeUtc().daysTo(result->certificate.expiresAt);
        if (days < certificateMinDays) {
            fail(result, "certificate",
                 ResponseChecksWords::tr("certificate expires in %1 days, expected at least %2")
                     .arg(days)
                     .arg(certificateMinDays));
            return;
        }
    }
    if (maxMs > 0) {
        const double took = result->timeline.totalMs().value_or(0);
        if (took > maxMs) {
            fail(result, "max_ms",
                 ResponseChecksWords::tr("took %1 ms, expected at most %2 ms").arg(qRound(took)).arg(maxMs));
            return;
        }
    }
}

QList<ResponseChecks::StatusRange> ResponseChecks::parseStatuses(const QString &text, QString *problem)
{
    QList<StatusRange> ranges;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList bounds = part.trimmed().split(QLatin1Char('-'));
        bool lowOk = false;
        bool highOk = false;
        const int low = bounds.value(0).trimmed().toInt(&lowOk);
        const int high = bounds.size() > 1 ? bounds.value(1).trimmed().toInt(&highOk) : low;
        if (bounds.size() == 1)
            highOk = lowOk;
        if (bounds.size() > 2 || !lowOk || !highOk || low < 100 || high > 599 || low > high) {
            *problem = ResponseChecksWords::tr("\"%1\" is not a status (100-599) or a range of them (\"200-299\")")
                           .arg(part.trimmed().left(40));
            return {};
        }
        ranges.append({low, high});
    }
    return ranges;
}

QString ResponseChecks::statusesText(const QList<StatusRange> &statuses)
{
    QStringList parts;
    for (const StatusRange &range : statuses)
        parts << (range.low == range.high ? QString::number(range.low)
                                          : QStringLiteral("%1-%2").arg(range.low).arg(range.high));
    return parts.join(QStringLiteral(", "));
}

ResponseChecks ResponseChecks::fromJson(const QJsonObject &object, QList<QPair<QString, QString>> *errors,
                                        QList<QPair<QString, QString>> *warnings)
{
    ResponseChecks checks;
    auto text = [&](const char *key, QString *target) {
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isUndefined())
            return;
        if (!value.isString() || value.toString().isEmpty())
            errors->append({QLatin1String(key), ResponseChecksWords::tr("expected a text that is not empty")});
        else
            *target = value.toString();
    };
    auto days = [&](const char *key, int *target, int high) {
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isUndefined())
            return;
        const double number = value.toDouble(-1);
        if (!value.isDouble() || number != std::floor(number) || number < 1 || number > high)
            errors->append(
                {QLatin1String(key), ResponseChecksWords::tr("expected a whole number from 1 to %1").arg(high)});
        else
            *target = int(number);
    };
    const QJsonValue status = object.value(QLatin1String("status"));
    if (!status.isUndefined()) {
        QStringList parts;
        const QJsonArray list = status.isArray() ? status.toArray() : QJsonArray{status};
        for (const QJsonValue &item : list)
            parts << (item.isDouble() ? QString::number(item.toDouble()) : item.toString(QStringLiteral("?")));
        QString problem;
        checks.statuses = parseStatuses(parts.join(QLatin1Char(',')), &problem);
        if (!problem.isEmpty() || checks.statuses.isEmpty())
            errors->append(
                {QStringLiteral("status"), problem.isEmpty() ? ResponseChecksWords::tr("expected statuses") : problem});
    }
    text("body_contains", &checks.bodyContains);
    text("body_not_contains", &checks.bodyNotContains);
    text("body_regex", &checks.bodyRegex);
    if (!checks.bodyRegex.isEmpty()) {
        const QRegularExpression expression(checks.bodyRegex);
        if (!expression.isValid())
            errors->append({QStringLiteral("body_regex"), ResponseChecksWords::tr("not a regular expression: %1 at %2")
                                                              .arg(expression.errorString())
                                                              .arg(expression.patternErrorOffset())});
    }
    const QJsonValue json = object.value(QLatin1String("json"));
    if (json.isObject()) {
        const QJsonObject o = json.toObject();
        const QString path = o.value(QLatin1String("path")).toString();
        if (!path.startsWith(QLatin1Char('/')))
            errors->append(
                {QStringLiteral("json.path"), ResponseChecksWords::tr("expected a JSON Pointer such as \"/status\"")});
        else
            checks.jsonPath = path;
        checks.jsonEquals = o.value(QLatin1String("equals"));
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() != QLatin1String("path") && it.key() != QLatin1String("equals"))
                warnings->append(
                    {QStringLiteral("json.") + it.key(), ResponseChecksWords::tr("unknown field, ignored")});
        }
    } else if (!json.isUndefined()) {
        errors->append(
            {QStringLiteral("json"), ResponseChecksWords::tr("expected {\"path\": \"/status\", \"equals\": \"UP\"}")});
    }
    const QJsonValue header = object.value(QLatin1String("header"));
    if (header.isObject()) {
        const QJsonObject o = header.toObject();
        checks.headerName = o.value(QLatin1String("name")).toString().trimmed().toLatin1();
        checks.headerEquals = o.value(QLatin1String("equals")).toString();
        checks.headerContains = o.value(QLatin1String("contains")).toString();
        if (checks.headerName.isEmpty())
            errors->append({QStringLiteral("header.name"), ResponseChecksWords::tr("expected a header name")});
    } else if (!header.isUndefined()) {
        errors->append({QStringLiteral("header"), QStringLiteral("expected {\"name\": \"Content-Type\", \"contains\": "
                                                                 "\"json\"}")});
    }
    days("certificate_min_days", &checks.certificateMinDays, 3650);
    days("max_ms", &checks.maxMs, Limits::deadlineMs.high);
    static const QStringList known = {QStringLiteral("status"),
                                      QStringLiteral("body_contains"),
                                      QStringLiteral("body_not_contains"),
                                      QStringLiteral("body_regex"),
                                      QStringLiteral("json"),
                                      QStringLiteral("header"),
                                      QStringLiteral("certificate_min_days"),
                                      QStringLiteral("max_ms")};
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key()))
            warnings->append({it.key(), ResponseChecksWords::tr("unknown field, ignored")});
    }
    return checks;
}

QJsonObject ResponseChecks::toJson() const
{
    QJsonObject o;
    if (!statuses.isEmpty()) {
        QJsonArray list;
        for (const StatusRange &range : statuses)
            list.append(range.low == range.high ? QJsonValue(range.low)
                                                : QJsonValue(QStringLiteral("%1-%2").arg(range.low).arg(range.high)));
        o.insert(QStringLiteral("status"), list);
    }
    if (!bodyContains.isEmpty())
        o.insert(QStringLiteral("body_contains"), bodyContains);
    if (!bodyNotContains.isEmpty())
        o.insert(QStringLiteral("body_not_contains"), bodyNotContains);
    if (!bodyRegex.isEmpty())
        o.insert(QStringLiteral("body_regex"), bodyRegex);
    if (!jsonPath.isNull()) {
        QJsonObject json{{QStringLiteral("path"), jsonPath}};
        if (!jsonEquals.isUndefined())
            json.insert(QStringLiteral("equals"), jsonEquals);
        o.insert(QStringLiteral("json"), json);
    }
    if (!headerName.isEmpty()) {
        QJsonObject header{{QStringLiteral("name"), QString::fromLatin1(headerName)}};
        if (!headerEquals.isEmpty())
            header.insert(QStringLiteral("equals"), headerEquals);
        if (!headerContains.isEmpty())
            header.insert(QStringLiteral("contains"), headerContains);
        o.insert(QStringLiteral("header"), header);
    }
    if (certificateMinDays > 0)
        o.insert(QStringLiteral("certificate_min_days"), certificateMinDays);
    if (maxMs > 0)
        o.insert(QStringLiteral("max_ms"), maxMs);
    return o;
}

} // namespace NetPulse
