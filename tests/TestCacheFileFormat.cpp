// The on-disk format: round trip, and every way a file can be wrong detected, never a crash.
#include <QRandomGenerator>
#include <QtEndian>
#include <QTest>

#include "cache/CacheEntry.h"

using namespace NetPulse;
using Problem = CacheFileFormat::Problem;

Q_DECLARE_METATYPE(NetPulse::CacheFileFormat::Problem)

namespace {

CacheEntry sample()
{
    CacheEntry entry;
    entry.url = QStringLiteral("http://127.0.0.1:8080/health");
    entry.method = "GET";
    entry.status = 200;
    entry.contentType = "application/json";
    entry.headers = {{"ETag", "\"v1\""}, {"Cache-Control", "max-age=60"}};
    entry.fetchedAt = QDateTime(QDate(2026, 11, 29), QTime(14, 3, 12, 250), Qt::UTC);
    entry.body = "{\"status\":\"ok\"}";
    entry.totalMs = 1.5;
    return entry;
}

} // namespace

class TestCacheFileFormat : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip();
    void truncatedAtEveryOffset();
    void damaged_data();
    void damaged();
    void randomBytesNeverDecode();
    void freshnessFollowsCacheControl_data();
    void freshnessFollowsCacheControl();
};

void TestCacheFileFormat::roundTrip()
{
    const CacheEntry entry = sample();
    Problem problem = Problem::Foreign;
    const std::optional<CacheEntry> decoded = CacheFileFormat::decode(CacheFileFormat::encode(entry), &problem);
    QCOMPARE(problem, Problem::None);
    QVERIFY(decoded.has_value());
    QCOMPARE(decoded->url, entry.url);
    QCOMPARE(decoded->method, entry.method);
    QCOMPARE(decoded->status, 200);
    QCOMPARE(decoded->contentType, entry.contentType);
    QCOMPARE(decoded->headers, entry.headers);
    QCOMPARE(decoded->fetchedAt, entry.fetchedAt);
    QCOMPARE(decoded->body, entry.body);
    QCOMPARE(decoded->totalMs, 1.5);
    QCOMPARE(decoded->header("etag"), QByteArray("\"v1\""));
}

void TestCacheFileFormat::truncatedAtEveryOffset()
{
    const QByteArray whole = CacheFileFormat::encode(sample());
    for (qsizetype length = 0; length < whole.size(); ++length) {
        Problem problem = Problem::None;
        QVERIFY2(!CacheFileFormat::decode(whole.left(length), &problem).has_value(),
                 qPrintable(QString::number(length)));
        QVERIFY2(problem == Problem::Truncated,
                 qPrintable(QStringLiteral("at %1: %2").arg(length).arg(CacheFileFormat::problemText(problem))));
    }
}

void TestCacheFileFormat::damaged_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Problem>("expected");
    const QByteArray whole = CacheFileFormat::encode(sample());
    QByteArray future = whole;
    qToBigEndian<quint32>(2, future.data() + 8);
    QTest::newRow("future version") << future << Problem::FutureVersion;
    QByteArray zero = whole;
    qToBigEndian<quint32>(0, zero.data() + 8);
    QTest::newRow("version 0") << zero << Problem::Foreign;
    QByteArray flipped = whole;
    flipped[whole.size() - 40] = char(flipped.at(whole.size() - 40) ^ 0x01);
    QTest::newRow("one body bit flipped") << flipped << Problem::ChecksumMismatch;
    QByteArray digest = whole;
    digest[whole.size() - 1] = char(digest.at(whole.size() - 1) ^ 0x80);
    QTest::newRow("wrong checksum") << digest << Problem::ChecksumMismatch;
    QTest::newRow("trailing bytes") << whole + "x" << Problem::ChecksumMismatch;
    QTest::newRow("someone else's file") << QByteArray("{\"json\": \"not ours\"}") << Problem::Foreign;
    QTest::newRow("PNG") << QByteArray("\x89PNG\r\n\x1a\n....") << Problem::Foreign;
    QByteArray hugeLength = whole;
    qToBigEndian<quint64>(quint64(1) << 50, hugeLength.data() + 16);
    QTest::newRow("absurd body length") << hugeLength << Problem::Truncated;
}

void TestCacheFileFormat::damaged()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Problem, expected);
    Problem problem = Problem::None;
    QVERIFY(!CacheFileFormat::decode(bytes, &problem).has_value());
    QCOMPARE(CacheFileFormat::problemText(problem), CacheFileFormat::problemText(expected));
}

void TestCacheFileFormat::randomBytesNeverDecode()
{
    QRandomGenerator random(20261129);
    for (int i = 0; i < 500; ++i) {
        QByteArray bytes(int(random.bounded(2000)), Qt::Uninitialized);
        for (char &c : bytes)
            c = char(random.bounded(256));
        Problem problem = Problem::None;
        QVERIFY(!CacheFileFormat::decode(bytes, &problem).has_value());
        QVERIFY(problem != Problem::None);
    }
}

void TestCacheFileFormat::freshnessFollowsCacheControl_data()
{
    QTest::addColumn<QByteArray>("cacheControl");
    QTest::addColumn<int>("ageSeconds");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no directives") << QByteArray() << 10 << "unknown";
    QTest::newRow("within max-age") << QByteArray("max-age=60") << 10 << "fresh";
    QTest::newRow("past max-age") << QByteArray("max-age=60") << 61 << "stale";
    QTest::newRow("within stale-if-error") << QByteArray("max-age=60, stale-if-error=120") << 170 << "stale";
    QTest::newRow("beyond stale-if-error")
        << QByteArray("public, max-age=60, stale-if-error=120") << 181 << "stale_if_error_expired";
}

void TestCacheFileFormat::freshnessFollowsCacheControl()
{
    QFETCH(QByteArray, cacheControl);
    QFETCH(int, ageSeconds);
    QFETCH(QString, expected);
    CacheEntry entry = sample();
    entry.headers = {{"Cache-Control", cacheControl}};
    const CacheFallback fallback = CacheFallback::from(entry, entry.fetchedAt.addSecs(ageSeconds));
    QCOMPARE(fallback.ageMs, qint64(ageSeconds) * 1000);
    QCOMPARE(CacheFallback::freshnessName(fallback.freshness), expected);
    QCOMPARE(fallback.bytes, qint64(entry.body.size()));
}

QTEST_GUILESS_MAIN(TestCacheFileFormat)
#include "TestCacheFileFormat.moc"
