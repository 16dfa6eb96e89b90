// The engine's lanes and the handles its probes are run through: where an endpoint's probes run,
// quarantine and return, and the handle's contract (finished exactly once, cancel in every phase),
// on real sockets against the fault server.
#include <QSignalSpy>
#include <QTest>

#include "FaultServer.h"

#include "probe/ProbeEngine.h"
#include "probe/ProbeHandle.h"

using namespace NetPulse;
using NetPulse::Demo::FaultServer;

class TestProbeEngine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void endpointsAreSpreadOverTheLanes();
    void anEndpointThatFloodsIsKeptApartUntilItBehaves();
    void handleFinishesExactlyOnce_data();
    void handleFinishesExactlyOnce();
    void laneCountIsSetBeforeTheFirstProbe();
    void aHandleOutlivesItsEngine();

private:
    ProbeResult run(ProbeEngine *engine, const QString &path, int placement);

    FaultServer m_server;
};

void TestProbeEngine::initTestCase()
{
    qRegisterMetaType<ProbeResult>();
    QVERIFY(m_server.start());
}

ProbeResult TestProbeEngine::run(ProbeEngine *engine, const QString &path, int placement)
{
    ProbeOptions options;
    options.url = m_server.url(path);
    ProbeHandle *probe = engine->createProbe(options, this, placement);
    QSignalSpy finished(probe, &ProbeHandle::finished);
    probe->start();
    if (!finished.wait(20000))
        return {};
    delete probe;
    return finished.at(0).at(0).value<ProbeResult>();
}

void TestProbeEngine::endpointsAreSpreadOverTheLanes()
{
    ProbeEngine engine;
    engine.setLaneCount(3);
    QCOMPARE(engine.laneCount(), 3);
    QStringList lanes;
    for (int i = 0; i < 4; ++i) {
        const int placement = engine.placeEndpoint();
        const ProbeResult result = run(&engine, QStringLiteral("/ok"), placement);
        QCOMPARE(result.kind, FailureKind::Ok);
        QCOMPARE(result.lane, engine.laneOf(placement));
        QVERIFY(!result.quarantined);
        QVERIFY(result.laneWaitMs >= 0);
        lanes << result.lane;
    }
    QCOMPARE(lanes, (QStringList{QStringLiteral("lane 1"), QStringLiteral("lane 2"), QStringLiteral("lane 3"),
                                 QStringLiteral("lane 1")}));
    QTRY_COMPARE(engine.probesInFlight(), 0);
}

void TestProbeEngine::anEndpointThatFloodsIsKeptApartUntilItBehaves()
{
    ProbeEngine engine;
    const int placement = engine.placeEndpoint();
    const QString home = engine.laneOf(placement);

    const ProbeResult flood = run(&engine, QStringLiteral("/endless-headers?interval=0"), placement);
    QCOMPARE(flood.kind, FailureKind::ProtocolError);
    QCOMPARE(flood.lane, home); // the first check ran at home: nothing was known yet
    QVERIFY2(flood.laneNote.startsWith(QLatin1String("moved to quarantine 1, apart from the other endpoints: its "
                                                     "header section passed 256 KiB")),
             qPrintable(flood.laneNote));
    QVERIFY(flood.quarantined);
    QVERIFY(engine.isQuarantined(placement));

    for (int i = 1; i <= 3; ++i) {
        const ProbeResult ok = run(&engine, QStringLiteral("/ok"), placement);
        QCOMPARE(ok.kind, FailureKind::Ok);
        QCOMPARE(ok.lane, QStringLiteral("quarantine 1"));
        if (i < 3) {
            QVERIFY(ok.laneNote.isEmpty());
            QVERIFY(ok.quarantined);
        } else {
            QCOMPARE(ok.laneNote, QStringLiteral("back on %1: 3 checks in a row held no lane busy").arg(home));
            QVERIFY(!ok.quarantined);
        }
    }
    QVERIFY(!engine.isQuarantined(placement));
    QCOMPARE(run(&engine, QStringLiteral("/ok"), placement).lane, home);
}

