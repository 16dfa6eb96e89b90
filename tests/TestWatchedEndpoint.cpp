// One watched endpoint against the demo server's real sockets: what it logs, what a config change
// keeps and clears, when it says its config changed, Check now, and the last good data.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "FaultServer.h"

#include "cache/ResponseCache.h"
#include "endpoints/EventLog.h"
#include "endpoints/WatchedEndpoint.h"
#include "probe/ProbeEngine.h"

using namespace NetPulse;
using NetPulse::Demo::FaultServer;

class TestWatchedEndpoint : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void logsAttemptsAndSettledStates();
    void unusableSettingsChangeNothing();
    void anotherUrlIsAnotherHistory();
    void configChangedOnlyWhenSomethingToSaveChanged();
    void checkNowIsOneCheckAndRefusedInFlight();
    void lastGoodComesFromTheCache();

private:
    EndpointConfig config(const QUrl &url) const;

    FaultServer m_server;
};

void TestWatchedEndpoint::initTestCase()
{
    QVERIFY(m_server.start());
}

EndpointConfig TestWatchedEndpoint::config(const QUrl &url) const
{
    EndpointConfig c;
    c.name = QStringLiteral("under test");
    c.settings.probe.url = url;
    c.settings.intervalMs = 60000; // one check unless asked
    c.settings.retries = 0;
    c.settings.downIntervalMs = 60000;
    c.watching = false;
    return c;
}

void TestWatchedEndpoint::logsAttemptsAndSettledStates()
{
    ProbeEngine engine;
    EventLog log;
    WatchedEndpoint endpoint({&engine, nullptr, &log}, config(m_server.refusedUrl()));
    QSignalSpy changed(&endpoint, &WatchedEndpoint::changed);
    endpoint.start();
    QTRY_VERIFY_WITH_TIMEOUT(endpoint.lastResult().has_value(), 5000);
    QCOMPARE(endpoint.lastResult()->kind, FailureKind::ConnectionRefused);
    QCOMPARE(endpoint.status().state, MonitorState::Down);
    QCOMPARE(endpoint.stats().sessionAttempts(), 1);
    QVERIFY(changed.count() >= 2); // the check started, then its result
    QTRY_COMPARE_WITH_TIMEOUT(log.size(), 2, 5000);
    // "probing" comes and goes with every check: the log keeps the attempt and where it settled.
    QCOMPARE(log.at(0).type, LogEvent::Type::Attempt);
    QCOMPARE(log.at(0).kind, FailureKind::ConnectionRefused);
    QCOMPARE(log.at(0).endpointName, QStringLiteral("under test"));
    QCOMPARE(log.at(1).type, LogEvent::Type::StateChange);
    QCOMPARE(log.at(1).state, MonitorState::Down);
    QCOMPARE(log.at(0).endpointId, endpoint.config().id);
}

void TestWatchedEndpoint::unusableSettingsChangeNothing()
{
    ProbeEngine engine;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, config(m_server.url(QStringLiteral("/ok"))));
    QSignalSpy configChanged(&endpoint, &WatchedEndpoint::configChanged);
    EndpointConfig bad = endpoint.config();
    bad.settings.intervalMs = 5; // below the range
    bad.name = QStringLiteral("renamed");
    const QString problem = endpoint.setConfig(bad);
    QVERIFY2(problem.contains(QLatin1String("interval")), qPrintable(problem));
    QCOMPARE(endpoint.config().name, QStringLiteral("under test"));
    QCOMPARE(endpoint.config().settings.intervalMs, 60000);
    QCOMPARE(configChanged.count(), 0);
}

