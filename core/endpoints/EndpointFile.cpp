// The endpoint file's reader and writer in one file on purpose: every field name appears once for
// reading (FieldReader::settings) and once for writing (write()), and keeping the two side by side
// is what stops a field from being read but not written. FieldReader is the reader's own tool.
#include "endpoints/EndpointFile.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include "base/Vantage.h"
#include "endpoints/JsonPositions.h"
#include "probe/PageOriginCheck.h"
#include "probe/Redactor.h"
#include "probe/UrlValidator.h"

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class EndpointFileWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::EndpointFile)
};

} // namespace

QString EndpointFileProblem::text(const QString &fileName) const
{
    QString out = fileName;
    if (line > 0)
        out += (out.isEmpty() ? QString() : QStringLiteral(":")) + QStringLiteral("%1:%2").arg(line).arg(column);
    if (!out.isEmpty())
        out += QStringLiteral(": ");
    if (!endpoint.isEmpty())
        out += endpoint + QStringLiteral(": ");
    if (!field.isEmpty())
        out += field + QStringLiteral(": ");
    return out + message;
}

QStringList EndpointFileContents::problemLines(const QString &fileName) const
{
    QList<EndpointFileProblem> all = errors + warnings;
    std::stable_sort(all.begin(), all.end(), [](const EndpointFileProblem &a, const EndpointFileProblem &b) {
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    QStringList lines;
    for (const EndpointFileProblem &problem : all)
        lines << (problem.warning ? EndpointFileWords::tr("warning: %1") : QStringLiteral("%1"))
                     .arg(problem.text(fileName));
    return lines;
}

namespace {

// A problem with the whole file (its size, its JSON), not with a field.
EndpointFileProblem fileProblem(int line, int column, const QString &message)
{
    EndpointFileProblem problem;
    problem.line = line;
    problem.column = column;
    problem.message = message;
    return problem;
}

// Reads one endpoint's (or the defaults') fields into `config`, collecting problems with their
// places. `base` is the path of the object ("defaults", "endpoints[2]").
class FieldReader
{
public:
    FieldReader(const JsonPositions &positions, EndpointFileContents *out)
        : m_positions(positions)
        , m_out(out)
    {
    }

    void error(const QString &path, const QString &message)
    {
        const JsonPosition at = m_positions.at(path);
        m_out->errors.append({at.line, at.column, path, QString(), path, message, false});
    }
    void warning(const QString &path, const QString &message)
    {
        const JsonPosition at = m_positions.at(path);
        m_out->warnings.append({at.line, at.column, path, QString(), path, message, true});
    }

    template<typename T>
    void number(const QJsonObject &object, const QString &base, const char *key, const Limits::Range<T> &range,
                T *target)
    {
        const QString path = base + QLatin1Char('.') + QLatin1String(key);
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isUndefined())
            return;
        if (!value.isDouble()) {
            error(path, EndpointFileWords::tr("%1 is %2; expected a number").arg(shown(value), typeName(value)));
            return;
        }
        const double number = value.toDouble();
        if (std::is_integral_v<T> && number != std::floor(number)) {
            error(path, EndpointFileWords::tr("%1 is not a whole number").arg(shown(value)));
            return;
        }
        if (number < double(range.low)) {
            error(path, EndpointFileWords::tr("%1 is below the minimum %2").arg(shown(value)).arg(range.low));
            return;
        }
        if (number > double(range.high)) {
            error(path, EndpointFileWords::tr("%1 is above the maximum %2").arg(shown(value)).arg(range.high));
            return;
        }
        *target = T(number);
    }

    void boolean(const QJsonObject &object, const QString &base, const char *key, bool *target)
    {
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isUndefined())
            return;
        if (!value.isBool()) {
            error(base + QLatin1Char('.') + QLatin1String(key),
                  EndpointFileWords::tr("%1 is %2; expected true or false").arg(shown(value), typeName(value)));
            return;
        }
        *target = value.toBool();
    }

    std::optional<QString> text(const QJsonObject &object, const QString &base, const char *key)
    {
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isUndefined())
            return std::nullopt;
        if (!value.isString()) {
            error(base + QLatin1Char('.') + QLatin1String(key),
                  EndpointFileWords::tr("%1 is %2; expected a string").arg(shown(value), typeName(value)));
            return std::nullopt;
        }
        return value.toString();
    }

    // Every setting an endpoint can have, onto `config`.
    void settings(const QJsonObject &object, const QString &base, EndpointConfig *config)
    {
        MonitorSettings &s = config->settings;
        if (const std::optional<QString> method = text(object, base, "method")) {
            const QByteArray upper = method->trimmed().toUpper().toLatin1();
            if (isValidMethod(upper))
                s.probe.method = upper;
            else
                error(base + QStringLiteral(".method"),
                      EndpointFileWords::tr("\"%1\" is not an HTTP method").arg(*method));
        }
        const QJsonValue headers = object.value(QLatin1String("headers"));
        if (headers.isObject()) {
            const QJsonObject map = headers.toObject();
            for (auto it = map.begin(); it != map.end(); ++it) {
                const QString path = base + QStringLiteral(".headers.") + it.key();
                if (!it.value().isString()) {
                    error(path, EndpointFileWords::tr("%1 is %2; expected a string")
                                    .arg(shown(it.value()), typeName(it.value())));
                    continue;
                }
                QPair<QByteArray, QByteArray> header;
                QString problem;
                if (!parseHeaderLine(it.key() + QStringLiteral(": ") + it.value().toString(), &header, &problem)) {
                    error(path, problem);
                    continue;
                }
                if (header.second == Redactor::kMask.toUtf8())
                    warning(path,
                            EndpointFileWords::tr("is *** (a secret left out when the file was exported): fill it in"));
                // A header named again in an endpoint replaces the default's.
                s.probe.headers.removeIf([&header](const QPair<QByteArray, QByteArray> &known) {
                    return known.first.compare(header.first, Qt::CaseInsensitive) == 0;
                });
                s.probe.headers.append(header);
            }
        } else if (!headers.isUndefined()) {
            error(base + QStringLiteral(".headers"),
                  EndpointFileWords::tr("%1 is %2; expected an object of names and values")
                      .arg(shown(headers), typeName(headers)));
        }
        number(object, base, "interval_ms", Limits::intervalMs, &s.intervalMs);
        number(object, base, "timeout_ms", Limits::timeoutMs, &s.probe.inactivityTimeoutMs);
        number(object, base, "deadline_ms", Limits::deadlineMs, &s.probe.totalDeadlineMs);
        number(object, base, "max_body_bytes", Limits::maxBodyBytes, &s.probe.maxBodyBytes);
        number(object, base, "max_redirects", Limits::maxRedirects, &s.probe.maxRedirects);
        number(object, base, "retries", Limits::retries, &s.retries);
        number(object, base, "backoff_initial_ms", Limits::backoffInitialMs, &s.backoff.initialMs);
        number(object, base, "backoff_max_ms", Limits::backoffMaxMs, &s.backoff.capMs);
        number(object, base, "backoff_multiplier", Limits::backoffMultiplier, &s.backoff.multiplier);
        number(object, base, "down_interval_ms", Limits::downIntervalMs, &s.downIntervalMs);
        number(object, base, "slow_ms", Limits::slowMs, &s.slowThresholdMs);
        if (const std::optional<QString> jitter = text(object, base, "jitter")) {
            if (const std::optional<JitterMode> mode = jitterModeFromName(*jitter))
                s.backoff.jitter = *mode;
            else
                error(base + QStringLiteral(".jitter"),
                      EndpointFileWords::tr("\"%1\" is not full, equal, decorrelated or none").arg(*jitter));
        }
        boolean(object, base, "insecure", &s.probe.insecure);
        if (const std::optional<QString> origin = text(object, base, "page_origin")) {
            const QString problem = PageOriginCheck::validateOrigin(*origin);
            if (problem.isEmpty())
                s.probe.pageOrigin = *origin;
            else
                error(base + QStringLiteral(".page_origin"), problem);
        }
        boolean(object, base, "retry_non_idempotent", &s.allowRetryNonIdempotent);
        boolean(object, base, "recovery_watch", &s.recoveryWatch);
        boolean(object, base, "report", &config->report);
        boolean(object, base, "watching", &config->watching);
        const QJsonValue expect = object.value(QLatin1String("expect"));
        if (expect.isObject()) {
            QList<QPair<QString, QString>> errors;
            QList<QPair<QString, QString>> warnings;
            const ResponseChecks checks = ResponseChecks::fromJson(expect.toObject(), &errors, &warnings);
            const QString at = base + QStringLiteral(".expect.");
            for (const auto &[field, message] : errors)
                error(at + field, message);
            for (const auto &[field, message] : warnings)
                warning(at + field, message);
            s.probe.checks = checks; // an endpoint's "expect" replaces the defaults' as a whole
        } else if (!expect.isUndefined()) {
            error(base + QStringLiteral(".expect"),
                  EndpointFileWords::tr("%1 is %2; expected an object of checks").arg(shown(expect), typeName(expect)));
        }
    }

    void unknownFields(const QJsonObject &object, const QString &base, const QSet<QString> &known)
    {
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!known.contains(it.key()))
                warning(base.isEmpty() ? it.key() : base + QLatin1Char('.') + it.key(),
                        EndpointFileWords::tr("unknown field, ignored"));
        }
    }

    static QString typeName(const QJsonValue &value)
    {
        switch (value.type()) {
        case QJsonValue::String:
            return EndpointFileWords::tr("a string");
        case QJsonValue::Double:
            return EndpointFileWords::tr("a number");
        case QJsonValue::Bool:
            return EndpointFileWords::tr("a boolean");
        case QJsonValue::Array:
            return EndpointFileWords::tr("an array");
        case QJsonValue::Object:
            return EndpointFileWords::tr("an object");
        case QJsonValue::Null:
            return QStringLiteral("null");
        default:
            return QStringLiteral("missing");
        }
    }

    // A value as the problem quotes it, kept short.
    static QString shown(const QJsonValue &value)
    {
        if (value.isString())
            return QLatin1Char('"') + value.toString().left(60) + QLatin1Char('"');
        if (value.isDouble())
            return QString::number(value.toDouble(), 'g', 15);
        if (value.isBool())
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        if (value.isNull())
            return QStringLiteral("null");
        return value.isArray() ? QStringLiteral("[…]") : QStringLiteral("{…}");
    }

