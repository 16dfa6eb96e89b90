#include <QTest>

#include "endpoints/EndpointStats.h"

using namespace NetPulse;

class TestEndpointStats : public QObject
{
    Q_OBJECT

private slots:
    void uptimeAndCounts();
    void percentilesAreNearestRank();
    void lastHourOnly();
    void oursAreNotCounted();
    void bounded();
};

void TestEndpointStats::uptimeAndCounts()
{
    EndpointStats stats;
    QVERIFY(!stats.sessionUptime().has_value());
    const qint64 now = 1'000'000'000;
    stats.add(now, FailureKind::Ok, 10);
    stats.add(now, FailureKind::Ok, 10);
    stats.add(now, FailureKind::ConnectionRefused, 1);
    stats.add(now, FailureKind::HttpServerError, 5);
    QCOMPARE(stats.sessionAttempts(), 4);
    QCOMPARE(*stats.sessionUptime(), 0.5);
    QCOMPARE(stats.sessionCounts().value(FailureKind::Ok), 2);
    QCOMPARE(stats.sessionCounts().value(FailureKind::ConnectionRefused), 1);
}

void TestEndpointStats::percentilesAreNearestRank()
{
    EndpointStats stats;
    const qint64 now = 1'000'000'000;
    for (int ms = 1; ms <= 100; ++ms)
        stats.add(now, FailureKind::Ok, ms);
    stats.add(now, FailureKind::ResponseTimeout, 5000); // failures do not count as latency
    QCOMPARE(*stats.latencyPercentile(50, now), 50.0);
    QCOMPARE(*stats.latencyPercentile(95, now), 95.0);
    QCOMPARE(*stats.latencyPercentile(99, now), 99.0);
    QCOMPARE(*stats.latencyPercentile(100, now), 100.0);
}

void TestEndpointStats::lastHourOnly()
{
    EndpointStats stats;
    const qint64 now = 10 * EndpointStats::kHourMs;
    stats.add(now - 2 * EndpointStats::kHourMs, FailureKind::ConnectionRefused, 1);
    stats.add(now - 1000, FailureKind::Ok, 7);
    QCOMPARE(*stats.lastHourUptime(now), 1.0);
    QCOMPARE(*stats.sessionUptime(), 0.5);
    QVERIFY(!stats.latencyPercentile(50, now + 2 * EndpointStats::kHourMs).has_value());
}

void TestEndpointStats::oursAreNotCounted()
{
    EndpointStats stats;
    stats.add(1, FailureKind::Cancelled, 1);
    stats.add(1, FailureKind::InvalidUrl, 0);
    QCOMPARE(stats.sessionAttempts(), 0);
}

void TestEndpointStats::bounded()
{
    EndpointStats stats;
    for (int i = 0; i < EndpointStats::kMaxSamples + 500; ++i)
        stats.add(i, FailureKind::Ok, 1);
    QCOMPARE(int(stats.samples().size()), EndpointStats::kMaxSamples);
    QCOMPARE(stats.sessionAttempts(), EndpointStats::kMaxSamples + 500); // the session count is not bounded
}

QTEST_GUILESS_MAIN(TestEndpointStats)
#include "TestEndpointStats.moc"
