// Isolation: healthy endpoints beside each hostile behaviour of the fault server, and beside all of
// them at once, in process and headless, and with both cores kept busy. A healthy check may never
// be told it failed because another endpoint misbehaves or the machine is busy: 0 healthy checks
// not `ok`, and the hostile endpoints keep their own kinds. With the cores busy, a check NetPulse
// could not make in time may say `netpulse_busy` (counted, and shown), never a server's failure.
//
// The servers are netpulse-demo-server processes, as the services a user watches are: a flood
// written by a server in this process would load this process's threads, which is not the case
// being tested.
#include <map>
#include <set>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "FaultCases.h"

#include "monitor/EndpointMonitor.h"
#include "probe/ProbeEngine.h"

using namespace NetPulse;

namespace {

constexpr int kHealthyEndpoints = 4;
constexpr int kHealthyChecksEach = 12;
constexpr int kIntervalMs = 250;
constexpr int kHealthyTimeoutMs = 1000;

// The hostile behaviours (the fault table's names): each holds a lane's HTTP thread busy, or ends a
// connection rudely.
const char *const kHostile[] = {
    "header flood (256 KiB cap)",
    "slow drip",
    "broken chunked encoding",
    "deflate body that inflates 1000-fold (not inflated)",
    "reset right after the request",
    "endless body",
    "endless headers",
};

const Test::FaultCase &faultCase(const QString &name)
{
    for (const Test::FaultCase &fault : Test::faultCases()) {
        if (name == QLatin1String(fault.name))
            return fault;
    }
    qFatal("no fault case %s", qPrintable(name));
}

struct Tally
{
    int healthyOk = 0;
    int healthyBusy = 0;
    QStringList healthyWrong; // what a healthy endpoint was told instead of ok
    // The same, while some hostile endpoint had not finished its first check: before its first
    // result NetPulse cannot know to keep it apart, and a header flood's first check can still hold
    // its lane's HTTP thread past a neighbour's limit (README, "Lanes"; issue 19 keeps this open).
    QStringList healthyWrongBeforeQuarantine;
    std::set<QString> hostileSeen;
    int hostileCount = 0;
    bool settled() const { return int(hostileSeen.size()) >= hostileCount; }
    int hostileChecks = 0;
    QStringList hostileWrong; // a hostile endpoint told something else than its own kind
};

} // namespace

class TestIsolation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void healthyBesideHostile_data();
    void healthyBesideHostile();
    void healthyBesideHostileWhileCoresAreBusy();
    void headlessHealthyBesideHostile();

private:
    QUrl startServer(QProcess *process);
    void stopBusyLoops();
    void watch(const QStringList &hostile, Tally *tally);
    MonitorSettings settingsFor(const QUrl &url, int timeoutMs, int deadlineMs, qint64 maxBody) const;

    QProcess m_healthyServer;
    QProcess m_hostileServer;
    QUrl m_healthy;
    QUrl m_hostile;
    QList<QProcess *> m_busyLoops;
};