private:
    const JsonPositions &m_positions;
    EndpointFileContents *m_out;
};

const QSet<QString> &settingFields()
{
    static const QSet<QString> fields = {
        QStringLiteral("method"),
        QStringLiteral("headers"),
        QStringLiteral("interval_ms"),
        QStringLiteral("timeout_ms"),
        QStringLiteral("deadline_ms"),
        QStringLiteral("max_body_bytes"),
        QStringLiteral("max_redirects"),
        QStringLiteral("retries"),
        QStringLiteral("backoff_initial_ms"),
        QStringLiteral("backoff_max_ms"),
        QStringLiteral("backoff_multiplier"),
        QStringLiteral("down_interval_ms"),
        QStringLiteral("slow_ms"),
        QStringLiteral("jitter"),
        QStringLiteral("insecure"),
        QStringLiteral("page_origin"),
        QStringLiteral("retry_non_idempotent"),
        QStringLiteral("recovery_watch"),
        QStringLiteral("report"),
        QStringLiteral("watching"),
        QStringLiteral("expect"),
    };
    return fields;
}

} // namespace

EndpointFileContents EndpointFile::parse(const QByteArray &text)
{
    EndpointFileContents out;
    if (text.size() > kMaxBytes) {
        out.errors.append(fileProblem(
            0, 0, EndpointFileWords::tr("the file is %1 bytes; at most %2 are read").arg(text.size()).arg(kMaxBytes)));
        return out;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const JsonPosition at = JsonPositions::ofOffset(text, parseError.offset);
        out.errors.append(
            fileProblem(at.line, at.column, EndpointFileWords::tr("not valid JSON: %1").arg(parseError.errorString())));
        return out;
    }
    const JsonPositions positions(text);
    FieldReader reader(positions, &out);
    if (!document.isObject()) {
        reader.error(QString(),
                     EndpointFileWords::tr("the file must hold one JSON object with \"version\" and \"endpoints\""));
        return out;
    }
    const QJsonObject root = document.object();
    reader.unknownFields(root, QString(),
                         {QStringLiteral("version"), QStringLiteral("defaults"), QStringLiteral("endpoints"),
                          QStringLiteral("$schema")});
    const QJsonValue version = root.value(QLatin1String("version"));
    if (version.isUndefined()) {
        reader.error(QString(), EndpointFileWords::tr("\"version\": %1 is missing").arg(kVersion));
    } else if (!version.isDouble() || version.toDouble() != kVersion) {
        reader.error(QStringLiteral("version"),
                     EndpointFileWords::tr("%1 is not a version this NetPulse reads (it reads %2)")
                         .arg(FieldReader::shown(version))
                         .arg(kVersion));
        return out; // another version's fields mean other things
    }
    EndpointConfig defaults;
    const QJsonValue defaultsValue = root.value(QLatin1String("defaults"));
    if (defaultsValue.isObject()) {
        reader.settings(defaultsValue.toObject(), QStringLiteral("defaults"), &defaults);
        if (defaultsValue.toObject().contains(QLatin1String("probe_threads"))) {
            int threads = Limits::probeThreads.fallback;
            reader.number(defaultsValue.toObject(), QStringLiteral("defaults"), "probe_threads", Limits::probeThreads,
                          &threads);
            out.probeThreads = threads;
        }
        const QJsonValue vantage = defaultsValue.toObject().value(QLatin1String("vantage"));
        if (vantage.isString() && Vantage::problem(vantage.toString()).isEmpty()) {
            out.vantage = vantage.toString();
        } else if (!vantage.isUndefined()) {
            reader.error(QStringLiteral("defaults.vantage"),
                         vantage.isString() ? Vantage::problem(vantage.toString())
                                            : EndpointFileWords::tr("%1 is %2; expected a string")
                                                  .arg(FieldReader::shown(vantage), FieldReader::typeName(vantage)));
        }
        QSet<QString> defaultsFields = settingFields();
        defaultsFields << QStringLiteral("probe_threads")
                       << QStringLiteral("vantage"); // the whole process's, so only here
        reader.unknownFields(defaultsValue.toObject(), QStringLiteral("defaults"), defaultsFields);
    } else if (!defaultsValue.isUndefined()) {
        reader.error(QStringLiteral("defaults"),
                     EndpointFileWords::tr("%1 is %2; expected an object")
                         .arg(FieldReader::shown(defaultsValue), FieldReader::typeName(defaultsValue)));
    }
    const QJsonValue list = root.value(QLatin1String("endpoints"));
    if (!list.isArray()) {
        reader.error(list.isUndefined() ? QString() : QStringLiteral("endpoints"),
                     list.isUndefined() ? EndpointFileWords::tr("\"endpoints\" is missing")
                                        : EndpointFileWords::tr("%1 is %2; expected an array")
                                              .arg(FieldReader::shown(list), FieldReader::typeName(list)));
        return out;
    }
    QSet<QString> endpointFields = settingFields();
    endpointFields << QStringLiteral("name") << QStringLiteral("url");
    QHash<QString, int> names;                   // name → the line of the endpoint that first used it
    QStringList labels;                          // how each endpoint is named in problems
    const bool fileReads = out.errors.isEmpty(); // valid JSON, a known version, good defaults
    const QJsonArray array = list.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString base = QStringLiteral("endpoints[%1]").arg(i);
        const qsizetype errorsBefore = out.errors.size();
        const QJsonObject object = array.at(i).toObject();
        // People know an endpoint by its name, else its URL; "endpoint 4" only when it has neither.
        const QString nameText = object.value(QLatin1String("name")).toString().trimmed();
        const QString urlShown = Redactor::redactText(object.value(QLatin1String("url")).toString().trimmed());
        labels << (!nameText.isEmpty()   ? nameText
                   : !urlShown.isEmpty() ? urlShown
                                         : EndpointFileWords::tr("endpoint %1").arg(i + 1));
        if (!array.at(i).isObject()) {
            reader.error(base, EndpointFileWords::tr("%1 is %2; expected an object with at least \"url\"")
                                   .arg(FieldReader::shown(array.at(i)), FieldReader::typeName(array.at(i))));
            continue;
        }
        EndpointConfig config = defaults;
        reader.settings(object, base, &config);
        reader.unknownFields(object, base, endpointFields);
        const std::optional<QString> urlText = reader.text(object, base, "url");
        if (!urlText) {
            if (!object.contains(QLatin1String("url")))
                reader.error(base, EndpointFileWords::tr("\"url\" is missing"));
            continue;
        }
        const UrlValidator::Result url = UrlValidator::parse(*urlText);
        if (!url.ok()) {
            reader.error(base + QStringLiteral(".url"), url.error);
            continue;
        }
        config.settings.probe.url = url.url;
        if (url.url.userInfo().contains(Redactor::kMask) || url.url.query().contains(Redactor::kMask))
            reader.warning(base + QStringLiteral(".url"),
                           EndpointFileWords::tr("has *** for a secret (left out when exported): fill it in"));
        config.name = reader.text(object, base, "name").value_or(QString()).trimmed();
        const QString key = config.name.isEmpty() ? Redactor::redactUrl(url.url) : config.name;
        if (names.contains(key)) {
            reader.error(base + (config.name.isEmpty() ? QStringLiteral(".url") : QStringLiteral(".name")),
                         EndpointFileWords::tr("\"%1\" is also the endpoint at line %2; every endpoint needs its "
                                               "own name")
                             .arg(key)
                             .arg(names.value(key)));
            continue;
        }
        names.insert(key, positions.at(base).line);
        config.id = idForName(key);
        const QString problem = config.settings.validate();
        if (!problem.isEmpty()) {
            reader.error(base, problem);
            continue;
        }
        out.endpoints.append(config);
        if (fileReads && out.errors.size() == errorsBefore)
            out.usable.append(config);
    }
    // Problems inside the list are said by the endpoint's name and the field within it.
    for (QList<EndpointFileProblem> *problems : {&out.errors, &out.warnings}) {
        for (EndpointFileProblem &problem : *problems) {
            static const QRegularExpression inList(QStringLiteral("^endpoints\\[(\\d+)\\]\\.?(.*)$"));
            const QRegularExpressionMatch match = inList.match(problem.path);
            if (!match.hasMatch())
                continue;
            problem.endpoint = labels.value(match.captured(1).toInt());
            problem.field = match.captured(2);
        }
    }
    if (!out.ok())
        out.endpoints.clear(); // all or nothing
    return out;
}

