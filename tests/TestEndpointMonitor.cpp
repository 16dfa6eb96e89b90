// The monitor against real sockets with its timers shortened: down → retrying → up, Retry now,
// settings changes mid-flight, offline pause and resume.
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "FaultServer.h"

#include "cache/ResponseCache.h"
#include "monitor/EndpointMonitor.h"
#include "probe/NetworkReachability.h"
#include "probe/ProbeEngine.h"
#include "probe/ProbeHandle.h"

using namespace NetPulse;
using NetPulse::Demo::FaultServer;

class TestEndpointMonitor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void downRetryingThenUpAgainstFlappingServer();
    void aFailureItsRetriesGetOverIsNoOutage();
    void retryNowIsIgnoredWhileInFlight();
    void retryNowProbesAtOnceWithoutRefillingTheBudget();
    void settingsChangeCancelsTheCheckInFlight();
    void rapidStartStopAndUrlChanges();
    void invalidSettingsAreRefusedWithTheFieldNamed();
    void offlinePausesAndResumesAtOnce();
    void stopsByItselfAfterMaxAttempts();
    void failuresCarryTheLastGoodData();
    void recoveryWatchChecksAsSoonAsThePortAccepts();
    void recoveryWatchCanBeSwitchedOff();

private:
    MonitorSettings fast(const QUrl &url) const;

    FaultServer m_server;
};

void TestEndpointMonitor::initTestCase()
{
    qRegisterMetaType<ProbeResult>();
    qRegisterMetaType<MonitorStatus>();
    QVERIFY(m_server.start());
}

MonitorSettings TestEndpointMonitor::fast(const QUrl &url) const
{
    MonitorSettings s;
    s.probe.url = url;
    s.probe.inactivityTimeoutMs = 2000;
    s.intervalMs = 200;
    s.retries = 3;
    s.backoff = {100, 2.0, 1000, JitterMode::None};
    s.downIntervalMs = 500;
    return s;
}

void TestEndpointMonitor::downRetryingThenUpAgainstFlappingServer()
{
    FaultServer flapping;
    QVERIFY(flapping.startFlapping({60000, 1500, true}));
    ProbeEngine engine;
    EndpointMonitor monitor(&engine);
    QVERIFY(monitor.setSettings(fast(flapping.flappingUrl())).isEmpty());
    QList<MonitorState> states;
    QList<int> retriesUsed;
    connect(&monitor, &EndpointMonitor::stateChanged, this,
            [&](const MonitorStatus &status) { states << status.state; });
    connect(&monitor, &EndpointMonitor::attemptFinished, this,
            [&](const ProbeResult &, const MonitorStatus &status) { retriesUsed << status.retriesUsed; });
    QSignalSpy health(&monitor, &EndpointMonitor::healthChanged);
    monitor.start();
    QTRY_VERIFY_WITH_TIMEOUT(states.contains(MonitorState::Up), 15000);
    monitor.stop();

    // Refusing: retries 1..3 at 100, 200, 400 ms, then down at the 500 ms pace, then recovered, then up.
    const qsizetype retrying = states.indexOf(MonitorState::Retrying);
    const qsizetype down = states.indexOf(MonitorState::Down);
    const qsizetype degraded = states.indexOf(MonitorState::Degraded);
    const qsizetype up = states.indexOf(MonitorState::Up);
    QVERIFY(retrying >= 0 && retrying < down && down < degraded && degraded < up);
    QCOMPARE(retriesUsed.mid(0, 4), (QList<int>{1, 2, 3, 3}));
    for (int used : retriesUsed)
        QVERIFY(used <= 3); // never more retries than the budget
    QVERIFY(health.size() >= 2);
    QCOMPARE(health.at(0).at(0).toBool(), false);
    QCOMPARE(health.at(1).at(0).toBool(), true);
}

