// Response checks: what makes "up" mean up. Each check passes and fails with the value seen in
// the message; HTTP's own verdict comes first; and one real probe against the fault server.
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include "FaultServer.h"

#include "probe/Probe.h"
#include "probe/ProbeEngine.h"
#include "probe/ProbeHandle.h"
#include "probe/ProbeResult.h"
#include "probe/ResponseChecks.h"

using namespace NetPulse;

Q_DECLARE_METATYPE(NetPulse::ResponseChecks)

namespace {

ProbeResult answer(int status, const QByteArray &body, FailureKind kind = FailureKind::Ok)
{
    ProbeResult r;
    r.kind = kind;
    r.httpStatus = status;
    r.body = body;
    r.responseHeaders = {{"Content-Type", "application/json; charset=utf-8"}};
    r.timeline.finishedNs = 120'000'000; // 120 ms
    return r;
}

ResponseChecks json(const QString &path, const QJsonValue &equals)
{
    ResponseChecks c;
    c.jsonPath = path;
    c.jsonEquals = equals;
    return c;
}

} // namespace

class TestResponseChecks : public QObject
{
    Q_OBJECT

private slots:
    void eachCheck_data();
    void eachCheck();
    void statusLists_data();
    void statusLists();
    void jsonPointer();
    void fileFormRoundTrips();
    void realProbeFailsItsCheck();
};

void TestResponseChecks::eachCheck_data()
{
    QTest::addColumn<ResponseChecks>("checks");
    QTest::addColumn<ProbeResult>("result");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("detail");
    const ProbeResult up = answer(200, R"({"status": "UP", "db": {"ok": true}, "items": [1, 2]})");
    ResponseChecks c;

    QTest::newRow("no checks") << ResponseChecks() << up << "ok" << QString();
    c = ResponseChecks();
    c.bodyContains = QStringLiteral("UP");
    QTest::newRow("contains passes") << c << up << "ok" << QString();
    c.bodyContains = QStringLiteral("ready");
    QTest::newRow("contains fails") << c << up << "check_failed"
                                    << "body does not contain \"ready\"";
    c = ResponseChecks();
    c.bodyNotContains = QStringLiteral("UP");
    QTest::newRow("not contains fails") << c << up << "check_failed"
                                        << "body contains \"UP\"";
    c = ResponseChecks();
    c.bodyRegex = QStringLiteral(R"("ok":\s*true)");
    QTest::newRow("regex passes") << c << up << "ok" << QString();
    c.bodyRegex = QStringLiteral(R"("ok":\s*false)");
    QTest::newRow("regex fails") << c << up << "check_failed"
                                 << R"(body does not match /"ok":\s*false/)";
    QTest::newRow("json passes") << json(QStringLiteral("/status"), QStringLiteral("UP")) << up << "ok" << QString();
    QTest::newRow("json nested") << json(QStringLiteral("/db/ok"), true) << up << "ok" << QString();
    QTest::newRow("json array") << json(QStringLiteral("/items/1"), 2) << up << "ok" << QString();
    QTest::newRow("json differs") << json(QStringLiteral("/status"), QStringLiteral("DOWN")) << up << "check_failed"
                                  << "body /status was \"UP\", expected \"DOWN\"";
    QTest::newRow("json type differs") << json(QStringLiteral("/items/0"), QStringLiteral("1")) << up << "check_failed"
                                       << "body /items/0 was 1, expected \"1\"";
    QTest::newRow("json missing") << json(QStringLiteral("/state"), QStringLiteral("UP")) << up << "check_failed"
                                  << "body /state is missing, expected \"UP\"";
    QTest::newRow("json only exists") << json(QStringLiteral("/db"), QJsonValue(QJsonValue::Undefined)) << up << "ok"
                                      << QString();
    QTest::newRow("not json") << json(QStringLiteral("/status"), QStringLiteral("UP")) << answer(200, "<html>")
                              << "check_failed"
                              << "body is not JSON";
    c = ResponseChecks();
    c.headerName = "content-type";
    c.headerContains = QStringLiteral("JSON");
    QTest::newRow("header contains, any case") << c << up << "ok" << QString();
    c.headerContains = QStringLiteral("xml");
    QTest::newRow("header differs") << c << up << "check_failed"
                                    << "header content-type was \"application/json; charset=utf-8\", expected it to "
                                       "contain \"xml\"";
    c.headerName = "X-Version";
    QTest::newRow("header missing") << c << up << "check_failed"
                                    << "header X-Version is missing";
    c = ResponseChecks();
    c.maxMs = 100;
    QTest::newRow("too slow") << c << up << "check_failed"
                              << "took 120 ms, expected at most 100 ms";
    c.maxMs = 500;
    QTest::newRow("fast enough") << c << up << "ok" << QString();
    c = ResponseChecks();
    c.certificateMinDays = 14;
    ProbeResult soon = up;
    soon.certificate.expiresAt = QDateTime::currentDateTimeUtc().addDays(5).addSecs(60);
    QTest::newRow("certificate soon") << c << soon << "check_failed"
                                      << "certificate expires in 5 days, expected at least 14";
    QTest::newRow("no certificate, plain http") << c << up << "ok" << QString();
    // HTTP's verdict first: a failure that never answered is not checked.
    ProbeResult refused;
    refused.kind = FailureKind::ConnectionRefused;
    c = ResponseChecks();
    c.bodyContains = QStringLiteral("UP");
    QTest::newRow("refused stays refused") << c << refused << "connection_refused" << QString();
    QTest::newRow("503 stays a server error")
        << c << answer(503, "{}", FailureKind::HttpServerError) << "http_server_error" << QString();
}

