// `netpulse --headless` as another program sees it: run the real binary, parse its stdout back.
#include <csignal>

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "FaultServer.h"
#include "ReportReceiver.h"

#include "history/HistoryStore.h"

using namespace NetPulse;
using NetPulse::Demo::FaultServer;

class TestHeadless : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void onceOkPrintsOneCompleteLine();
    void attemptsGoIntoTheHistory();
    void reportsSurviveKillNine();
    void anOutageGoesOnAcrossKillNine();
    void endpointFileIsWatchedAndReloaded();
    void badEndpointFileAtStartIsExitTwo();
    void exitStatusPerFamily_data();
    void exitStatusPerFamily();
    void repeatsForCount();
    void retriesFollowTheSchedule();
    void postIsNotRetriedAndSaysWhy();
    void signalsEndCleanly_data();
    void signalsEndCleanly();
    void secretsNeverPrinted();
    void cachedDataSurvivesRestart();
    void unusableCacheDirectoryIsAWarningNotAFailure();
    void badInputIsOneLine_data();
    void badInputIsOneLine();

private:
    struct Run
    {
        int exitCode = -1;
        QList<QJsonObject> lines;
        QByteArray out;
        QByteArray err;
    };
    Run run(const QStringList &arguments);

    FaultServer m_server;
    QString m_program;
    QTemporaryDir m_cacheHome; // the default cache and data locations of every run here
    QProcessEnvironment environment() const;
};

QProcessEnvironment TestHeadless::environment() const
{
    // Nothing a test runs writes into the real home: cache and history go to a temporary folder.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_cacheHome.path() + QStringLiteral("/cache"));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_cacheHome.path() + QStringLiteral("/data"));
    return environment;
}

void TestHeadless::attemptsGoIntoTheHistory()
{
    QTemporaryDir data;
    const QUrl url = m_server.url(QStringLiteral("/status/503"));
    const Run first =
        run({QStringLiteral("--headless"), QStringLiteral("--count"), QStringLiteral("2"), QStringLiteral("--interval"),
             QStringLiteral("100"), QStringLiteral("--retries"), QStringLiteral("0"), QStringLiteral("--down-interval"),
             QStringLiteral("100"), QStringLiteral("--data-dir"), data.path(), url.toString()});
    QCOMPARE(first.exitCode, 0);
    QVERIFY(QFile::exists(data.filePath(HistoryStore::fileName())));
    HistoryStore history(data.path());
    QCOMPARE(history.attemptCount(), 2);
    const auto rows = history.recentAttempts(0, 10);
    QCOMPARE(rows.first().second.kind, FailureKind::HttpServerError);
    QVERIFY(rows.first().first.startsWith(QLatin1String("headless:GET http://127.0.0.1:")));
    // --no-history writes nothing (the default location is emptied first: other runs here use it).
    QVERIFY(QDir(m_cacheHome.path() + QStringLiteral("/data")).removeRecursively());
    const Run second =
        run({QStringLiteral("--headless"), QStringLiteral("--once"), QStringLiteral("--no-history"), url.toString()});
    QCOMPARE(second.exitCode, 6);
    QVERIFY(!QFile::exists(m_cacheHome.path() + QStringLiteral("/data/netpulse/") + HistoryStore::fileName()));
}

