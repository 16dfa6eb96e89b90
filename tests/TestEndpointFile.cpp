// The endpoint file: every setting read with its limits, problems named with line, column and
// field, unknown fields warned about, all-or-nothing, and a write that reads back (without secrets).
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "endpoints/EndpointFile.h"

using namespace NetPulse;

class TestEndpointFile : public QObject
{
    Q_OBJECT

private slots:
    void readsEverySettingWithDefaults();
    void problemsNameLineColumnAndField_data();
    void problemsNameLineColumnAndField();
    void unknownFieldsAreWarnings();
    void problemsAreSaidTogetherByName();
    void probeThreadsBelongToTheDefaults();
    void theVantageBelongsToTheDefaults();
    void writeReadsBackWithoutSecrets();
    void unreadableFiles();
    void exampleFileReads();
    void schemaSaysWhatTheLimitsSay();
};

void TestEndpointFile::readsEverySettingWithDefaults()
{
    const QByteArray text = R"({
  "version": 1,
  "defaults": {"interval_ms": 2000, "retries": 1, "headers": {"X-Team": "payments", "Accept": "application/json"}},
  "endpoints": [
    {"name": "checkout", "url": "https://checkout.example/health"},
    {"name": "search", "url": "http://127.0.0.1:8080/health", "method": "head", "interval_ms": 500,
     "timeout_ms": 1000, "deadline_ms": 3000, "max_body_bytes": 4096, "max_redirects": 2, "retries": 5,
     "backoff_initial_ms": 200, "backoff_max_ms": 4000, "backoff_multiplier": 1.5, "jitter": "equal",
     "down_interval_ms": 10000, "slow_ms": 800, "insecure": true, "retry_non_idempotent": true,
     "recovery_watch": false, "report": false, "watching": false, "headers": {"accept": "text/plain"}},
    {"url": "http://127.0.0.1:9/unnamed"}
  ]
})";
    const EndpointFileContents file = EndpointFile::parse(text);
    QVERIFY2(file.ok(), qPrintable(file.errors.value(0).text()));
    QVERIFY(file.warnings.isEmpty());
    QCOMPARE(file.endpoints.size(), 3);
    const EndpointConfig &checkout = file.endpoints.at(0);
    QCOMPARE(checkout.id, QStringLiteral("file:checkout"));
    QCOMPARE(checkout.settings.intervalMs, 2000); // from the defaults
    QCOMPARE(checkout.settings.retries, 1);
    QCOMPARE(checkout.settings.probe.headers.size(), 2);
    const EndpointConfig &search = file.endpoints.at(1);
    const MonitorSettings &s = search.settings;
    QCOMPARE(s.probe.method, QByteArray("HEAD"));
    QCOMPARE(s.intervalMs, 500);
    QCOMPARE(s.probe.inactivityTimeoutMs, 1000);
    QCOMPARE(s.probe.totalDeadlineMs, 3000);
    QCOMPARE(s.probe.maxBodyBytes, 4096);
    QCOMPARE(s.probe.maxRedirects, 2);
    QCOMPARE(s.retries, 5);
    QCOMPARE(s.backoff.initialMs, 200);
    QCOMPARE(s.backoff.capMs, 4000);
    QCOMPARE(s.backoff.multiplier, 1.5);
    QCOMPARE(s.backoff.jitter, JitterMode::Equal);
    QCOMPARE(s.downIntervalMs, 10000);
    QCOMPARE(s.slowThresholdMs, 800);
    QVERIFY(s.probe.insecure && s.allowRetryNonIdempotent && !s.recoveryWatch && !search.report && !search.watching);
    // An endpoint's header replaces the default of the same name, whatever its case.
    QCOMPARE(s.probe.headers.size(), 2);
    QCOMPARE(s.probe.headers.at(1), qMakePair(QByteArray("accept"), QByteArray("text/plain")));
    QCOMPARE(file.endpoints.at(2).id, QStringLiteral("file:http://127.0.0.1:9/unnamed"));
}

