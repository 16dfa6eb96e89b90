#include "endpoints/EndpointStore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

#include "endpoints/EndpointFile.h"
#include "probe/PageOriginCheck.h"
#include "probe/UrlValidator.h"

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class EndpointStoreWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::EndpointStore)
};

} // namespace

namespace {

// Reads a number, falling back (and saying so) when it is missing, not a number, or out of range.
template<typename T>
T readNumber(QSettings &settings, const char *key, const Limits::Range<T> &range, const QString &endpoint,
             QStringList *problems)
{
    const QVariant value = settings.value(QLatin1String(key));
    if (!value.isValid())
        return range.fallback;
    bool ok = false;
    const double number = value.toDouble(&ok);
    if (!ok || number < double(range.low) || number > double(range.high)) {
        problems->append(EndpointStoreWords::tr("endpoint '%1': %2 '%3' is not between %4 and %5; using %6")
                             .arg(endpoint, QLatin1String(key), value.toString())
                             .arg(range.low)
                             .arg(range.high)
                             .arg(range.fallback));
        return range.fallback;
    }
    return T(number);
}

} // namespace

QList<EndpointConfig> EndpointStore::load(QSettings &settings, QStringList *problems)
{
    QList<EndpointConfig> endpoints;
    const int count = settings.beginReadArray(QStringLiteral("endpoints"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        EndpointConfig e;
        const QString id = settings.value(QStringLiteral("id")).toString();
        if (!id.isEmpty())
            e.id = id;
        e.name = settings.value(QStringLiteral("name")).toString();
        const QString urlText = settings.value(QStringLiteral("url")).toString();
        const QString label = e.name.isEmpty() ? urlText : e.name;
        const UrlValidator::Result url = UrlValidator::parse(urlText);
        if (!url.ok()) {
            problems->append(EndpointStoreWords::tr("endpoint '%1' skipped: %2").arg(label, url.error));
            continue;
        }
        MonitorSettings &s = e.settings;
        s.probe.url = url.url;
        const QByteArray method = settings.value(QStringLiteral("method"), QStringLiteral("GET")).toString().toLatin1();
        if (isValidMethod(method))
            s.probe.method = method;
        else
            problems->append(EndpointStoreWords::tr("endpoint '%1': method '%2' is not valid; using GET")
                                 .arg(label, QString::fromLatin1(method)));
        for (const QString &line : settings.value(QStringLiteral("headers")).toStringList()) {
            QPair<QByteArray, QByteArray> header;
            QString error;
            if (parseHeaderLine(line, &header, &error))
                s.probe.headers.append(header);
            else
                problems->append(EndpointStoreWords::tr("endpoint '%1': %2; header dropped").arg(label, error));
        }
        s.probe.inactivityTimeoutMs = readNumber(settings, "timeout_ms", Limits::timeoutMs, label, problems);
        s.probe.totalDeadlineMs = readNumber(settings, "deadline_ms", Limits::deadlineMs, label, problems);
        s.probe.maxBodyBytes = readNumber(settings, "max_body_bytes", Limits::maxBodyBytes, label, problems);
        s.probe.insecure = settings.value(QStringLiteral("insecure"), false).toBool();
        s.probe.pageOrigin = settings.value(QStringLiteral("page_origin")).toString();
        if (const QString problem = PageOriginCheck::validateOrigin(s.probe.pageOrigin); !problem.isEmpty()) {
            problems->append(EndpointStoreWords::tr("endpoint '%1': %2; page origin dropped").arg(label, problem));
            s.probe.pageOrigin.clear();
        }
        s.intervalMs = readNumber(settings, "interval_ms", Limits::intervalMs, label, problems);
        s.retries = readNumber(settings, "retries", Limits::retries, label, problems);
        s.backoff.initialMs = readNumber(settings, "backoff_initial_ms", Limits::backoffInitialMs, label, problems);
        s.backoff.capMs = readNumber(settings, "backoff_max_ms", Limits::backoffMaxMs, label, problems);
        s.backoff.multiplier = readNumber(settings, "backoff_multiplier", Limits::backoffMultiplier, label, problems);
        const QString jitter = settings.value(QStringLiteral("jitter"), QStringLiteral("full")).toString();
        if (const std::optional<JitterMode> mode = jitterModeFromName(jitter))
            s.backoff.jitter = *mode;
        else
            problems->append(
                EndpointStoreWords::tr("endpoint '%1': jitter '%2' is unknown; using full").arg(label, jitter));
        s.downIntervalMs = readNumber(settings, "down_interval_ms", Limits::downIntervalMs, label, problems);
        s.slowThresholdMs = readNumber(settings, "slow_ms", Limits::slowMs, label, problems);
        s.allowRetryNonIdempotent = settings.value(QStringLiteral("retry_non_idempotent"), false).toBool();
        s.recoveryWatch = settings.value(QStringLiteral("recovery_watch"), true).toBool();
        e.watching = settings.value(QStringLiteral("watching"), true).toBool();
        e.report = settings.value(QStringLiteral("report"), true).toBool();
        const QByteArray expect = settings.value(QStringLiteral("expect")).toByteArray();
        if (!expect.isEmpty()) {
            QList<QPair<QString, QString>> errors;
            QList<QPair<QString, QString>> warnings;
            const ResponseChecks checks =
                ResponseChecks::fromJson(QJsonDocument::fromJson(expect).object(), &errors, &warnings);
            if (errors.isEmpty())
                s.probe.checks = checks;
            else
                problems->append(EndpointStoreWords::tr("endpoint '%1': checks not usable (%2: %3); none applied")
                                     .arg(label, errors.first().first, errors.first().second));
        }
        // Combinations the single fields cannot catch (deadline under timeout, cap under initial).
        const QString problem = s.validate();
        if (!problem.isEmpty()) {
            problems->append(
                EndpointStoreWords::tr("endpoint '%1': %2; using the default timing settings").arg(label, problem));
            MonitorSettings reset;
            reset.probe.url = s.probe.url;
            reset.probe.method = s.probe.method;
            reset.probe.headers = s.probe.headers;
            s = reset;
        }
        endpoints.append(e);
    }
    settings.endArray();
    return endpoints;
}

void EndpointStore::save(QSettings &settings, const QList<EndpointConfig> &all)
{
    QList<EndpointConfig> endpoints;
    for (const EndpointConfig &e : all) {
        // The demo's ports change every run; an endpoint file's endpoints are kept by their file.
        if (!e.demo && !EndpointFile::isFileId(e.id))
            endpoints.append(e);
    }
    settings.remove(QStringLiteral("endpoints"));
    settings.beginWriteArray(QStringLiteral("endpoints"), int(endpoints.size()));
    for (int i = 0; i < endpoints.size(); ++i) {
        settings.setArrayIndex(i);
        const EndpointConfig &e = endpoints.at(i);
        const MonitorSettings &s = e.settings;
        settings.setValue(QStringLiteral("id"), e.id);
        settings.setValue(QStringLiteral("name"), e.name);
        settings.setValue(QStringLiteral("url"), s.probe.url.toString());
        settings.setValue(QStringLiteral("method"), QString::fromLatin1(s.probe.method));
        QStringList headers;
        for (const auto &h : s.probe.headers)
            headers << QString::fromLatin1(h.first + ": " + h.second);
        settings.setValue(QStringLiteral("headers"), headers);
        settings.setValue(QStringLiteral("timeout_ms"), s.probe.inactivityTimeoutMs);
        settings.setValue(QStringLiteral("deadline_ms"), s.probe.totalDeadlineMs);
        settings.setValue(QStringLiteral("max_body_bytes"), s.probe.maxBodyBytes);
        settings.setValue(QStringLiteral("insecure"), s.probe.insecure);
        settings.setValue(QStringLiteral("page_origin"), s.probe.pageOrigin);
        settings.setValue(QStringLiteral("interval_ms"), s.intervalMs);
        settings.setValue(QStringLiteral("retries"), s.retries);
        settings.setValue(QStringLiteral("backoff_initial_ms"), s.backoff.initialMs);
        settings.setValue(QStringLiteral("backoff_max_ms"), s.backoff.capMs);
        settings.setValue(QStringLiteral("backoff_multiplier"), s.backoff.multiplier);
        settings.setValue(QStringLiteral("jitter"), jitterModeName(s.backoff.jitter));
        settings.setValue(QStringLiteral("down_interval_ms"), s.downIntervalMs);
        settings.setValue(QStringLiteral("slow_ms"), s.slowThresholdMs);
        settings.setValue(QStringLiteral("retry_non_idempotent"), s.allowRetryNonIdempotent);
        settings.setValue(QStringLiteral("recovery_watch"), s.recoveryWatch);
        settings.setValue(QStringLiteral("watching"), e.watching);
        settings.setValue(QStringLiteral("report"), e.report);
        if (s.probe.checks.isEmpty())
            settings.remove(QStringLiteral("expect"));
        else
            settings.setValue(QStringLiteral("expect"),
                              QJsonDocument(s.probe.checks.toJson()).toJson(QJsonDocument::Compact));
    }
    settings.endArray();
}

} // namespace NetPulse