// Killed while an endpoint of its file is down and started again on the same profile: the outage
// goes on (one "down" report for it), while each run reports its own failed checks.
void TestHeadless::anOutageGoesOnAcrossKillNine()
{
    QTemporaryDir data;
    ReportReceiver receiver;
    QVERIFY(receiver.listen());
    const QString file = data.filePath(QStringLiteral("down.json"));
    QFile config(file);
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(
        QStringLiteral(R"({"version": 1, "defaults": {"retries": 0, "interval_ms": 300, "down_interval_ms": 300},
 "endpoints": [{"name": "refusing", "url": "%1"}]})")
            .arg(m_server.refusedUrl().toString())
            .toUtf8());
    config.close();
    const QStringList arguments{
        QStringLiteral("--headless"),   QStringLiteral("--config"), file, QStringLiteral("--data-dir"), data.path(),
        QStringLiteral("--report-url"), receiver.url().toString()};
    auto count = [&receiver](const char *type, const QString &state = QString()) {
        int found = 0;
        for (const QJsonObject &event : std::as_const(receiver.acceptedEvents)) {
            if (event.value(QStringLiteral("type")).toString() == QLatin1String(type) &&
                (state.isEmpty() ||
                 event.value(QStringLiteral("data")).toObject().value(QStringLiteral("state")).toString() == state))
                ++found;
        }
        return found;
    };
    const char *failed = "dev.netpulse.probe.failed";
    const char *changed = "dev.netpulse.endpoint.state_changed";
    QProcess first;
    first.setProcessEnvironment(environment());
    first.start(m_program, arguments);
    QVERIFY(first.waitForStarted());
    QTRY_COMPARE_WITH_TIMEOUT(count(changed, QStringLiteral("down")), 1, 20000);
    // A later check reported: the state change is in the history file by then (batches of 250 ms).
    const int before = count(failed);
    QTRY_VERIFY_WITH_TIMEOUT(count(failed) > before + 1, 20000);
    first.kill();
    QVERIFY(first.waitForFinished(5000));

    const int atKill = count(failed);
    QProcess second;
    second.setProcessEnvironment(environment());
    second.start(m_program, arguments);
    QVERIFY(second.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(count(failed) >= atKill + 2, 20000);
    second.terminate();
    QVERIFY(second.waitForFinished(5000));
    QCOMPARE(count(changed, QStringLiteral("down")), 1);
}

void TestHeadless::reportsSurviveKillNine()
{
    // Reports pile up in the outbox while the backend answers 500; the process is killed with
    // SIGKILL; the next run, with the backend back, delivers every one of them, none twice.
    QTemporaryDir data;
    ReportReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setMode(ReportReceiver::Mode::Fail500);
    const QStringList arguments = {QStringLiteral("--headless"),
                                   QStringLiteral("--interval"),
                                   QStringLiteral("100"),
                                   QStringLiteral("--retries"),
                                   QStringLiteral("0"),
                                   QStringLiteral("--down-interval"),
                                   QStringLiteral("100"),
                                   QStringLiteral("--data-dir"),
                                   data.path(),
                                   QStringLiteral("--report-url"),
                                   receiver.url().toString(),
                                   QStringLiteral("--report-header"),
                                   QStringLiteral("Authorization: Bearer kill9-token"),
                                   m_server.url(QStringLiteral("/status/503")).toString()};
    QProcess victim;
    victim.setProcessEnvironment(environment());
    victim.start(m_program, arguments);
    QVERIFY(victim.waitForStarted());
    // Two refused batches at least: the backoff has had its turn and reports are waiting.
    QTRY_VERIFY_WITH_TIMEOUT(receiver.requests.size() >= 2, 20000);
    QCOMPARE(receiver.requests.constFirst().headers.value("authorization"), QByteArray("Bearer kill9-token"));
    victim.kill();
    QVERIFY(victim.waitForFinished(5000));
    QCOMPARE(victim.exitStatus(), QProcess::CrashExit);

    QStringList queued;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("killed"));
        db.setDatabaseName(data.filePath(HistoryStore::fileName()));
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("SELECT id FROM outbox ORDER BY seq")));
        while (query.next())
            queued << query.value(0).toString();
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("killed"));
    QVERIFY2(queued.size() >= 5, qPrintable(QString::number(queued.size())));
    for (const QString &id : std::as_const(receiver.seenIds))
        QVERIFY2(queued.contains(id), "a report the backend refused was not kept");

    receiver.setMode(ReportReceiver::Mode::Accept);
    QStringList again = arguments;
    again.insert(1, QStringLiteral("--count"));
    again.insert(2, QStringLiteral("1"));
    const Run second = run(again);
    QCOMPARE(second.exitCode, 0);
    QVERIFY2(!second.err.contains("kill9-token") && !second.out.contains("kill9-token"), second.err.constData());
    const QSet<QString> delivered(receiver.acceptedIds.cbegin(), receiver.acceptedIds.cend());
    QCOMPARE(delivered.size(), receiver.acceptedIds.size()); // none twice
    int lost = 0;
    for (const QString &id : std::as_const(queued))
        lost += delivered.contains(id) ? 0 : 1;
    QCOMPARE(lost, 0);
    qInfo("kill -9 with %d reports queued: %d delivered after the restart (with the new run's own), 0 duplicated, "
          "0 lost",
          int(queued.size()), int(delivered.size()));
    // The token is sent, never stored (the write-ahead log included).
    for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
        QFile database(data.filePath(HistoryStore::fileName() + suffix));
        if (database.open(QIODevice::ReadOnly))
            QVERIFY(!database.readAll().contains("kill9-token"));
    }
}