QUrl TestIsolation::startServer(QProcess *process)
{
    process->start(
        QStringLiteral(NETPULSE_BIN_DIR "/netpulse-demo-server"),
        {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--json"), QStringLiteral("--exit-with-stdin")});
    if (!process->waitForStarted(10000))
        return QUrl();
    while (!process->canReadLine()) {
        if (!process->waitForReadyRead(10000))
            return QUrl();
    }
    const QJsonObject urls = QJsonDocument::fromJson(process->readLine()).object();
    return QUrl(urls.value(QStringLiteral("base")).toString());
}

void TestIsolation::initTestCase()
{
    qRegisterMetaType<ProbeResult>();
    qRegisterMetaType<MonitorStatus>();
    m_healthy = startServer(&m_healthyServer);
    m_hostile = startServer(&m_hostileServer);
    QVERIFY2(m_healthy.isValid() && m_hostile.isValid(), "netpulse-demo-server did not start");
}

void TestIsolation::stopBusyLoops()
{
    // SIGTERM, not SIGKILL: timeout(1) passes the signal on to its loop, while a killed timeout
    // would leave the loop running, orphaned, for every test after this one.
    for (QProcess *loop : std::as_const(m_busyLoops)) {
        loop->terminate();
        if (!loop->waitForFinished(5000))
            loop->kill();
        delete loop;
    }
    m_busyLoops.clear();
}

void TestIsolation::cleanupTestCase()
{
    stopBusyLoops();
    for (QProcess *server : {&m_healthyServer, &m_hostileServer}) {
        server->closeWriteChannel(); // --exit-with-stdin
        if (!server->waitForFinished(5000))
            server->kill();
    }
}

MonitorSettings TestIsolation::settingsFor(const QUrl &url, int timeoutMs, int deadlineMs, qint64 maxBody) const
{
    MonitorSettings s;
    s.probe.url = url;
    // A watched endpoint's deadline is never under its timeout; where the table's is, it decides.
    s.probe.inactivityTimeoutMs = std::min(timeoutMs, deadlineMs);
    s.probe.totalDeadlineMs = deadlineMs;
    s.probe.maxBodyBytes = maxBody;
    s.intervalMs = kIntervalMs;
    s.downIntervalMs = kIntervalMs;
    s.backoff.initialMs = kIntervalMs;
    s.backoff.capMs = kIntervalMs;
    s.recoveryWatch = false;
    return s;
}

void TestIsolation::watch(const QStringList &hostile, Tally *out)
{
    Tally &tally = *out;
    ProbeEngine engine;
    std::vector<std::unique_ptr<EndpointMonitor>> monitors;
    std::map<EndpointMonitor *, int> healthyChecks;
    for (int i = 0; i < kHealthyEndpoints; ++i) {
        auto monitor = std::make_unique<EndpointMonitor>(&engine);
        QUrl url = m_healthy;
        url.setPath(QStringLiteral("/ok"));
        url.setQuery(QStringLiteral("endpoint=%1").arg(i));
        QCOMPARE(monitor->setSettings(settingsFor(url, kHealthyTimeoutMs, 30000, Test::kMiB)), QString());
        EndpointMonitor *raw = monitor.get();
        healthyChecks[raw] = 0;
        connect(raw, &EndpointMonitor::attemptFinished, this, [&, raw](const ProbeResult &result) {
            if (result.kind == FailureKind::Cancelled)
                return;
            ++healthyChecks[raw];
            if (result.isOk())
                ++tally.healthyOk;
            else if (result.kind == FailureKind::NetPulseBusy)
                ++tally.healthyBusy;
            else
                (tally.settled() ? tally.healthyWrong : tally.healthyWrongBeforeQuarantine)
                    .append(failureKindName(result.kind) + QStringLiteral(": ") + result.detail);
        });
        monitors.push_back(std::move(monitor));
    }
    tally.hostileCount = int(hostile.size());
    for (const QString &name : hostile) {
        const Test::FaultCase &fault = faultCase(name);
        auto monitor = std::make_unique<EndpointMonitor>(&engine);
        QUrl url = m_hostile.resolved(QUrl(QString::fromLatin1(fault.path)));
        QCOMPARE(monitor->setSettings(settingsFor(url, fault.timeoutMs, fault.deadlineMs, fault.maxBody)), QString());
        connect(monitor.get(), &EndpointMonitor::attemptFinished, this, [&, name](const ProbeResult &result) {
            if (result.kind == FailureKind::Cancelled || result.kind == FailureKind::NetPulseBusy)
                return;
            ++tally.hostileChecks;
            tally.hostileSeen.insert(name);
            if (!result.laneNote.isEmpty() || qEnvironmentVariableIsSet("NETPULSE_ISOLATION_TRACE"))
                qInfo("%s on %s: %s %s", qPrintable(name), qPrintable(result.lane),
                      qPrintable(failureKindName(result.kind)), qPrintable(result.laneNote));
            const Test::FaultCase &f = faultCase(name);
            if (failureKindName(result.kind) != QLatin1String(f.kind))
                tally.hostileWrong.append(name + QStringLiteral(" → ") + failureKindName(result.kind) +
                                          QStringLiteral(": ") + result.detail.left(160));
        });
        monitors.push_back(std::move(monitor));
    }
    for (const auto &monitor : monitors)
        monitor->start();
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(healthyChecks.begin(), healthyChecks.end(),
                                         [](const auto &entry) { return entry.second >= kHealthyChecksEach; }),
                             120000);
    for (const auto &monitor : monitors)
        monitor->stop();
}

void TestIsolation::healthyBesideHostile_data()
{
    QTest::addColumn<QStringList>("hostile");
    for (const char *name : kHostile)
        QTest::newRow(name) << QStringList{QString::fromLatin1(name)};
    QStringList all;
    for (const char *name : kHostile)
        all << QString::fromLatin1(name);
    QTest::newRow("all together") << all;
}

void TestIsolation::healthyBesideHostile()
{
    QFETCH(QStringList, hostile);
    Tally tally;
    watch(hostile, &tally);
    qInfo("healthy: %d ok, %d netpulse_busy, %lld wrong; hostile: %d checks, %lld with another kind", tally.healthyOk,
          tally.healthyBusy, qlonglong(tally.healthyWrong.size()), tally.hostileChecks,
          qlonglong(tally.hostileWrong.size()));
    for (const QString &said : std::as_const(tally.healthyWrongBeforeQuarantine))
        qInfo("before every hostile endpoint had been seen once: %s", qPrintable(said.left(200)));
    QVERIFY2(tally.healthyWrong.isEmpty(), qPrintable(tally.healthyWrong.join(QStringLiteral("\n"))));
    QCOMPARE(tally.healthyBusy, 0); // on a machine doing nothing else, NetPulse is never too busy
    QVERIFY2(tally.hostileWrong.isEmpty(), qPrintable(tally.hostileWrong.join(QStringLiteral("\n"))));
    QVERIFY(tally.hostileChecks > 0);
}

void TestIsolation::healthyBesideHostileWhileCoresAreBusy()
{
    // A developer's laptop compiling: one CPU-bound loop per core, each ending by itself within
    // two minutes should this test die before it stops them.
    for (int i = 0; i < QThread::idealThreadCount(); ++i) {
        auto *loop = new QProcess;
        loop->start(QStringLiteral("timeout"), {QStringLiteral("120"), QStringLiteral("sh"), QStringLiteral("-c"),
                                                QStringLiteral("while :; do :; done")});
        QVERIFY(loop->waitForStarted(10000));
        m_busyLoops.append(loop);
    }
    QStringList all;
    for (const char *name : kHostile)
        all << QString::fromLatin1(name);
    Tally tally;
    watch(all, &tally);
    stopBusyLoops();
    qInfo("cores busy: healthy %d ok, %d netpulse_busy (NetPulse's own delay, said as such), %lld wrong; hostile "
          "%d checks, %lld with another kind",
          tally.healthyOk, tally.healthyBusy, qlonglong(tally.healthyWrong.size()), tally.hostileChecks,
          qlonglong(tally.hostileWrong.size()));
    for (const QString &said : std::as_const(tally.healthyWrongBeforeQuarantine))
        qInfo("before every hostile endpoint had been seen once: %s", qPrintable(said.left(200)));
    QVERIFY2(tally.healthyWrong.isEmpty(), qPrintable(tally.healthyWrong.join(QStringLiteral("\n"))));
    QVERIFY2(tally.hostileWrong.isEmpty(), qPrintable(tally.hostileWrong.join(QStringLiteral("\n"))));
}

void TestIsolation::headlessHealthyBesideHostile()
{
    // The product as a process: an endpoint file with the healthy and the hostile endpoints.
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    QString endpoints;
    for (int i = 0; i < kHealthyEndpoints; ++i) {
        endpoints += QStringLiteral(R"({"name": "healthy-%1", "url": "%2/ok?endpoint=%1", "timeout_ms": %3},)")
                         .arg(i)
                         .arg(m_healthy.toString())
                         .arg(kHealthyTimeoutMs);
    }
    for (const char *name : kHostile) {
        const Test::FaultCase &fault = faultCase(QString::fromLatin1(name));
        endpoints += QStringLiteral(
                         R"({"name": "%1", "url": "%2%3", "timeout_ms": %4, "deadline_ms": %5, "max_body_bytes": %6},)")
                         .arg(QString::fromLatin1(name), m_hostile.toString(), QString::fromLatin1(fault.path))
                         .arg(std::min(fault.timeoutMs, fault.deadlineMs))
                         .arg(fault.deadlineMs)
                         .arg(fault.maxBody);
    }
    endpoints.chop(1);
    const QString path = directory.filePath(QStringLiteral("endpoints.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(R"({"version": 1, "defaults": {"interval_ms": %1, "retries": 0, "recovery_watch": false},
                                  "endpoints": [%2]})")
                   .arg(kIntervalMs)
                   .arg(endpoints)
                   .toUtf8());
    file.close();

    QProcess netpulse;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), directory.filePath(QStringLiteral("cache")));
    netpulse.setProcessEnvironment(environment);
    netpulse.start(QStringLiteral(NETPULSE_BIN_DIR "/netpulse"),
                   {QStringLiteral("--headless"), QStringLiteral("--no-history"), QStringLiteral("--config"), path});
    QVERIFY(netpulse.waitForStarted(10000));
    std::map<QString, int> healthyChecks;
    Tally tally;
    tally.hostileCount = int(std::size(kHostile));
    QByteArray pending;
    auto healthyDone = [&] {
        pending += netpulse.readAllStandardOutput();
        qsizetype end = 0;
        while ((end = pending.indexOf('\n')) >= 0) {
            const QJsonObject line = QJsonDocument::fromJson(pending.left(end)).object();
            pending.remove(0, end + 1);
            const QString name = line.value(QStringLiteral("name")).toString();
            const QString kind = line.value(QStringLiteral("kind")).toString();
            const QString said = kind + QStringLiteral(": ") + line.value(QStringLiteral("detail")).toString();
            if (name.startsWith(QLatin1String("healthy-"))) {
                ++healthyChecks[name];
                if (kind == QLatin1String("ok"))
                    ++tally.healthyOk;
                else if (kind == QLatin1String("netpulse_busy"))
                    ++tally.healthyBusy;
                else
                    (tally.settled() ? tally.healthyWrong : tally.healthyWrongBeforeQuarantine)
                        .append(name + QStringLiteral(" → ") + said);
            } else if (kind != QLatin1String("netpulse_busy")) {
                ++tally.hostileChecks;
                tally.hostileSeen.insert(name);
                if (kind != QLatin1String(faultCase(name).kind))
                    tally.hostileWrong.append(name + QStringLiteral(" → ") + said.left(160));
            }
        }
        return healthyChecks.size() == size_t(kHealthyEndpoints) &&
               std::all_of(healthyChecks.begin(), healthyChecks.end(),
                           [](const auto &entry) { return entry.second >= kHealthyChecksEach; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(healthyDone(), 120000);
    netpulse.terminate();
    QVERIFY(netpulse.waitForFinished(15000));
    qInfo("headless: healthy %d ok, %d netpulse_busy, %lld wrong; hostile %d checks, %lld with another kind",
          tally.healthyOk, tally.healthyBusy, qlonglong(tally.healthyWrong.size()), tally.hostileChecks,
          qlonglong(tally.hostileWrong.size()));
    for (const QString &said : std::as_const(tally.healthyWrongBeforeQuarantine))
        qInfo("before every hostile endpoint had been seen once: %s", qPrintable(said.left(200)));
    QVERIFY2(tally.healthyWrong.isEmpty(), qPrintable(tally.healthyWrong.join(QStringLiteral("\n"))));
    QCOMPARE(tally.healthyBusy, 0);
    QVERIFY2(tally.hostileWrong.isEmpty(), qPrintable(tally.hostileWrong.join(QStringLiteral("\n"))));
}

QTEST_GUILESS_MAIN(TestIsolation)
#include "TestIsolation.moc"
