#include "headless/ResultJson.h"

#include <cmath>

#include <QJsonArray>
#include <QJsonDocument>

#include "probe/ProbePath.h"
#include "probe/Redactor.h"

namespace NetPulse {

namespace {

QString isoUtc(const QDateTime &when)
{
    return when.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

QJsonObject resultToJson(const ProbeResult &result, const AttemptContext &context)
{
    const FailureDescription description = result.description();

    QJsonObject object;
    if (!context.name.isEmpty())
        object.insert(QStringLiteral("name"), context.name);
    object.insert(QStringLiteral("url"), Redactor::redactUrl(result.url));
    object.insert(QStringLiteral("method"), QString::fromLatin1(result.method));
    object.insert(QStringLiteral("attempt"), context.attempt);
    object.insert(QStringLiteral("kind"), failureKindName(result.kind));
    object.insert(QStringLiteral("title"), description.title);
    // The words may quote a detail (a failed check, a preflight's error): redacted as the detail is.
    object.insert(QStringLiteral("message"), Redactor::redactText(description.explanation));
    object.insert(QStringLiteral("action"), description.action);
    object.insert(QStringLiteral("detail"), Redactor::redactText(result.detail));
    object.insert(QStringLiteral("http_status"),
                  result.httpStatus ? QJsonValue(*result.httpStatus) : QJsonValue(QJsonValue::Null));
    object.insert(QStringLiteral("timings_ms"), result.timeline.toJsonMs());
    object.insert(QStringLiteral("bytes"), double(result.bytesReceived));
    object.insert(QStringLiteral("requests_sent"), result.requestsSent);
    // NetPulse's own part (README, "Lanes"): where the check ran, what it waited for NetPulse, and
    // whether a first try held up by NetPulse itself was made again.
    const QJsonValue none(QJsonValue::Null);
    object.insert(QStringLiteral("lane"), result.lane.isEmpty() ? none : QJsonValue(result.lane));
    object.insert(QStringLiteral("lane_wait_ms"), std::round(result.laneWaitMs * 1000) / 1000);
    object.insert(QStringLiteral("quarantined"), result.quarantined);
    object.insert(QStringLiteral("lane_note"), result.laneNote.isEmpty() ? none : QJsonValue(result.laneNote));
    object.insert(QStringLiteral("first_try"),
                  result.retriedAfterOwnDelay ? QJsonValue(Redactor::redactText(result.firstTry)) : none);
    QJsonArray redirects;
    for (const QUrl &hop : result.redirects)
        redirects.append(Redactor::redactUrl(hop));
    object.insert(QStringLiteral("redirects"), redirects);
    ProbePath::addFields(&object, result); // gateway, proxy, dns, addresses, certificate_problems, path
    if (context.elsewhere) {
        // Is it just me? What the other vantage points last said, and the verdict of them all.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QJsonArray elsewhere;
        for (const ElsewhereReading &reading : std::as_const(*context.elsewhere)) {
            QJsonObject other;
            other.insert(QStringLiteral("vantage"), reading.vantage);
            other.insert(QStringLiteral("kind"), reading.kind);
            other.insert(QStringLiteral("age_s"), std::round(reading.ageS(now) * 10) / 10);
            other.insert(QStringLiteral("stale"), !reading.isFresh(now));
            elsewhere.append(other);
        }
        object.insert(QStringLiteral("elsewhere"), elsewhere);
        const QString verdict = vantageVerdictName(vantageVerdict(hereVerdict(result.kind), *context.elsewhere, now));
        object.insert(QStringLiteral("verdict"), verdict.isEmpty() ? none : QJsonValue(verdict));
    }
    if (!result.certificate.isNull()) {
        QJsonObject tls;
        tls.insert(QStringLiteral("subject"), result.certificate.subject);
        tls.insert(QStringLiteral("issuer"), result.certificate.issuer);
        tls.insert(QStringLiteral("expires"), isoUtc(result.certificate.expiresAt));
        object.insert(QStringLiteral("certificate"), tls);
    } else {
        object.insert(QStringLiteral("certificate"), QJsonValue(QJsonValue::Null));
    }
    const QJsonValue null(QJsonValue::Null);
    const MonitorStatus *status = context.status ? &*context.status : nullptr;
    const bool retryPlanned = status && status->state == MonitorState::Retrying && status->nextAttemptInMs;
    object.insert(QStringLiteral("retry_in_ms"), retryPlanned ? QJsonValue(double(*status->nextAttemptInMs)) : null);
    object.insert(QStringLiteral("next_check_in_ms"),
                  status && status->nextAttemptInMs ? QJsonValue(double(*status->nextAttemptInMs)) : null);
    object.insert(QStringLiteral("state"), status ? QJsonValue(monitorStateName(status->state)) : null);
    object.insert(QStringLiteral("state_reason"),
                  status ? QJsonValue(status->sentence(status->nextAttemptInMs)) : null);
    object.insert(QStringLiteral("retries_used"), status ? QJsonValue(status->retriesUsed) : null);
    object.insert(QStringLiteral("retry_budget"), status ? QJsonValue(status->retryBudget) : null);
    object.insert(QStringLiteral("not_retried"),
                  status && !status->notRetried.isEmpty() ? QJsonValue(status->notRetried) : null);
    object.insert(QStringLiteral("recovered"), status ? QJsonValue(status->recovered) : null);
    object.insert(QStringLiteral("flapping"), status ? QJsonValue(status->flapping) : null);
    std::optional<CacheFallback> fallback = context.fallback;
    if (!fallback && context.status)
        fallback = context.status->fallback;
    if (fallback) {
        QJsonObject cached;
        cached.insert(QStringLiteral("cached_at"), isoUtc(fallback->cachedAt));
        cached.insert(QStringLiteral("age_ms"), double(fallback->ageMs));
        cached.insert(QStringLiteral("status"), fallback->status);
        cached.insert(QStringLiteral("bytes"), double(fallback->bytes));
        cached.insert(QStringLiteral("freshness"), CacheFallback::freshnessName(fallback->freshness));
        object.insert(QStringLiteral("fallback"), cached);
    } else {
        object.insert(QStringLiteral("fallback"), QJsonValue(QJsonValue::Null));
    }
    object.insert(QStringLiteral("ts"),
                  isoUtc(result.startedAt.isValid() ? result.startedAt : QDateTime::currentDateTimeUtc()));
    return object;
}

QByteArray resultToJsonLine(const ProbeResult &result, const AttemptContext &context)
{
    return QJsonDocument(resultToJson(result, context)).toJson(QJsonDocument::Compact);
}

} // namespace NetPulse