void TestResponseChecks::eachCheck()
{
    QFETCH(ResponseChecks, checks);
    QFETCH(ProbeResult, result);
    QFETCH(QString, kind);
    QFETCH(QString, detail);
    checks.apply(&result);
    QCOMPARE(failureKindName(result.kind), kind);
    if (!detail.isEmpty())
        QVERIFY2(result.detail.startsWith(detail), qPrintable(result.detail));
    if (result.kind == FailureKind::CheckFailed) {
        QVERIFY(!result.failedCheck.isEmpty());
        // The explanation shown everywhere is the check's own sentence.
        QVERIFY(result.description().explanation.startsWith(detail.left(1).toUpper() + detail.mid(1, 10)));
    }
}

void TestResponseChecks::statusLists_data()
{
    QTest::addColumn<QString>("list");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("kind");
    QTest::newRow("200 in 200-299") << "200-299" << 200 << "ok";
    QTest::newRow("204 not in 200") << "200" << 204 << "check_failed";
    QTest::newRow("401 accepted") << "200, 401" << 401 << "ok";
    QTest::newRow("503 accepted") << "503" << 503 << "ok";
    QTest::newRow("503 not listed") << "200-299" << 503 << "http_server_error";
}

void TestResponseChecks::statusLists()
{
    QFETCH(QString, list);
    QFETCH(int, status);
    QFETCH(QString, kind);
    ResponseChecks checks;
    QString problem;
    checks.statuses = ResponseChecks::parseStatuses(list, &problem);
    QVERIFY(problem.isEmpty());
    const FailureKind http = status >= 500   ? FailureKind::HttpServerError
                             : status >= 400 ? FailureKind::HttpClientError
                                             : FailureKind::Ok;
    ProbeResult result = answer(status, "{}", http);
    checks.apply(&result);
    QCOMPARE(failureKindName(result.kind), kind);
    if (result.kind == FailureKind::CheckFailed)
        QCOMPARE(result.detail, QStringLiteral("status %1, expected %2").arg(status).arg(list));
    for (const QString &bad : {QStringLiteral("abc"), QStringLiteral("99"), QStringLiteral("300-200"),
                               QStringLiteral("200-299-300"), QStringLiteral("600")}) {
        ResponseChecks::parseStatuses(bad, &problem);
        QVERIFY2(!problem.isEmpty(), qPrintable(bad));
        problem.clear();
    }
}

void TestResponseChecks::jsonPointer()
{
    const QJsonValue document = QJsonDocument::fromJson(R"({"a/b": {"m~n": [10, 20]}, "": 1})").object();
    QCOMPARE(ResponseChecks::valueAt(document, QStringLiteral("/a~1b/m~0n/1")), std::optional<QJsonValue>(20));
    QCOMPARE(ResponseChecks::valueAt(document, QStringLiteral("/")), std::optional<QJsonValue>(1));
    QVERIFY(!ResponseChecks::valueAt(document, QStringLiteral("/a~1b/m~0n/2")));
    QVERIFY(!ResponseChecks::valueAt(document, QStringLiteral("/a~1b/m~0n/-1")));
    QVERIFY(!ResponseChecks::valueAt(document, QStringLiteral("no-slash")));
}

void TestResponseChecks::fileFormRoundTrips()
{
    const QByteArray text = R"({"status": [200, "204-206"], "body_contains": "ok", "body_regex": "^\\{",
        "json": {"path": "/status", "equals": "UP"}, "header": {"name": "Content-Type", "contains": "json"},
        "certificate_min_days": 14, "max_ms": 800})";
    QList<QPair<QString, QString>> errors;
    QList<QPair<QString, QString>> warnings;
    const ResponseChecks checks = ResponseChecks::fromJson(QJsonDocument::fromJson(text).object(), &errors, &warnings);
    QVERIFY(errors.isEmpty() && warnings.isEmpty());
    QCOMPARE(ResponseChecks::statusesText(checks.statuses), QStringLiteral("200, 204-206"));
    QCOMPARE(checks.maxMs, 800);
    errors.clear();
    const ResponseChecks again = ResponseChecks::fromJson(checks.toJson(), &errors, &warnings);
    QVERIFY(errors.isEmpty());
    QVERIFY(again == checks);
    // Problems name their field.
    ResponseChecks::fromJson(QJsonDocument::fromJson(R"({"body_regex": "([", "max_ms": 0, "colour": 1})").object(),
                             &errors, &warnings);
    QCOMPARE(errors.size(), 2);
    QCOMPARE(errors.at(0).first, QStringLiteral("body_regex"));
    QVERIFY(errors.at(0).second.startsWith(QLatin1String("not a regular expression")));
    QCOMPARE(errors.at(1).first, QStringLiteral("max_ms"));
    QCOMPARE(warnings.size(), 1);
}

void TestResponseChecks::realProbeFailsItsCheck()
{
    Demo::FaultServer server;
    QVERIFY(server.start());
    ProbeEngine engine;
    ProbeOptions options;
    options.url = server.url(QStringLiteral("/ok"));
    options.checks = json(QStringLiteral("/status"), QStringLiteral("UP"));
    ProbeHandle *probe = engine.createProbe(options, this);
    QSignalSpy finished(probe, &ProbeHandle::finished);
    probe->start();
    QVERIFY(finished.wait(10000));
    const ProbeResult result = finished.at(0).at(0).value<ProbeResult>();
    QCOMPARE(result.kind, FailureKind::CheckFailed);
    QCOMPARE(result.detail, QStringLiteral("body /status was \"ok\", expected \"UP\""));
    QCOMPARE(result.failedCheck, QStringLiteral("json"));
    QCOMPARE(result.httpStatus, std::optional<int>(200));
}

QTEST_GUILESS_MAIN(TestResponseChecks)
#include "TestResponseChecks.moc"