void TestWatchedEndpoint::anotherUrlIsAnotherHistory()
{
    ProbeEngine engine;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, config(m_server.url(QStringLiteral("/ok"))));
    const QString id = endpoint.config().id;
    endpoint.start();
    QTRY_VERIFY_WITH_TIMEOUT(endpoint.lastResult().has_value(), 5000);
    EndpointConfig renamed = endpoint.config();
    renamed.name = QStringLiteral("new name");
    QSignalSpy started(&endpoint, &WatchedEndpoint::checkStarted);
    const std::optional<qint64> planned = endpoint.msUntilNextCheck();
    QVERIFY(planned.has_value());
    QVERIFY(endpoint.setConfig(renamed).isEmpty());
    QVERIFY(endpoint.lastResult().has_value()); // a new name is the same service
    QCOMPARE(started.count(), 0);               // and the same schedule: no check sent at once
    QVERIFY(endpoint.msUntilNextCheck().has_value());
    QCOMPARE(endpoint.stats().sessionAttempts(), 1);
    EndpointConfig moved = endpoint.config();
    moved.settings.probe.url = m_server.url(QStringLiteral("/status/503"));
    moved.id = QStringLiteral("someone else's id");
    QVERIFY(endpoint.setConfig(moved).isEmpty());
    QCOMPARE(endpoint.config().id, id); // an endpoint keeps its identity through edits
    // Another URL is another service: nothing it showed belongs to the new one.
    QTRY_VERIFY_WITH_TIMEOUT(endpoint.lastResult() && endpoint.lastResult()->kind == FailureKind::HttpServerError,
                             5000);
    QCOMPARE(endpoint.stats().sessionAttempts(), 1);
    QCOMPARE(endpoint.displayName(), QStringLiteral("new name"));
}

void TestWatchedEndpoint::configChangedOnlyWhenSomethingToSaveChanged()
{
    ProbeEngine engine;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, config(m_server.url(QStringLiteral("/ok"))));
    QSignalSpy configChanged(&endpoint, &WatchedEndpoint::configChanged);
    endpoint.start();
    QCOMPARE(configChanged.count(), 1); // watching: false → true
    QVERIFY(endpoint.config().watching);
    QTRY_VERIFY_WITH_TIMEOUT(endpoint.lastResult().has_value(), 5000);
    QCOMPARE(configChanged.count(), 1); // a result is not a config change
    endpoint.start();
    QCOMPARE(configChanged.count(), 1);
    endpoint.stop();
    QCOMPARE(configChanged.count(), 2);
    QVERIFY(!endpoint.config().watching);
}

void TestWatchedEndpoint::checkNowIsOneCheckAndRefusedInFlight()
{
    ProbeEngine engine;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, config(m_server.url(QStringLiteral("/delay/300"))));
    QSignalSpy started(&endpoint, &WatchedEndpoint::checkStarted);
    QVERIFY(!endpoint.checkNow()); // not watching: nothing sent
    endpoint.start();
    QCOMPARE(started.count(), 1);
    QVERIFY(endpoint.isChecking());
    QVERIFY(!endpoint.checkNow()); // in flight: a double click never sends two requests
    QCOMPARE(started.count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!endpoint.isChecking(), 5000);
    QVERIFY(endpoint.msUntilNextCheck().has_value());
    QVERIFY(endpoint.checkNow());
    QCOMPARE(started.count(), 2);
}

void TestWatchedEndpoint::lastGoodComesFromTheCache()
{
    QTemporaryDir dir;
    ResponseCache cache(dir.path());
    ProbeEngine engine;
    WatchedEndpoint endpoint({&engine, &cache, nullptr}, config(m_server.url(QStringLiteral("/ok"))));
    QVERIFY(!endpoint.lastGood().has_value());
    endpoint.start();
    QTRY_VERIFY_WITH_TIMEOUT(endpoint.lastResult().has_value(), 5000);
    QVERIFY(endpoint.lastGood().has_value());
    QVERIFY(endpoint.lastGood()->body.contains("\"status\""));
    // Without a cache there is nothing to fall back on, and it says so by having none.
    WatchedEndpoint uncached({&engine, nullptr, nullptr}, config(m_server.url(QStringLiteral("/ok"))));
    QVERIFY(!uncached.lastGood().has_value());
}

QTEST_GUILESS_MAIN(TestWatchedEndpoint)
#include "TestWatchedEndpoint.moc"
