// The headless line format: every contract field present, nulls where nothing is known, secrets
// redacted, the monitor's plan and the cached fallback carried.
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include "headless/ResultJson.h"

using namespace NetPulse;

namespace {

ProbeResult refusedWithSecrets()
{
    ProbeResult result;
    result.url = QUrl(QStringLiteral("http://alice:hunter2@127.0.0.1:9/health?token=s3cr3t&x=1"));
    result.method = "GET";
    result.kind = FailureKind::ConnectionRefused;
    result.detail = QStringLiteral("Connection refused (http://alice:hunter2@127.0.0.1:9/health?token=s3cr3t)");
    result.timeline.connectingNs = 1000000;
    result.timeline.finishedNs = 1500000;
    result.requestsSent = 1;
    result.startedAt = QDateTime(QDate(2026, 11, 30), QTime(12, 0, 1, 250), Qt::UTC);
    return result;
}

} // namespace

class TestResultJson : public QObject
{
    Q_OBJECT

private slots:
    void everyContractFieldIsPresent();
    void secretsAreRedacted();
    void onceModeHasNoPlan();
    void watchModeCarriesThePlan();
    void fallbackIsDescribed();
    void lineIsOneCompactLine();
};

void TestResultJson::everyContractFieldIsPresent()
{
    const QJsonObject object = resultToJson(refusedWithSecrets(), AttemptContext{});
    // The README's headless contract: add fields, never rename or remove one.
    const QStringList contract = {
        QStringLiteral("url"), QStringLiteral("method"), QStringLiteral("attempt"), QStringLiteral("kind"),
        QStringLiteral("title"), QStringLiteral("message"), QStringLiteral("action"), QStringLiteral("detail"),
        QStringLiteral("http_status"), QStringLiteral("timings_ms"), QStringLiteral("bytes"),
        QStringLiteral("requests_sent"), QStringLiteral("redirects"), QStringLiteral("certificate"),
        QStringLiteral("retry_in_ms"), QStringLiteral("next_check_in_ms"), QStringLiteral("state"),
        QStringLiteral("state_reason"), QStringLiteral("retries_used"), QStringLiteral("retry_budget"),
        QStringLiteral("not_retried"), QStringLiteral("recovered"), QStringLiteral("flapping"),
        QStringLiteral("fallback"), QStringLiteral("ts"),
        // the isolation round: NetPulse's own part
        QStringLiteral("lane"), QStringLiteral("lane_wait_ms"), QStringLiteral("quarantined"),
        QStringLiteral("lane_note"), QStringLiteral("first_try"),
        // the path round: a gateway's reading, the proxy the request went through
        QStringLiteral("gateway"), QStringLiteral("proxy")};
    for (const QString &field : contract)
        QVERIFY2(object.contains(field), qPrintable(field));
    QCOMPARE(object.value(QStringLiteral("kind")).toString(), QStringLiteral("connection_refused"));
    QCOMPARE(object.value(QStringLiteral("title")).toString(),
             describeFailure(FailureKind::ConnectionRefused, QStringLiteral("127.0.0.1:9")).title);
    QVERIFY(object.value(QStringLiteral("http_status")).isNull());
    QCOMPARE(object.value(QStringLiteral("ts")).toString(), QStringLiteral("2026-11-30T12:00:01.250Z"));
    const QJsonObject timings = object.value(QStringLiteral("timings_ms")).toObject();
    QCOMPARE(timings.value(QStringLiteral("total")).toDouble(), 1.5);
    QVERIFY(timings.value(QStringLiteral("ttfb")).isNull());   // never reached: null, not 0
    QVERIFY(object.value(QStringLiteral("gateway")).isNull()); // no gateway answered: null
    QVERIFY(object.value(QStringLiteral("proxy")).isNull());

    // A gateway's 504: the object says who answered and what it says of the service behind it.
    ProbeResult viaNginx = refusedWithSecrets();
    viaNginx.kind = FailureKind::HttpServerError;
    viaNginx.httpStatus = 504;
    viaNginx.gateway = GatewayReading::read(504, {{"Server", "nginx/1.22.1"}}, "<hr><center>nginx/1.22.1</center>");
    const QJsonObject gateway = resultToJson(viaNginx, AttemptContext{}).value(QStringLiteral("gateway")).toObject();
    QCOMPARE(gateway.value(QStringLiteral("product")).toString(), QStringLiteral("nginx"));
    QVERIFY(gateway.value(QStringLiteral("origin")).isNull()); // nginx does not say connect or answer
    QCOMPARE(gateway.value(QStringLiteral("evidence")).toString(),
             QStringLiteral("Server: nginx/1.22.1, its own error page"));
}

