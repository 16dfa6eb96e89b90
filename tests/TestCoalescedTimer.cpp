// The shared timer queue behind every check and probe limit: order, never early, stop and restart,
// callbacks that start or stop timers (themselves included), and a queue that goes before its
// timers.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include "base/CoalescedTimer.h"

using namespace NetPulse;

class TestCoalescedTimer : public QObject
{
    Q_OBJECT

private slots:
    void firesInOrderAndNeverEarly();
    void stopAndRestart();
    void callbacksMayStartAndStopTimers();
    void remainingTimeIsLikeQTimers();
};

void TestCoalescedTimer::firesInOrderAndNeverEarly()
{
    QElapsedTimer clock;
    clock.start();
    QList<int> order;
    QList<qint64> firedAtMs;
    std::vector<std::unique_ptr<CoalescedTimer>> timers;
    const QList<int> delays = {40, 0, 25, 10, 25, 5};
    for (int i = 0; i < delays.size(); ++i) {
        timers.push_back(std::make_unique<CoalescedTimer>([&, i] {
            order.append(i);
            firedAtMs.append(clock.elapsed());
        }));
        timers.back()->start(delays.at(i));
    }
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), delays.size(), 5000);
    QCOMPARE(order, (QList<int>{1, 5, 3, 2, 4, 0})); // by due time; equal ones in the order started
    for (int i = 0; i < order.size(); ++i)
        QVERIFY2(firedAtMs.at(i) >= delays.at(order.at(i)), qPrintable(QString::number(order.at(i))));
}

void TestCoalescedTimer::stopAndRestart()
{
    QElapsedTimer clock;
    clock.start();
    int stoppedFired = 0;
    qint64 movedFiredAtMs = -1;
    CoalescedTimer stopped([&] { ++stoppedFired; });
    CoalescedTimer moved([&] { movedFiredAtMs = clock.elapsed(); });
    stopped.start(5);
    stopped.stop();
    QVERIFY(!stopped.isActive());
    moved.start(5);
    moved.start(60); // a restart replaces the first start
    QTRY_VERIFY_WITH_TIMEOUT(movedFiredAtMs >= 0, 5000);
    QVERIFY2(movedFiredAtMs >= 60, qPrintable(QString::number(movedFiredAtMs))); // not at the first start's 5 ms
    QCOMPARE(stoppedFired, 0);                                                   // its 5 ms passed long ago
    QVERIFY(!moved.isActive());
}

void TestCoalescedTimer::callbacksMayStartAndStopTimers()
{
    int a = 0;
    int b = 0;
    int c = 0;
    CoalescedTimer *bPointer = nullptr;
    std::unique_ptr<CoalescedTimer> cTimer;
    CoalescedTimer aTimer([&] {
        if (++a < 3)
            bPointer->start(0); // starts another, due at once, from inside the queue's loop
        cTimer->stop();         // and stops one due at the same moment
    });
    CoalescedTimer bTimer([&] {
        ++b;
        aTimer.start(0); // and the first starts again: a ping-pong of three rounds
    });
    bPointer = &bTimer;
    cTimer = std::make_unique<CoalescedTimer>([&] { ++c; });
    aTimer.start(10);
    cTimer->start(10);
    QTRY_COMPARE_WITH_TIMEOUT(a, 3, 5000);
    QCOMPARE(b, 2);
    QCOMPARE(c, 0);
}

void TestCoalescedTimer::remainingTimeIsLikeQTimers()
{
    CoalescedTimer timer([] {});
    QCOMPARE(timer.remainingTime(), -1);
    timer.start(10000);
    QVERIFY(timer.isActive());
    QVERIFY(timer.remainingTime() > 9000 && timer.remainingTime() <= 10000);
    timer.stop();
    QCOMPARE(timer.remainingTime(), -1);
}

QTEST_GUILESS_MAIN(TestCoalescedTimer)
#include "TestCoalescedTimer.moc"