void TestProbeEngine::handleFinishesExactlyOnce_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("how"); // "finish", "cancel-before-start", "cancel-at-once", "cancel-later", "destroy"
    QTest::addColumn<FailureKind>("kind");
    QTest::newRow("ok") << QStringLiteral("/ok") << QStringLiteral("finish") << FailureKind::Ok;
    QTest::newRow("cancel before start") << QStringLiteral("/ok") << QStringLiteral("cancel-before-start")
                                         << FailureKind::Cancelled;
    QTest::newRow("cancel at once") << QStringLiteral("/hang") << QStringLiteral("cancel-at-once")
                                    << FailureKind::Cancelled;
    QTest::newRow("cancel while the server is silent")
        << QStringLiteral("/hang") << QStringLiteral("cancel-later") << FailureKind::Cancelled;
    QTest::newRow("destroyed while the server is silent")
        << QStringLiteral("/hang") << QStringLiteral("destroy") << FailureKind::Cancelled;
}

void TestProbeEngine::handleFinishesExactlyOnce()
{
    QFETCH(QString, path);
    QFETCH(QString, how);
    QFETCH(FailureKind, kind);
    ProbeEngine engine;
    ProbeOptions options;
    options.url = m_server.url(path);
    QPointer<ProbeHandle> probe = engine.createProbe(options, nullptr);
    const auto acceptedBefore = m_server.connectionsAccepted();
    int count = 0;
    FailureKind seen = FailureKind::NetworkError;
    connect(probe, &ProbeHandle::finished, this, [&](const ProbeResult &result) {
        ++count;
        seen = result.kind;
    });
    if (how == QLatin1String("cancel-before-start")) {
        probe->cancel();
        QCOMPARE(count, 1); // at once, inside cancel()
        probe->start();     // a finished handle starts nothing
    } else {
        probe->start();
        if (how == QLatin1String("cancel-at-once")) {
            probe->cancel();
            QCOMPARE(count, 1);
        } else if (how == QLatin1String("cancel-later")) {
            QTRY_VERIFY_WITH_TIMEOUT(m_server.connectionsAccepted() > acceptedBefore, 10000);
            probe->cancel();
            QCOMPARE(count, 1);
        } else if (how == QLatin1String("destroy")) {
            QTRY_VERIFY_WITH_TIMEOUT(m_server.connectionsAccepted() > acceptedBefore, 10000);
            delete probe;
            QCOMPARE(count, 1);
        } else {
            QTRY_COMPARE_WITH_TIMEOUT(count, 1, 10000);
        }
    }
    QCOMPARE(seen, kind);
    QTest::qWait(100); // sleep-ok: a second finished() must not come (as kjobtest does)
    QCOMPARE(count, 1);
    delete probe;
    QTRY_COMPARE_WITH_TIMEOUT(engine.probesInFlight(), 0, 10000); // the lane's own request has ended too
}

void TestProbeEngine::laneCountIsSetBeforeTheFirstProbe()
{
    ProbeEngine engine;
    engine.setLaneCount(1000);
    QCOMPARE(engine.laneCount(), 64); // Limits::probeThreads
    engine.setLaneCount(2);
    QCOMPARE(run(&engine, QStringLiteral("/ok"), -1).kind, FailureKind::Ok);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("probe lanes are set before the first")));
    engine.setLaneCount(4);
    QCOMPARE(engine.laneCount(), 2);
}

void TestProbeEngine::aHandleOutlivesItsEngine()
{
    // Headless, the engine is its runner's first child and goes first: a check still in flight
    // then ends as cancelled, once, and its handle touches nothing of the gone lanes.
    auto engine = std::make_unique<ProbeEngine>();
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/hang"));
    std::unique_ptr<ProbeHandle> probe(engine->createProbe(options, nullptr));
    int count = 0;
    connect(probe.get(), &ProbeHandle::finished, this, [&count] { ++count; });
    const auto acceptedBefore = m_server.connectionsAccepted();
    probe->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_server.connectionsAccepted() > acceptedBefore, 10000);
    engine.reset();
    QTRY_COMPARE_WITH_TIMEOUT(count, 1, 10000);
    QCOMPARE(probe->result().kind, FailureKind::Cancelled);
    probe->cancel();
    probe.reset();
    QCOMPARE(count, 1);
}

QTEST_GUILESS_MAIN(TestProbeEngine)
#include "TestProbeEngine.moc"