void TestResultJson::secretsAreRedacted()
{
    const QByteArray line = resultToJsonLine(refusedWithSecrets(), AttemptContext{});
    QVERIFY2(!line.contains("hunter2"), line.constData());
    QVERIFY2(!line.contains("s3cr3t"), line.constData());
    QVERIFY2(!line.contains("alice"), line.constData());
    QVERIFY(line.contains("127.0.0.1:9"));
}

void TestResultJson::onceModeHasNoPlan()
{
    const QJsonObject object = resultToJson(refusedWithSecrets(), AttemptContext{});
    for (const char *field : {"retry_in_ms", "next_check_in_ms", "state", "state_reason", "retries_used", "fallback"})
        QVERIFY2(object.value(QLatin1String(field)).isNull(), field);
    QCOMPARE(object.value(QStringLiteral("attempt")).toInt(), 1);
}

void TestResultJson::watchModeCarriesThePlan()
{
    MonitorStatus status;
    status.state = MonitorState::Retrying;
    status.reason = QStringLiteral("connection refused; retry 2 of 3");
    status.retriesUsed = 1;
    status.retryBudget = 3;
    status.nextAttemptInMs = 1800;
    const QJsonObject object =
        resultToJson(refusedWithSecrets(), AttemptContext{2, status, std::nullopt, QString(), {}});
    QCOMPARE(object.value(QStringLiteral("attempt")).toInt(), 2);
    QCOMPARE(object.value(QStringLiteral("state")).toString(), QStringLiteral("retrying"));
    QCOMPARE(object.value(QStringLiteral("retry_in_ms")).toDouble(), 1800.0);
    QCOMPARE(object.value(QStringLiteral("next_check_in_ms")).toDouble(), 1800.0);
    QCOMPARE(object.value(QStringLiteral("retries_used")).toInt(), 1);
    QVERIFY(object.value(QStringLiteral("state_reason")).toString().contains(QLatin1String("retrying in 1.8 s")));

    status.state = MonitorState::Down; // a planned check, but not a retry
    const QJsonObject down = resultToJson(refusedWithSecrets(), AttemptContext{4, status, std::nullopt, QString(), {}});
    QVERIFY(down.value(QStringLiteral("retry_in_ms")).isNull());
    QCOMPARE(down.value(QStringLiteral("next_check_in_ms")).toDouble(), 1800.0);
}

void TestResultJson::fallbackIsDescribed()
{
    CacheFallback fallback;
    fallback.cachedAt = QDateTime(QDate(2026, 11, 30), QTime(11, 59), Qt::UTC);
    fallback.ageMs = 61250;
    fallback.status = 200;
    fallback.bytes = 42;
    fallback.freshness = CacheFallback::Freshness::Stale;
    const QJsonObject object =
        resultToJson(refusedWithSecrets(), AttemptContext{1, std::nullopt, fallback, QString(), {}});
    const QJsonObject cached = object.value(QStringLiteral("fallback")).toObject();
    QCOMPARE(cached.value(QStringLiteral("cached_at")).toString(), QStringLiteral("2026-11-30T11:59:00.000Z"));
    QCOMPARE(cached.value(QStringLiteral("age_ms")).toDouble(), 61250.0);
    QCOMPARE(cached.value(QStringLiteral("bytes")).toInt(), 42);
    QCOMPARE(cached.value(QStringLiteral("freshness")).toString(),
             CacheFallback::freshnessName(CacheFallback::Freshness::Stale));
}

void TestResultJson::lineIsOneCompactLine()
{
    ProbeResult result = refusedWithSecrets();
    result.detail = QStringLiteral("two\nlines");
    const QByteArray line = resultToJsonLine(result, AttemptContext{});
    QVERIFY(!line.contains('\n'));
    QJsonParseError error;
    const QJsonDocument parsed = QJsonDocument::fromJson(line, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(parsed.object().value(QStringLiteral("detail")).toString(), QStringLiteral("two\nlines"));
}

QTEST_GUILESS_MAIN(TestResultJson)
#include "TestResultJson.moc"