void TestHeadless::endpointFileIsWatchedAndReloaded()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("endpoints.json"));
    auto writeFile = [&path](const QByteArray &text) {
        QFile file(path + QStringLiteral(".new"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
        file.close();
        // Saved the way editors do: a new file renamed over the old one.
        QFile::remove(path);
        QVERIFY(QFile::rename(path + QStringLiteral(".new"), path));
    };
    const QByteArray ok = m_server.url(QStringLiteral("/ok")).toString().toUtf8();
    const QByteArray refused = m_server.refusedUrl().toString().toUtf8();
    const QByteArray slow = m_server.url(QStringLiteral("/status/503")).toString().toUtf8();
    writeFile("{\"version\": 1, \"defaults\": {\"interval_ms\": 200, \"retries\": 0, \"down_interval_ms\": 200},\n"
              " \"endpoints\": [{\"name\": \"healthy\", \"url\": \"" +
              ok +
              "\"},\n"
              "  {\"name\": \"refusing\", \"url\": \"" +
              refused + "\"}]}");
    QProcess process;
    process.setProcessEnvironment(environment());
    QByteArray out;
    QByteArray err;
    connect(&process, &QProcess::readyReadStandardOutput, this, [&] { out += process.readAllStandardOutput(); });
    connect(&process, &QProcess::readyReadStandardError, this, [&] { err += process.readAllStandardError(); });
    process.start(m_program, {QStringLiteral("--headless"), QStringLiteral("--no-cache"), QStringLiteral("--data-dir"),
                              dir.filePath(QStringLiteral("data")), QStringLiteral("--config"), path});
    QVERIFY(process.waitForStarted());
    auto lines = [&out](const QString &name) {
        QList<QJsonObject> found;
        for (const QByteArray &line : out.split('\n')) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            if (object.value(QStringLiteral("name")).toString() == name)
                found << object;
        }
        return found;
    };
    QTRY_VERIFY_WITH_TIMEOUT(
        lines(QStringLiteral("healthy")).size() >= 2 && lines(QStringLiteral("refusing")).size() >= 2, 15000);
    QCOMPARE(lines(QStringLiteral("healthy")).constFirst().value(QStringLiteral("kind")).toString(),
             QStringLiteral("ok"));
    QCOMPARE(lines(QStringLiteral("refusing")).constFirst().value(QStringLiteral("kind")).toString(),
             QStringLiteral("connection_refused"));
    QVERIFY2(err.contains("watching 2 endpoints: 2 added (healthy, refusing)"), err.constData());

    // Edited: "refusing" goes, "server error" comes, "healthy" is untouched.
    writeFile("{\"version\": 1, \"defaults\": {\"interval_ms\": 200, \"retries\": 0, \"down_interval_ms\": 200},\n"
              " \"endpoints\": [{\"name\": \"healthy\", \"url\": \"" +
              ok +
              "\"},\n"
              "  {\"name\": \"server error\", \"url\": \"" +
              slow + "\"}]}");
    QTRY_VERIFY_WITH_TIMEOUT(
        err.contains("watching 2 endpoints: 1 added (server error); 1 removed (refusing); 1 unchanged"), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(!lines(QStringLiteral("server error")).isEmpty(), 15000);
    // "healthy" kept its run: its attempts go on, none was cancelled by the reload.
    for (const QJsonObject &line : lines(QStringLiteral("healthy")))
        QCOMPARE(line.value(QStringLiteral("kind")).toString(), QStringLiteral("ok"));

    // A broken file changes nothing and says where it is broken.
    const qsizetype before = lines(QStringLiteral("server error")).size();
    writeFile("{\"version\": 1, \"endpoints\": [{\"name\": \"x\", \"url\": \"" + ok + "\", \"interval_ms\": 5}]}");
    QTRY_VERIFY_WITH_TIMEOUT(err.contains("endpoints.json:1:"), 15000);
    QVERIFY2(err.contains(": x: interval_ms: 5 is below the minimum 100"), err.constData());
    QVERIFY(err.contains("not applied; still watching the 2 endpoints read before"));
    QTRY_VERIFY_WITH_TIMEOUT(lines(QStringLiteral("server error")).size() > before + 1, 15000);

    // SIGHUP rereads it (still broken: said again), SIGTERM ends the run cleanly.
    const qsizetype said = err.count("not applied");
    ::kill(pid_t(process.processId()), SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(err.count("not applied") > said, 15000);
    process.terminate();
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
}

void TestHeadless::badEndpointFileAtStartIsExitTwo()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"version\": 1,\n \"endpoints\": [\n  {\"url\": \"http://127.0.0.1:1/\", \"retries\": -1}]}");
    file.close();
    const Run run =
        this->run({QStringLiteral("--headless"), QStringLiteral("--no-history"), QStringLiteral("--config"), path});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains("bad.json:3:34: http://127.0.0.1:1/: retries: -1 is below the minimum 0"),
             run.err.constData());
}