void TestEndpointMonitor::aFailureItsRetriesGetOverIsNoOutage()
{
    // Refusing until the first retry is planned, then up for good: the retries get over it.
    // Retrying, then up again: never down, and no health change to notify (a notification said
    // "is down" at the first failed try).
    FaultServer flapping;
    QVERIFY(flapping.startFlapping({600000, 600000, true}));
    ProbeEngine engine;
    EndpointMonitor monitor(&engine);
    MonitorSettings settings = fast(flapping.flappingUrl());
    settings.retries = 20;
    settings.backoff = {100, 1.0, 100, JitterMode::None};
    QVERIFY(monitor.setSettings(settings).isEmpty());
    QList<MonitorState> states;
    connect(&monitor, &EndpointMonitor::stateChanged, this, [&](const MonitorStatus &status) {
        states << status.state;
        if (status.state == MonitorState::Retrying)
            flapping.setFlapping(true);
    });
    QSignalSpy health(&monitor, &EndpointMonitor::healthChanged);
    monitor.start();
    QTRY_VERIFY_WITH_TIMEOUT(monitor.status().isHealthy(), 15000);
    monitor.stop();
    QVERIFY(states.contains(MonitorState::Retrying));
    QVERIFY(!states.contains(MonitorState::Down));
    QCOMPARE(health.size(), 0);
}

void TestEndpointMonitor::retryNowIsIgnoredWhileInFlight()
{
    ProbeEngine engine;
    EndpointMonitor monitor(&engine);
    monitor.setSettings(fast(m_server.url(QStringLiteral("/hang"))));
    const int before = m_server.connectionsAccepted();
    QSignalSpy started(&monitor, &EndpointMonitor::attemptStarted);
    monitor.start();
    QTRY_COMPARE_WITH_TIMEOUT(m_server.connectionsAccepted(), before + 1, 5000);
    QVERIFY(monitor.isProbing());
    QVERIFY(!monitor.retryNow());
    QVERIFY(!monitor.retryNow());
    QCOMPARE(started.size(), 1);
    QVERIFY(!started.wait(300));
    QCOMPARE(m_server.connectionsAccepted(), before + 1); // exactly one request went out
    monitor.stop();
}

void TestEndpointMonitor::retryNowProbesAtOnceWithoutRefillingTheBudget()
{
    ProbeEngine engine;
    EndpointMonitor monitor(&engine);
    MonitorSettings s = fast(m_server.refusedUrl());
    s.backoff = {60000, 2.0, 120000, JitterMode::None}; // the next retry would be a minute away
    monitor.setSettings(s);
    QSignalSpy finished(&monitor, &EndpointMonitor::attemptFinished);
    monitor.start();
    QVERIFY(finished.wait(5000));
    QCOMPARE(monitor.status().state, MonitorState::Retrying);
    QVERIFY(*monitor.msUntilNextAttempt() > 50000);
    QVERIFY(monitor.retryNow());
    QVERIFY(finished.wait(5000));
    QCOMPARE(monitor.status().retriesUsed, 2);
    QCOMPARE(monitor.attemptsStarted(), 2);
    monitor.stop();
}

void TestEndpointMonitor::settingsChangeCancelsTheCheckInFlight()
{
    ProbeEngine engine;
    EndpointMonitor monitor(&engine);
    monitor.setSettings(fast(m_server.url(QStringLiteral("/hang"))));
    QList<FailureKind> kinds;
    connect(&monitor, &EndpointMonitor::attemptFinished, this,
            [&](const ProbeResult &result, const MonitorStatus &) { kinds << result.kind; });
    monitor.start();
    QTRY_VERIFY_WITH_TIMEOUT(monitor.isProbing(), 5000);
    QVERIFY(monitor.setSettings(fast(m_server.url(QStringLiteral("/ok")))).isEmpty());
    QVERIFY(monitor.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!kinds.isEmpty(), 5000);
    // The old URL's probe was dropped, not reported against the new settings.
    QCOMPARE(kinds.first(), FailureKind::Ok);
    QCOMPARE(monitor.status().state, MonitorState::Up);
    monitor.stop();
}

