// Backoff schedules checked exactly: the random source is injected, nothing sleeps.
#include <QTest>

#include "monitor/BackoffPolicy.h"

using namespace NetPulse;

Q_DECLARE_METATYPE(NetPulse::JitterMode)

namespace {

RandomSource fixed(double value)
{
    return [value] { return value; };
}

RandomSource sequence(QList<double> values)
{
    auto index = std::make_shared<int>(0);
    return [values, index] { return values.at((*index)++ % values.size()); };
}

} // namespace

class TestBackoffPolicy : public QObject
{
    Q_OBJECT

private slots:
    void schedules_data();
    void schedules();
    void decorrelatedGrowsFromThePreviousDelay();
    void hugeRetryNumbersStayAtTheCap();
    void jitterNames();
    void fullJitterStaysUnderTheCeiling();
};

void TestBackoffPolicy::schedules_data()
{
    QTest::addColumn<JitterMode>("mode");
    QTest::addColumn<double>("random");
    QTest::addColumn<QList<qint64>>("expected"); // retries 1..6, initial 1000, ×2, cap 10000

    QTest::newRow("none") << JitterMode::None << 0.5 << QList<qint64>{1000, 2000, 4000, 8000, 10000, 10000};
    QTest::newRow("full, random 0.5") << JitterMode::Full << 0.5 << QList<qint64>{500, 1000, 2000, 4000, 5000, 5000};
    QTest::newRow("full, random 0") << JitterMode::Full << 0.0 << QList<qint64>{0, 0, 0, 0, 0, 0};
    QTest::newRow("full, random 1") << JitterMode::Full << 1.0 << QList<qint64>{1000, 2000, 4000, 8000, 10000, 10000};
    QTest::newRow("equal, random 0") << JitterMode::Equal << 0.0 << QList<qint64>{500, 1000, 2000, 4000, 5000, 5000};
    QTest::newRow("equal, random 0.5") << JitterMode::Equal << 0.5 << QList<qint64>{750, 1500, 3000, 6000, 7500, 7500};
    // decorrelated: min(cap, initial + r·(3·previous − initial)), previous starting at initial
    QTest::newRow("decorrelated, random 0.5")
        << JitterMode::Decorrelated << 0.5 << QList<qint64>{2000, 3500, 5750, 9125, 10000, 10000};
    QTest::newRow("decorrelated, random 0")
        << JitterMode::Decorrelated << 0.0 << QList<qint64>{1000, 1000, 1000, 1000, 1000, 1000};
}

void TestBackoffPolicy::schedules()
{
    QFETCH(JitterMode, mode);
    QFETCH(double, random);
    QFETCH(QList<qint64>, expected);
    BackoffPolicy policy({1000, 2.0, 10000, mode}, fixed(random));
    QList<qint64> actual;
    qint64 previous = 0;
    for (int retry = 1; retry <= expected.size(); ++retry) {
        previous = policy.delayMs(retry, previous);
        actual << previous;
    }
    QCOMPARE(actual, expected);
}

void TestBackoffPolicy::decorrelatedGrowsFromThePreviousDelay()
{
    BackoffPolicy policy({100, 2.0, 100000, JitterMode::Decorrelated}, sequence({1.0, 1.0, 0.0}));
    QCOMPARE(policy.delayMs(1, 0), qint64(300));   // uniform in [100, 300]: top
    QCOMPARE(policy.delayMs(2, 300), qint64(900)); // [100, 900]: top
    QCOMPARE(policy.delayMs(3, 900), qint64(100)); // [100, 2700]: bottom
}

void TestBackoffPolicy::hugeRetryNumbersStayAtTheCap()
{
    BackoffPolicy policy({1000, 10.0, 60000, JitterMode::None}, fixed(0.5));
    QCOMPARE(policy.delayMs(1000), qint64(60000));
    QCOMPARE(policy.ceilingMs(100000), qint64(60000));
}

void TestBackoffPolicy::jitterNames()
{
    for (JitterMode mode : {JitterMode::Full, JitterMode::Equal, JitterMode::Decorrelated, JitterMode::None})
        QCOMPARE(jitterModeFromName(jitterModeName(mode)), std::optional<JitterMode>(mode));
    QVERIFY(!jitterModeFromName(QStringLiteral("random")).has_value());
}

void TestBackoffPolicy::fullJitterStaysUnderTheCeiling()
{
    // With the real random source: every draw lies in [0, ceiling].
    BackoffPolicy policy({1000, 2.0, 60000, JitterMode::Full});
    for (int retry = 1; retry <= 10; ++retry) {
        for (int i = 0; i < 100; ++i) {
            const qint64 delay = policy.delayMs(retry);
            QVERIFY(delay >= 0 && delay <= policy.ceilingMs(retry));
        }
    }
}

QTEST_GUILESS_MAIN(TestBackoffPolicy)
#include "TestBackoffPolicy.moc"