void TestHeadless::initTestCase()
{
    QVERIFY(m_server.start());
    QVERIFY(m_server.startTls());
    m_program = QStringLiteral(NETPULSE_BIN_DIR "/netpulse");
    QVERIFY2(QFile::exists(m_program), qPrintable(m_program));
}

TestHeadless::Run TestHeadless::run(const QStringList &arguments)
{
    // The fault server lives in this process, so the child must run while our event loop turns.
    QProcess process;
    process.setProcessEnvironment(environment());
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(m_program, arguments);
    Run result;
    if (!finished.wait(30000)) {
        process.kill();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    for (const QByteArray &line : result.out.split('\n')) {
        if (line.isEmpty())
            continue;
        const QJsonDocument document = QJsonDocument::fromJson(line);
        result.lines.append(document.isObject() ? document.object() : QJsonObject());
    }
    return result;
}

void TestHeadless::onceOkPrintsOneCompleteLine()
{
    const Run result =
        run({QStringLiteral("--headless"), QStringLiteral("--once"), m_server.url(QStringLiteral("/ok")).toString()});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.lines.size(), 1);
    QVERIFY2(result.err.isEmpty(), result.err.constData()); // no Qt chatter on stderr
    const QJsonObject line = result.lines.first();
    QCOMPARE(line.value(QStringLiteral("kind")).toString(), QStringLiteral("ok"));
    QCOMPARE(line.value(QStringLiteral("url")).toString(), m_server.url(QStringLiteral("/ok")).toString());
    QCOMPARE(line.value(QStringLiteral("attempt")).toInt(), 1);
    QCOMPARE(line.value(QStringLiteral("http_status")).toInt(), 200);
    QVERIFY(line.value(QStringLiteral("bytes")).toInt() > 0);
    QVERIFY(!line.value(QStringLiteral("message")).toString().isEmpty());
    QVERIFY(line.contains(QStringLiteral("detail")));
    QVERIFY(line.value(QStringLiteral("retry_in_ms")).isNull());
    QVERIFY(line.value(QStringLiteral("fallback")).isNull());
    const QDateTime ts = QDateTime::fromString(line.value(QStringLiteral("ts")).toString(), Qt::ISODateWithMs);
    QVERIFY(ts.isValid());
    QCOMPARE(ts.timeSpec(), Qt::UTC);
    const QJsonObject timings = line.value(QStringLiteral("timings_ms")).toObject();
    for (const char *key : {"connect", "ttfb", "transfer", "total"})
        QVERIFY2(timings.value(QLatin1String(key)).isDouble(), key);
    QVERIFY(timings.value(QStringLiteral("tls")).isNull()); // plain http: not reached
}