// Starts, stops, checks-now and URL changes in a random order while requests are in every phase:
// every check started ends exactly once (or is dropped by a settings change, which says so by
// design), none ends late, and no probe or reply outlives the monitor's last stop.
void TestEndpointMonitor::rapidStartStopAndUrlChanges()
{
    ProbeEngine engine;
    EndpointMonitor monitor(&engine);
    const QList<QUrl> urls = {
        m_server.url(QStringLiteral("/hang")),      m_server.url(QStringLiteral("/drip?interval=5&bytes=400")),
        m_server.url(QStringLiteral("/ok")),        m_server.refusedUrl(),
        m_server.url(QStringLiteral("/endless")),   m_server.url(QStringLiteral("/garbage")),
        m_server.url(QStringLiteral("/status/503"))};
    int started = 0;
    int finished = 0;
    int dropped = 0;
    bool finishedWithoutStart = false;
    connect(&monitor, &EndpointMonitor::attemptStarted, this, [&] { ++started; });
    connect(&monitor, &EndpointMonitor::attemptFinished, this, [&] {
        ++finished;
        finishedWithoutStart = finishedWithoutStart || finished + dropped > started;
    });
    QSignalSpy finishedSpy(&monitor, &EndpointMonitor::attemptFinished);
    QRandomGenerator random(20261130);
    for (int step = 0; step < 600; ++step) {
        switch (random.bounded(4)) {
        case 0:
            monitor.start();
            break;
        case 1:
            monitor.stop();
            break;
        case 2: {
            const bool dropsOne = monitor.isRunning() && monitor.isProbing();
            QVERIFY(monitor.setSettings(fast(urls.at(random.bounded(int(urls.size()))))).isEmpty());
            dropped += dropsOne ? 1 : 0;
            break;
        }
        default:
            monitor.retryNow();
        }
        // Let the requests get somewhere (connecting, sent, part of a body) before the next change.
        // Not a wait for anything: the point is to change things at every moment.
        QTest::qWait(random.bounded(4)); // sleep-ok: pacing, not synchronisation (see above)
    }
    monitor.stop();
    QVERIFY(!finishedWithoutStart);
    QVERIFY2(started > 100, qPrintable(QString::number(started))); // the loop did reach the network
    QTRY_COMPARE_WITH_TIMEOUT(finished + dropped, started, 10000);
    QVERIFY(!finishedSpy.wait(300)); // nothing ends twice, nothing late
    QCOMPARE(finished + dropped, started);
    qInfo("%d checks started: %d ended once each, %d dropped by a settings change", started, finished, dropped);
    QTRY_COMPARE_WITH_TIMEOUT(monitor.findChildren<ProbeHandle *>().size(), 0, 10000);
    QCOMPARE(monitor.findChildren<QNetworkReply *>().size(), 0);
    // The requests themselves ran on the lanes: every one of them has ended there too.
    QTRY_COMPARE_WITH_TIMEOUT(engine.probesInFlight(), 0, 10000);
}

void TestEndpointMonitor::invalidSettingsAreRefusedWithTheFieldNamed()
{
    ProbeEngine engine;
    EndpointMonitor monitor(&engine);
    MonitorSettings good = fast(m_server.url(QStringLiteral("/ok")));
    QVERIFY(monitor.setSettings(good).isEmpty());
    MonitorSettings bad = good;
    bad.intervalMs = 0;
    QVERIFY(monitor.setSettings(bad).contains(QLatin1String("interval (ms)")));
    QCOMPARE(monitor.settings().intervalMs, good.intervalMs); // nothing changed
}

void TestEndpointMonitor::offlinePausesAndResumesAtOnce()
{
    ProbeEngine engine;
    EndpointMonitor monitor(&engine);
    MonitorSettings s = fast(m_server.refusedUrl());
    s.backoff = {300, 2.0, 1000, JitterMode::None};
    monitor.setSettings(s);
    QSignalSpy started(&monitor, &EndpointMonitor::attemptStarted);
    QSignalSpy finished(&monitor, &EndpointMonitor::attemptFinished);
    monitor.start();
    QVERIFY(finished.wait(5000));
    QCOMPARE(monitor.status().retriesUsed, 1);

    engine.reachability()->setOverride(Reachability::Disconnected);
    QCOMPARE(monitor.status().state, MonitorState::Offline);
    QVERIFY(!monitor.msUntilNextAttempt().has_value());
    QVERIFY(!started.wait(800)); // the retry that was 300 ms away does not happen
    QCOMPARE(started.size(), 1);
    QCOMPARE(monitor.status().retriesUsed, 1);

    engine.reachability()->setOverride(Reachability::Online);
    QVERIFY(started.wait(1000)); // at once, not after a backoff delay
    QVERIFY(finished.wait(5000));
    QCOMPARE(monitor.status().retriesUsed, 2);
    monitor.stop();
}