void TestEndpointFile::problemsNameLineColumnAndField_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected"); // the first error's text

    QTest::newRow("below minimum") << QByteArray("{\"version\": 1, \"endpoints\": [\n  {\"url\": \"http://a/\"},\n"
                                                 "  {\"url\": \"http://b/\", \"interval_ms\": 50}\n]}")
                                   << QStringLiteral("3:24: http://b/: interval_ms: 50 is below the minimum 100");
    QTest::newRow("wrong type") << QByteArray("{\"version\": 1, \"endpoints\": [{\"url\": \"http://a/\",\n"
                                              "  \"retries\": \"3\"}]}")
                                << QStringLiteral("2:3: http://a/: retries: \"3\" is a string; expected a number");
    QTest::newRow("not whole")
        << QByteArray("{\"version\": 1, \"endpoints\": [{\"url\": \"http://a/\", \"timeout_ms\": 1.5}]}")
        << QStringLiteral("1:51: http://a/: timeout_ms: 1.5 is not a whole number");
    QTest::newRow("bad url") << QByteArray("{\"version\": 1, \"endpoints\": [{\"url\": \"ftp://a/\"}]}")
                             << QStringLiteral("1:31: ftp://a/: url: unsupported scheme");
    QTest::newRow("missing url") << QByteArray("{\"version\": 1, \"endpoints\": [{\"name\": \"x\"}]}")
                                 << QStringLiteral("1:30: x: \"url\" is missing");
    QTest::newRow("duplicate name")
        << QByteArray("{\"version\": 1, \"endpoints\": [{\"name\": \"a\", \"url\": \"http://a/\"},\n"
                      "{\"name\": \"a\", \"url\": \"http://b/\"}]}")
        << QStringLiteral("2:2: a: name: \"a\" is also the endpoint at line 1; every endpoint needs its own name");
    QTest::newRow("deadline under timeout")
        << QByteArray("{\"version\": 1, \"endpoints\": [{\"url\": \"http://a/\", \"timeout_ms\": 5000, "
                      "\"deadline_ms\": 1000}]}")
        << QStringLiteral("1:30: http://a/: the deadline");
    QTest::newRow("not json") << QByteArray("{\"version\": 1,\n \"endpoints\": [\n  {\"url\": \"http://a/\",}\n]}")
                              << QStringLiteral("3:24: not valid JSON: ");
    QTest::newRow("truncated") << QByteArray("{\"version\": 1, \"endpoints\": [{\"url\": ")
                               << QStringLiteral("1:38: not valid JSON: ");
    QTest::newRow("other version") << QByteArray("{\"version\": 2, \"endpoints\": []}")
                                   << QStringLiteral(
                                          "1:2: version: 2 is not a version this NetPulse reads (it reads 1)");
    QTest::newRow("no version") << QByteArray("{\"endpoints\": []}")
                                << QStringLiteral("1:1: \"version\": 1 is missing");
    QTest::newRow("an array") << QByteArray("[1, 2]") << QStringLiteral("1:1: the file must hold one JSON object");
    QTest::newRow("bad jitter")
        << QByteArray("{\"version\": 1, \"defaults\": {\"jitter\": \"lots\"}, \"endpoints\": []}")
        << QStringLiteral("1:29: defaults.jitter: \"lots\" is not full, equal, decorrelated or none");
    QTest::newRow("bad check") << QByteArray("{\"version\": 1, \"endpoints\": [{\"url\": \"http://a/\",\n"
                                             "  \"expect\": {\"json\": {\"path\": \"/s\"}, \"max_ms\": 0}}]}")
                               << QStringLiteral(
                                      "2:38: http://a/: expect.max_ms: expected a whole number from 1 to 600000");
    QTest::newRow("bad header") << QByteArray("{\"version\": 1, \"endpoints\": [{\"url\": \"http://a/\", "
                                              "\"headers\": {\"X\": 5}}]}")
                                << QStringLiteral("1:63: http://a/: headers.X: 5 is a number; expected a string");
    QTest::newRow("bad page origin")
        << QByteArray(
               "{\"version\": 1, \"endpoints\": [{\"url\": \"http://a/\", \"page_origin\": \"localhost:3000\"}]}")
        << QStringLiteral("1:51: http://a/: page_origin: page origin 'localhost:3000' must look like");
}

void TestEndpointFile::problemsNameLineColumnAndField()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const EndpointFileContents file = EndpointFile::parse(text);
    QVERIFY(!file.ok());
    QVERIFY(file.endpoints.isEmpty()); // all or nothing
    const QString first = file.errors.first().text();
    QVERIFY2(first.startsWith(expected), qPrintable(first));
}

void TestEndpointFile::unknownFieldsAreWarnings()
{
    const EndpointFileContents file = EndpointFile::parse(
        "{\"version\": 1, \"colour\": \"red\", \"endpoints\": [{\"url\": \"http://a/\", \"intervall_ms\": 100}]}");
    QVERIFY(file.ok());
    QCOMPARE(file.endpoints.size(), 1);
    QCOMPARE(file.warnings.size(), 2);
    QCOMPARE(file.warnings.at(0).text(), QStringLiteral("1:16: colour: unknown field, ignored"));
    QVERIFY(file.warnings.at(1).text().contains(QLatin1String(": intervall_ms: unknown field")));
}