EndpointFileContents EndpointFile::read(const QString &path)
{
    QFile file(path);
    const QFileInfo info(path);
    EndpointFileContents out;
    if (info.isDir()) {
        out.errors.append(fileProblem(0, 0, EndpointFileWords::tr("is a folder, not a file")));
        return out;
    }
    if (info.exists() && !info.isFile()) {
        // A FIFO or a device would block the reader (the window, for a hand-over) until written.
        out.errors.append(fileProblem(0, 0, EndpointFileWords::tr("is not a regular file")));
        return out;
    }
    if (info.exists() && info.size() > kMaxBytes) {
        out.errors.append(fileProblem(
            0, 0, EndpointFileWords::tr("the file is %1 bytes; at most %2 are read").arg(info.size()).arg(kMaxBytes)));
        return out;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        out.errors.append(fileProblem(0, 0, file.errorString()));
        return out;
    }
    return parse(file.read(kMaxBytes + 1));
}

QByteArray EndpointFile::write(const QList<EndpointConfig> &endpoints)
{
    const MonitorSettings plain;
    QJsonArray list;
    for (const EndpointConfig &e : endpoints) {
        if (e.demo)
            continue;
        const MonitorSettings &s = e.settings;
        QJsonObject o;
        if (!e.name.isEmpty())
            o.insert(QStringLiteral("name"), e.name);
        o.insert(QStringLiteral("url"), Redactor::redactUrl(s.probe.url));
        // Only what differs from the defaults: a file people read and diff.
        if (s.probe.method != plain.probe.method)
            o.insert(QStringLiteral("method"), QString::fromLatin1(s.probe.method));
        if (!s.probe.headers.isEmpty()) {
            QJsonObject headers;
            for (const auto &[name, value] : s.probe.headers)
                headers.insert(QString::fromLatin1(name), QString::fromUtf8(Redactor::redactHeaderValue(name, value)));
            o.insert(QStringLiteral("headers"), headers);
        }
        auto put = [&o](const char *key, auto value, auto fallback) {
            if (value != fallback)
                o.insert(QLatin1String(key), QJsonValue(double(value)));
        };
        put("interval_ms", s.intervalMs, plain.intervalMs);
        put("timeout_ms", s.probe.inactivityTimeoutMs, plain.probe.inactivityTimeoutMs);
        put("deadline_ms", s.probe.totalDeadlineMs, plain.probe.totalDeadlineMs);
        put("max_body_bytes", s.probe.maxBodyBytes, plain.probe.maxBodyBytes);
        put("max_redirects", s.probe.maxRedirects, plain.probe.maxRedirects);
        put("retries", s.retries, plain.retries);
        put("backoff_initial_ms", s.backoff.initialMs, plain.backoff.initialMs);
        put("backoff_max_ms", s.backoff.capMs, plain.backoff.capMs);
        put("backoff_multiplier", s.backoff.multiplier, plain.backoff.multiplier);
        put("down_interval_ms", s.downIntervalMs, plain.downIntervalMs);
        put("slow_ms", s.slowThresholdMs, plain.slowThresholdMs);
        if (s.backoff.jitter != plain.backoff.jitter)
            o.insert(QStringLiteral("jitter"), jitterModeName(s.backoff.jitter));
        auto flag = [&o](const char *key, bool value, bool fallback) {
            if (value != fallback)
                o.insert(QLatin1String(key), value);
        };
        flag("insecure", s.probe.insecure, plain.probe.insecure);
        if (s.probe.pageOrigin != plain.probe.pageOrigin)
            o.insert(QStringLiteral("page_origin"), s.probe.pageOrigin);
        flag("retry_non_idempotent", s.allowRetryNonIdempotent, plain.allowRetryNonIdempotent);
        flag("recovery_watch", s.recoveryWatch, plain.recoveryWatch);
        flag("report", e.report, true);
        flag("watching", e.watching, true);
        if (!s.probe.checks.isEmpty())
            o.insert(QStringLiteral("expect"), s.probe.checks.toJson());
        list.append(o);
    }
    QJsonObject root;
    root.insert(QStringLiteral("version"), kVersion);
    root.insert(QStringLiteral("endpoints"), list);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace NetPulse
