#include "FaultServer.h"
#include "ProbeEngine.h"
#include "ProbeLoop.h"

#include <QSignalSpy>
#include <QTest>

using namespace NetPulse;
using NetPulse::Testing::FaultServer;

class TestProbeLoop : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void runsTheRequestedNumberOfAttempts();
    void stopCancelsTheProbeInFlight();
    void neverOverlapsProbes();
    void intervalIsClamped();

private:
    FaultServer m_server;
    ProbeEngine m_engine;
};

void TestProbeLoop::initTestCase()
{
    qRegisterMetaType<ProbeResult>();
    QVERIFY(m_server.start());
}

void TestProbeLoop::runsTheRequestedNumberOfAttempts()
{
    ProbeLoop *loop = m_engine.createLoop(this);
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/ok"));
    loop->setOptions(options);
    loop->setIntervalMs(100);
    loop->setMaxAttempts(3);
    QSignalSpy finished(loop, &ProbeLoop::attemptFinished);
    QSignalSpy stopped(loop, &ProbeLoop::stopped);
    loop->start();
    QVERIFY(stopped.wait(10000));
    QCOMPARE(finished.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(finished.at(i).at(1).toInt(), i + 1);
        QCOMPARE(finished.at(i).at(0).value<ProbeResult>().kind, FailureKind::Ok);
    }
    QVERIFY(!loop->isRunning());
    delete loop;
}

void TestProbeLoop::stopCancelsTheProbeInFlight()
{
    ProbeLoop *loop = m_engine.createLoop(this);
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/hang"));
    loop->setOptions(options);
    QSignalSpy started(loop, &ProbeLoop::attemptStarted);
    QSignalSpy finished(loop, &ProbeLoop::attemptFinished);
    QSignalSpy stopped(loop, &ProbeLoop::stopped);
    loop->start();
    QCOMPARE(started.size(), 1);
    loop->stop();
    QTRY_COMPARE_WITH_TIMEOUT(stopped.size(), 1, 5000);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).value<ProbeResult>().kind, FailureKind::Cancelled);
    QVERIFY(!stopped.wait(300)); // and nothing more is scheduled
    QCOMPARE(started.size(), 1);
    delete loop;
}

void TestProbeLoop::neverOverlapsProbes()
{
    ProbeLoop *loop = m_engine.createLoop(this);
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/delay/300")); // slower than the interval
    loop->setOptions(options);
    loop->setIntervalMs(100);
    loop->setMaxAttempts(2);
    int inFlight = 0;
    int maxInFlight = 0;
    connect(loop, &ProbeLoop::attemptStarted, this, [&] { maxInFlight = std::max(maxInFlight, ++inFlight); });
    connect(loop, &ProbeLoop::attemptFinished, this, [&] { --inFlight; });
    QSignalSpy stopped(loop, &ProbeLoop::stopped);
    loop->start();
    QVERIFY(stopped.wait(10000));
    QCOMPARE(maxInFlight, 1);
    delete loop;
}

void TestProbeLoop::intervalIsClamped()
{
    ProbeLoop *loop = m_engine.createLoop(this);
    loop->setIntervalMs(0);
    QCOMPARE(loop->intervalMs(), ProbeLoop::kMinIntervalMs);
    delete loop;
}

QTEST_GUILESS_MAIN(TestProbeLoop)
#include "TestProbeLoop.moc"