void TestEndpointFile::problemsAreSaidTogetherByName()
{
    // Two errors, two warnings: none hides another, each names its endpoint as people know it,
    // in the file's order; the endpoints without an error of their own stay usable for an import.
    const EndpointFileContents file = EndpointFile::parse(R"({"version": 1, "endpoints": [
  {"name": "svc-01", "url": "http://127.0.0.1:18500/ok", "colour": "red"},
  {"name": "svc-28 fast", "url": "http://127.0.0.1:18500/a", "interval_ms": 20},
  {"url": "htp//127.0.0.1:18500/ok"},
  {"name": "svc-30", "url": "http://127.0.0.1:18500/b", "intervall_ms": 100}
]})");
    QVERIFY(!file.ok());
    QVERIFY(file.endpoints.isEmpty()); // all or nothing for a followed file
    const QStringList lines = file.problemLines(QStringLiteral("team.json"));
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0), QStringLiteral("warning: team.json:2:58: svc-01: colour: unknown field, ignored"));
    QCOMPARE(lines.at(1), QStringLiteral("team.json:3:62: svc-28 fast: interval_ms: 20 is below the minimum 100"));
    QVERIFY2(lines.at(2).startsWith(QLatin1String("team.json:4:4: htp//127.0.0.1:18500/ok: url: the URL starts "
                                                  "with 'htp//'")),
             qPrintable(lines.at(2)));
    QVERIFY2(lines.at(3).startsWith(QLatin1String("warning: team.json:5:57: svc-30: intervall_ms")),
             qPrintable(lines.at(3)));
    QCOMPARE(file.usable.size(), 2);
    QCOMPARE(file.usable.at(0).name, QStringLiteral("svc-01"));
    QCOMPARE(file.usable.at(1).name, QStringLiteral("svc-30"));
}

void TestEndpointFile::theVantageBelongsToTheDefaults()
{
    // This machine's name among vantage points: the process's, read from the defaults only.
    const EndpointFileContents file = EndpointFile::parse(
        "{\"version\": 1, \"defaults\": {\"vantage\": \"eu-1\"}, \"endpoints\": [{\"url\": \"http://a/\"}]}");
    QVERIFY(file.ok());
    QVERIFY(file.warnings.isEmpty());
    QCOMPARE(file.vantage, std::optional<QString>(QStringLiteral("eu-1")));
    QVERIFY(!EndpointFile::parse("{\"version\": 1, \"endpoints\": []}").vantage);

    const EndpointFileContents empty = EndpointFile::parse(
        "{\"version\": 1, \"defaults\": {\"vantage\": \"\"}, \"endpoints\": [{\"url\": \"http://a/\"}]}");
    QVERIFY(!empty.ok());
    QVERIFY2(empty.errors.first().text().endsWith(QLatin1String("defaults.vantage: a vantage name cannot be empty")),
             qPrintable(empty.errors.first().text()));
    const EndpointFileContents number = EndpointFile::parse(
        "{\"version\": 1, \"defaults\": {\"vantage\": 7}, \"endpoints\": [{\"url\": \"http://a/\"}]}");
    QVERIFY(!number.ok());
    QVERIFY2(number.errors.first().text().endsWith(QLatin1String("defaults.vantage: 7 is a number; expected a string")),
             qPrintable(number.errors.first().text()));

    const EndpointFileContents inEndpoint =
        EndpointFile::parse("{\"version\": 1, \"endpoints\": [{\"url\": \"http://a/\", \"vantage\": \"x\"}]}");
    QCOMPARE(inEndpoint.warnings.size(), 1);
    QVERIFY(inEndpoint.warnings.first().text().contains(QLatin1String(": vantage: unknown field")));
}

void TestEndpointFile::probeThreadsBelongToTheDefaults()
{
    // The process's lanes, not an endpoint's setting: read from the defaults only.
    const EndpointFileContents file = EndpointFile::parse(
        "{\"version\": 1, \"defaults\": {\"probe_threads\": 3}, \"endpoints\": [{\"url\": \"http://a/\"}]}");
    QVERIFY(file.ok());
    QVERIFY(file.warnings.isEmpty());
    QCOMPARE(file.probeThreads, std::optional<int>(3));
    QVERIFY(!EndpointFile::parse("{\"version\": 1, \"endpoints\": []}").probeThreads);

    const EndpointFileContents zero = EndpointFile::parse(
        "{\"version\": 1, \"defaults\": {\"probe_threads\": 0}, \"endpoints\": [{\"url\": \"http://a/\"}]}");
    QVERIFY(!zero.ok());
    QCOMPARE(zero.errors.first().text(), QStringLiteral("1:29: defaults.probe_threads: 0 is below the minimum 1"));

    const EndpointFileContents inEndpoint =
        EndpointFile::parse("{\"version\": 1, \"endpoints\": [{\"url\": \"http://a/\", \"probe_threads\": 2}]}");
    QVERIFY(inEndpoint.ok());
    QCOMPARE(inEndpoint.warnings.size(), 1);
    QVERIFY(inEndpoint.warnings.first().text().contains(QLatin1String(": probe_threads: unknown field")));
}