void TestEndpointMonitor::stopsByItselfAfterMaxAttempts()
{
    ProbeEngine engine;
    EndpointMonitor monitor(&engine);
    monitor.setSettings(fast(m_server.refusedUrl()));
    monitor.setMaxAttempts(3);
    QSignalSpy finished(&monitor, &EndpointMonitor::attemptFinished);
    QSignalSpy stopped(&monitor, &EndpointMonitor::stopped);
    monitor.start();
    QVERIFY(stopped.wait(10000));
    QCOMPARE(finished.size(), 3);
    QVERIFY(!finished.at(2).at(1).value<MonitorStatus>().nextAttemptInMs.has_value());
    QCOMPARE(monitor.status().state, MonitorState::Stopped);
}

void TestEndpointMonitor::failuresCarryTheLastGoodData()
{
    QTemporaryDir dir;
    ResponseCache cache(dir.path());
    ProbeEngine engine;
    EndpointMonitor monitor(&engine);
    monitor.setCache(&cache);
    auto server = std::make_unique<FaultServer>();
    QVERIFY(server->start());
    monitor.setSettings(fast(server->url(QStringLiteral("/ok"))));
    QVERIFY(!monitor.lastGood().has_value());
    QSignalSpy finished(&monitor, &EndpointMonitor::attemptFinished);
    monitor.start();
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.at(0).at(0).value<ProbeResult>().kind, FailureKind::Ok);
    QVERIFY(!finished.at(0).at(1).value<MonitorStatus>().fallback.has_value());
    QVERIFY(monitor.lastGood().has_value());

    server.reset(); // the service goes away
    QTRY_VERIFY_WITH_TIMEOUT(finished.last().at(0).value<ProbeResult>().kind == FailureKind::ConnectionRefused, 10000);
    const MonitorStatus status = finished.last().at(1).value<MonitorStatus>();
    QVERIFY(status.fallback.has_value());
    QCOMPARE(status.fallback->status, 200);
    QCOMPARE(status.fallback->bytes, qint64(monitor.lastGood()->body.size()));
    QVERIFY(status.fallback->ageMs >= 0);
    monitor.stop();
}

void TestEndpointMonitor::recoveryWatchChecksAsSoonAsThePortAccepts()
{
    FaultServer flapping;
    QVERIFY(flapping.startFlapping({60000, 1500, true})); // refusing for 1.5 s, then up for a minute
    ProbeEngine engine;
    EndpointMonitor monitor(&engine);
    MonitorSettings s = fast(flapping.flappingUrl());
    s.retries = 0;
    s.intervalMs = 60000; // no planned check would come within this test: only the watch can see it
    s.downIntervalMs = 60000;
    QVERIFY(monitor.setSettings(s).isEmpty());
    QSignalSpy finished(&monitor, &EndpointMonitor::attemptFinished);
    monitor.start();
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.at(0).at(0).value<ProbeResult>().kind, FailureKind::ConnectionRefused);
    const MonitorStatus down = finished.at(0).at(1).value<MonitorStatus>();
    QCOMPARE(down.state, MonitorState::Down);
    QCOMPARE(down.recoveryWatch, RecoveryWatchMode::Port);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
    QCOMPARE(finished.at(1).at(0).value<ProbeResult>().kind, FailureKind::Ok);
    QVERIFY(finished.at(1).at(1).value<MonitorStatus>().isHealthy());
    // The watch only connects: the service saw exactly one HTTP request per check.
    QCOMPARE(flapping.requestsServed(), 1);
    QVERIFY(flapping.connectionsAccepted() >= 2);
    QCOMPARE(monitor.attemptsStarted(), 2);
}

void TestEndpointMonitor::recoveryWatchCanBeSwitchedOff()
{
    FaultServer flapping;
    QVERIFY(flapping.startFlapping({60000, 300, true}));
    ProbeEngine engine;
    EndpointMonitor monitor(&engine);
    MonitorSettings s = fast(flapping.flappingUrl());
    s.retries = 0;
    s.intervalMs = 60000;
    s.downIntervalMs = 60000;
    s.recoveryWatch = false;
    QVERIFY(monitor.setSettings(s).isEmpty());
    QSignalSpy finished(&monitor, &EndpointMonitor::attemptFinished);
    monitor.start();
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.at(0).at(1).value<MonitorStatus>().recoveryWatch, RecoveryWatchMode::None);
    QVERIFY(!finished.wait(2500)); // up after 0.3 s, but nothing looks before the planned check
    QCOMPARE(flapping.connectionsAccepted(), 0);
}

QTEST_GUILESS_MAIN(TestEndpointMonitor)
#include "TestEndpointMonitor.moc"
