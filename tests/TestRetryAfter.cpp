#include <QTest>

#include "monitor/RetryAfter.h"

using namespace NetPulse;

class TestRetryAfter : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
};

void TestRetryAfter::parse_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expectedMs"); // -1: ignored
    QTest::addColumn<QString>("noteMentions");

    // "now" is Sun, 06 Nov 1994 08:49:30 GMT in every row.
    QTest::newRow("delay-seconds") << QByteArray("120") << qint64(120000) << "";
    QTest::newRow("zero") << QByteArray("0") << qint64(0) << "";
    QTest::newRow("spaces around") << QByteArray("  5 ") << qint64(5000) << "";
    QTest::newRow("IMF-fixdate") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << qint64(7000) << "";
    QTest::newRow("RFC 850") << QByteArray("Sunday, 06-Nov-94 08:49:40 GMT") << qint64(10000) << "";
    QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:49:50 1994") << qint64(20000) << "";
    QTest::newRow("date in the past") << QByteArray("Sun, 06 Nov 1994 08:00:00 GMT") << qint64(0) << "";
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1) << "negative";
    QTest::newRow("fraction") << QByteArray("1.5") << qint64(-1) << "neither";
    QTest::newRow("words") << QByteArray("soon") << qint64(-1) << "neither";
    QTest::newRow("empty") << QByteArray("") << qint64(-1) << "empty";
    QTest::newRow("absurd") << QByteArray("99999999999999") << qint64(-1) << "absurdly large";
    QTest::newRow("impossible date") << QByteArray("Sun, 31 Feb 1994 08:49:37 GMT") << qint64(-1) << "neither";
    QTest::newRow("local time zone") << QByteArray("Sun, 06 Nov 1994 08:49:37 CET") << qint64(-1) << "neither";
}

void TestRetryAfter::parse()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expectedMs);
    QFETCH(QString, noteMentions);
    const QDateTime now(QDate(1994, 11, 6), QTime(8, 49, 30), Qt::UTC);
    QString note;
    const std::optional<qint64> parsed = RetryAfter::parse(value, now, &note);
    if (expectedMs < 0) {
        QVERIFY(!parsed.has_value());
        QVERIFY2(note.contains(noteMentions), qPrintable(note));
    } else {
        QVERIFY2(parsed.has_value(), qPrintable(note));
        QCOMPARE(*parsed, expectedMs);
    }
}

QTEST_GUILESS_MAIN(TestRetryAfter)
#include "TestRetryAfter.moc"