void TestEndpointFile::writeReadsBackWithoutSecrets()
{
    EndpointConfig a;
    a.name = QStringLiteral("api");
    a.settings.probe.url = QUrl(QStringLiteral("https://user:pw@api.example/health?token=abc&page=1"));
    a.settings.probe.headers = {{"Authorization", "Bearer xyz"}, {"X-Team", "payments"}};
    a.settings.intervalMs = 750;
    a.settings.backoff.jitter = JitterMode::None;
    a.report = false;
    EndpointConfig demo;
    demo.demo = true;
    demo.settings.probe.url = QUrl(QStringLiteral("http://127.0.0.1:1/"));
    const QByteArray text = EndpointFile::write({a, demo});
    QVERIFY(!text.contains("xyz") && !text.contains("abc") && !text.contains(":pw@"));
    const EndpointFileContents back = EndpointFile::parse(text);
    QVERIFY(back.ok());
    QCOMPARE(back.endpoints.size(), 1); // the demo's are not exported
    const EndpointConfig &b = back.endpoints.first();
    QCOMPARE(b.name, a.name);
    QCOMPARE(b.settings.intervalMs, 750);
    QCOMPARE(b.settings.backoff.jitter, JitterMode::None);
    QVERIFY(!b.report);
    QCOMPARE(b.settings.probe.headers.at(1).second, QByteArray("payments"));
    // The secrets left out are said, by field.
    QStringList warned;
    for (const EndpointFileProblem &w : back.warnings)
        warned << w.path;
    QVERIFY2(warned.contains(QStringLiteral("endpoints[0].headers.Authorization")),
             qPrintable(warned.join(QLatin1Char(','))));
    QVERIFY(warned.contains(QStringLiteral("endpoints[0].url")));
}

void TestEndpointFile::unreadableFiles()
{
    QTemporaryDir dir;
    QVERIFY(!EndpointFile::read(dir.path()).ok()); // a folder
    const EndpointFileContents missing = EndpointFile::read(dir.filePath(QStringLiteral("none.json")));
    QVERIFY(!missing.ok());
    QVERIFY(!missing.errors.first().message.isEmpty());
    QByteArray deep(5000, '[');
    QVERIFY(!EndpointFile::parse(deep).ok()); // deeply nested: refused, not a crash
    QVERIFY(!EndpointFile::parse(QByteArray()).ok());
}

void TestEndpointFile::exampleFileReads()
{
    const EndpointFileContents file = EndpointFile::read(QFINDTESTDATA("../docs/examples/endpoints.json"));
    QVERIFY2(file.ok(), qPrintable(file.errors.value(0).text()));
    QCOMPARE(file.endpoints.size(), 4);
    QVERIFY(file.warnings.isEmpty());
}

void TestEndpointFile::schemaSaysWhatTheLimitsSay()
{
    QFile schemaFile(QFINDTESTDATA("../docs/endpoint-file.schema.json"));
    QVERIFY(schemaFile.open(QIODevice::ReadOnly));
    const QJsonObject fields = QJsonDocument::fromJson(schemaFile.readAll())
                                   .object()
                                   .value(QStringLiteral("properties"))
                                   .toObject()
                                   .value(QStringLiteral("defaults"))
                                   .toObject()
                                   .value(QStringLiteral("properties"))
                                   .toObject();
    auto same = [&fields](const char *key, double low, double high, double fallback) {
        const QJsonObject field = fields.value(QLatin1String(key)).toObject();
        return field.value(QStringLiteral("minimum")).toDouble() == low &&
               field.value(QStringLiteral("maximum")).toDouble() == high &&
               field.value(QStringLiteral("default")).toDouble() == fallback;
    };
#define NETPULSE_SAME(key, range)                                                                                      \
    QVERIFY2(same(key, double(range.low), double(range.high), double(range.fallback)), key)
    NETPULSE_SAME("interval_ms", Limits::intervalMs);
    NETPULSE_SAME("timeout_ms", Limits::timeoutMs);
    NETPULSE_SAME("deadline_ms", Limits::deadlineMs);
    NETPULSE_SAME("max_body_bytes", Limits::maxBodyBytes);
    NETPULSE_SAME("max_redirects", Limits::maxRedirects);
    NETPULSE_SAME("retries", Limits::retries);
    NETPULSE_SAME("backoff_initial_ms", Limits::backoffInitialMs);
    NETPULSE_SAME("backoff_max_ms", Limits::backoffMaxMs);
    NETPULSE_SAME("backoff_multiplier", Limits::backoffMultiplier);
    NETPULSE_SAME("down_interval_ms", Limits::downIntervalMs);
    NETPULSE_SAME("slow_ms", Limits::slowMs);
#undef NETPULSE_SAME
}

QTEST_GUILESS_MAIN(TestEndpointFile)
#include "TestEndpointFile.moc"