void TestHeadless::exitStatusPerFamily_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("http 404") << m_server.url(QStringLiteral("/status/404")).toString() << "http_client_error" << 6;
    QTest::newRow("http 503") << m_server.url(QStringLiteral("/status/503")).toString() << "http_server_error" << 6;
    QTest::newRow("refused") << m_server.refusedUrl().toString() << "connection_refused" << 3;
    QTest::newRow("silent") << m_server.url(QStringLiteral("/hang")).toString() << "response_timeout" << 4;
    QTest::newRow("tls") << m_server.tlsUrl(QStringLiteral("/ok")).toString() << "tls_error" << 5;
}

void TestHeadless::exitStatusPerFamily()
{
    QFETCH(QString, url);
    QFETCH(QString, kind);
    QFETCH(int, exitCode);
    const Run result = run({QStringLiteral("--headless"), QStringLiteral("--once"), QStringLiteral("--timeout"),
                            QStringLiteral("300"), url});
    QCOMPARE(result.lines.size(), 1);
    QCOMPARE(result.lines.first().value(QStringLiteral("kind")).toString(), kind);
    QCOMPARE(result.exitCode, exitCode);
}

void TestHeadless::repeatsForCount()
{
    const Run result =
        run({QStringLiteral("--headless"), QStringLiteral("--count"), QStringLiteral("3"), QStringLiteral("--interval"),
             QStringLiteral("100"), m_server.url(QStringLiteral("/status/500")).toString()});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.lines.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(result.lines.at(i).value(QStringLiteral("attempt")).toInt(), i + 1);
        QCOMPARE(result.lines.at(i).value(QStringLiteral("kind")).toString(), QStringLiteral("http_server_error"));
    }
}

void TestHeadless::retriesFollowTheSchedule()
{
    const Run result = run({QStringLiteral("--headless"), QStringLiteral("--count"), QStringLiteral("5"),
                            QStringLiteral("--retries"), QStringLiteral("2"), QStringLiteral("--backoff-initial"),
                            QStringLiteral("50"), QStringLiteral("--backoff-max"), QStringLiteral("1000"),
                            QStringLiteral("--jitter"), QStringLiteral("none"), QStringLiteral("--down-interval"),
                            QStringLiteral("200"), m_server.refusedUrl().toString()});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.lines.size(), 5);
    const QStringList states = {QStringLiteral("retrying"), QStringLiteral("retrying"), QStringLiteral("down"),
                                QStringLiteral("down"), QStringLiteral("down")};
    const QList<QJsonValue> retryIn = {50, 100, QJsonValue(), QJsonValue(), QJsonValue()};
    const QList<QJsonValue> nextCheck = {50, 100, 200, 200, QJsonValue()}; // the last promises nothing
    for (int i = 0; i < 5; ++i) {
        const QJsonObject line = result.lines.at(i);
        QCOMPARE(line.value(QStringLiteral("kind")).toString(), QStringLiteral("connection_refused"));
        QCOMPARE(line.value(QStringLiteral("attempt")).toInt(), i + 1);
        QCOMPARE(line.value(QStringLiteral("state")).toString(), states.at(i));
        QCOMPARE(line.value(QStringLiteral("retry_in_ms")).toDouble(-1), retryIn.at(i).toDouble(-1));
        QCOMPARE(line.value(QStringLiteral("next_check_in_ms")).toDouble(-1), nextCheck.at(i).toDouble(-1));
        QVERIFY(line.value(QStringLiteral("retries_used")).toInt() <= 2);
        QCOMPARE(line.value(QStringLiteral("retry_budget")).toInt(), 2);
    }
    QVERIFY(result.lines.at(2)
                .value(QStringLiteral("state_reason"))
                .toString()
                .contains(QLatin1String("gave up retrying after 2 retries")));
}

void TestHeadless::postIsNotRetriedAndSaysWhy()
{
    const Run result = run({QStringLiteral("--headless"), QStringLiteral("--count"), QStringLiteral("1"),
                            QStringLiteral("--method"), QStringLiteral("POST"), m_server.refusedUrl().toString()});
    QCOMPARE(result.lines.size(), 1);
    const QJsonObject line = result.lines.first();
    QCOMPARE(line.value(QStringLiteral("state")).toString(), QStringLiteral("down"));
    QVERIFY(line.value(QStringLiteral("retry_in_ms")).isNull());
    QVERIFY2(line.value(QStringLiteral("not_retried")).toString().contains(QLatin1String("POST is not idempotent")),
             qPrintable(line.value(QStringLiteral("not_retried")).toString()));
}

void TestHeadless::signalsEndCleanly_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("lastKind");
    QTest::newRow("SIGTERM between probes") << int(SIGTERM) << "/ok"
                                            << "ok";
    QTest::newRow("SIGINT during a probe") << int(SIGINT) << "/hang"
                                           << "cancelled";
}

void TestHeadless::signalsEndCleanly()
{
    QFETCH(int, signalNumber);
    QFETCH(QString, path);
    QFETCH(QString, lastKind);
    QProcess process;
    process.setProcessEnvironment(environment());
    QSignalSpy output(&process, &QProcess::readyReadStandardOutput);
    QSignalSpy started(&process, &QProcess::started);
    QSignalSpy finished(&process, &QProcess::finished);
    const int connectionsBefore = m_server.connectionsAccepted();
    process.start(m_program, {QStringLiteral("--headless"), QStringLiteral("--interval"), QStringLiteral("60000"),
                              m_server.url(path).toString()});
    QVERIFY(started.wait(10000));
    if (path == QLatin1String("/ok")) {
        QVERIFY(output.wait(10000)); // the first attempt is printed; the next is a minute away
    } else {
        // Wait until the request has reached the server, then interrupt the probe in flight.
        QTRY_VERIFY_WITH_TIMEOUT(m_server.connectionsAccepted() > connectionsBefore, 10000);
    }
    ::kill(pid_t(process.processId()), signalNumber);
    QVERIFY(finished.wait(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(lines.size(), 1);
    QCOMPARE(QJsonDocument::fromJson(lines.last()).object().value(QStringLiteral("kind")).toString(), lastKind);
}

void TestHeadless::secretsNeverPrinted()
{
    QUrl url = m_server.url(QStringLiteral("/echo?token=tok3n&page=2"));
    url.setUserName(QStringLiteral("alice"));
    url.setPassword(QStringLiteral("hunter2"));
    const Run result = run({QStringLiteral("--headless"), QStringLiteral("--once"), QStringLiteral("--header"),
                            QStringLiteral("Authorization: Bearer s3cr3t"), QStringLiteral("--header"),
                            QStringLiteral("Cookie: session=c00kie"), url.toString()});
    QCOMPARE(result.exitCode, 0);
    for (const char *secret : {"hunter2", "alice", "tok3n", "s3cr3t", "c00kie"})
        QVERIFY2(!result.out.contains(secret), secret);
    const QString printed = result.lines.first().value(QStringLiteral("url")).toString();
    QVERIFY2(printed.contains(QLatin1String("***@127.0.0.1")), qPrintable(printed));
    QVERIFY2(printed.contains(QLatin1String("token=***&page=2")), qPrintable(printed));
}

void TestHeadless::cachedDataSurvivesRestart()
{
    QTemporaryDir cacheDir;
    QUrl url;
    {
        FaultServer server;
        QVERIFY(server.start());
        url = server.url(QStringLiteral("/ok"));
        const Run first = run({QStringLiteral("--headless"), QStringLiteral("--once"), QStringLiteral("--cache-dir"),
                               cacheDir.path(), url.toString()});
        QCOMPARE(first.exitCode, 0);
        QVERIFY(first.lines.first().value(QStringLiteral("fallback")).isNull());
    }
    // The server is gone; a new process finds the previous run's data and says how old it is.
    const Run second = run({QStringLiteral("--headless"), QStringLiteral("--once"), QStringLiteral("--show-body"),
                            QStringLiteral("--cache-dir"), cacheDir.path(), url.toString()});
    QCOMPARE(second.exitCode, 3);
    const QList<QByteArray> out = second.out.trimmed().split('\n');
    QCOMPARE(out.size(), 2); // the JSON line, then the cached body
    const QJsonObject line = QJsonDocument::fromJson(out.at(0)).object();
    QCOMPARE(line.value(QStringLiteral("kind")).toString(), QStringLiteral("connection_refused"));
    const QJsonObject fallback = line.value(QStringLiteral("fallback")).toObject();
    QVERIFY(QDateTime::fromString(fallback.value(QStringLiteral("cached_at")).toString(), Qt::ISODateWithMs).isValid());
    QVERIFY(fallback.value(QStringLiteral("age_ms")).toDouble(-1) >= 0);
    QCOMPARE(fallback.value(QStringLiteral("status")).toInt(), 200);
    QCOMPARE(fallback.value(QStringLiteral("bytes")).toInt(), out.at(1).size());
    QVERIFY(out.at(1).contains("\"status\":\"ok\""));

    // --no-cache: nothing to fall back on.
    const Run uncached =
        run({QStringLiteral("--headless"), QStringLiteral("--once"), QStringLiteral("--no-cache"), url.toString()});
    QVERIFY(uncached.lines.first().value(QStringLiteral("fallback")).isNull());
}

void TestHeadless::unusableCacheDirectoryIsAWarningNotAFailure()
{
    QTemporaryDir dir;
    QFile blocker(dir.path() + QStringLiteral("/file"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const Run result =
        run({QStringLiteral("--headless"), QStringLiteral("--once"), QStringLiteral("--cache-dir"),
             blocker.fileName() + QStringLiteral("/cache"), m_server.url(QStringLiteral("/ok")).toString()});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.lines.size(), 1);
    QVERIFY2(result.err.startsWith("netpulse: cache: cannot create"), result.err.constData());
    QVERIFY(result.err.contains("memory only"));
}

void TestHeadless::badInputIsOneLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    const QString ok = m_server.url(QStringLiteral("/ok")).toString();
    QTest::newRow("no URL") << QStringList{QStringLiteral("--headless")} << "needs a URL";
    QTest::newRow("ftp URL") << QStringList{QStringLiteral("--headless"), QStringLiteral("ftp://x/")}
                             << "unsupported scheme";
    QTest::newRow("scheme only") << QStringList{QStringLiteral("--headless"), QStringLiteral("http://")} << "no host";
    QTest::newRow("timeout 0") << QStringList{QStringLiteral("--headless"), QStringLiteral("--timeout"),
                                              QStringLiteral("0"), ok}
                               << "--timeout must be a whole number from 50";
    QTest::newRow("timeout words") << QStringList{QStringLiteral("--headless"), QStringLiteral("--timeout"),
                                                  QStringLiteral("soon"), ok}
                                   << "--timeout";
    QTest::newRow("bad header") << QStringList{QStringLiteral("--headless"), QStringLiteral("--header"),
                                               QStringLiteral("NoColon"), ok}
                                << "--header";
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--headless"), QStringLiteral("--bogus"), ok}
                                    << "bogus";
    QTest::newRow("two URLs") << QStringList{QStringLiteral("--headless"), ok, ok} << "expected one URL";
    QTest::newRow("--once without --headless") << QStringList{QStringLiteral("--once"), ok} << "needs --headless";
    QTest::newRow("--show-body without --once")
        << QStringList{QStringLiteral("--headless"), QStringLiteral("--show-body"), ok} << "--show-body needs --once";
    QTest::newRow("bad jitter") << QStringList{QStringLiteral("--headless"), QStringLiteral("--jitter"),
                                               QStringLiteral("random"), ok}
                                << "--jitter must be full, equal, decorrelated or none";
    QTest::newRow("backoff max below initial")
        << QStringList{QStringLiteral("--headless"), QStringLiteral("--backoff-initial"),
                       QStringLiteral("5000"),       QStringLiteral("--backoff-max"),
                       QStringLiteral("1000"),       ok}
        << "backoff max (1000 ms) must not be below backoff initial (5000 ms)";
}

void TestHeadless::badInputIsOneLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
    const QList<QByteArray> lines = result.err.trimmed().split('\n');
    QCOMPARE(lines.size(), 2); // the problem, and "Try 'netpulse --help'."
    QVERIFY2(lines.first().startsWith("netpulse: "), lines.first().constData());
    QVERIFY2(QString::fromLocal8Bit(lines.first()).contains(mentions), lines.first().constData());
}

QTEST_GUILESS_MAIN(TestHeadless)
#include "TestHeadless.moc"
