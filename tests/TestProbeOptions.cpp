#include <QTest>

#include "probe/ProbeOptions.h"

using namespace NetPulse;

class TestProbeOptions : public QObject
{
    Q_OBJECT

private slots:
    void validate_data();
    void validate();
    void headerLine_data();
    void headerLine();
    void proxyUrl_data();
    void proxyUrl();
};

void TestProbeOptions::validate_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("errorMentions"); // empty: accepted

    QTest::newRow("defaults") << "" << qint64(0) << "";
    QTest::newRow("timeout 0 is not 'never'") << "timeout" << qint64(0) << "timeout (ms) must be between 50";
    QTest::newRow("negative timeout") << "timeout" << qint64(-5) << "timeout (ms)";
    QTest::newRow("absurd timeout") << "timeout" << qint64(100000000) << "timeout (ms)";
    QTest::newRow("smallest timeout") << "timeout" << qint64(50) << "";
    QTest::newRow("deadline 0") << "deadline" << qint64(0) << "deadline (ms)";
    QTest::newRow("max body 0") << "body" << qint64(0) << "max body (bytes)";
    QTest::newRow("max body 2 GiB") << "body" << (qint64(2) << 30) << "max body (bytes)";
    QTest::newRow("redirects -1") << "redirects" << qint64(-1) << "max redirects";
    QTest::newRow("method with space") << "method" << qint64(0) << "not a valid HTTP method";
    QTest::newRow("no URL") << "url" << qint64(0) << "empty";
}

void TestProbeOptions::validate()
{
    QFETCH(QString, field);
    QFETCH(qint64, value);
    QFETCH(QString, errorMentions);
    ProbeOptions options;
    options.url = QUrl(QStringLiteral("http://127.0.0.1:1/"));
    if (field == QLatin1String("timeout"))
        options.inactivityTimeoutMs = int(value);
    else if (field == QLatin1String("deadline"))
        options.totalDeadlineMs = int(value);
    else if (field == QLatin1String("body"))
        options.maxBodyBytes = value;
    else if (field == QLatin1String("redirects"))
        options.maxRedirects = int(value);
    else if (field == QLatin1String("method"))
        options.method = "GE T";
    else if (field == QLatin1String("url"))
        options.url = QUrl();
    const QString error = options.validate();
    if (errorMentions.isEmpty())
        QVERIFY2(error.isEmpty(), qPrintable(error));
    else
        QVERIFY2(error.contains(errorMentions), qPrintable(error));
}

void TestProbeOptions::headerLine_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("simple") << "Accept: application/json" << true << QByteArray("Accept")
                            << QByteArray("application/json");
    QTest::newRow("colon in value") << "X-Time: 12:30" << true << QByteArray("X-Time") << QByteArray("12:30");
    QTest::newRow("empty value") << "X-Empty:" << true << QByteArray("X-Empty") << QByteArray();
    QTest::newRow("no colon") << "Accept application/json" << false << QByteArray() << QByteArray();
    QTest::newRow("empty name") << ": value" << false << QByteArray() << QByteArray();
    QTest::newRow("space in name") << "Bad Name: v" << false << QByteArray() << QByteArray();
}

void TestProbeOptions::headerLine()
{
    QFETCH(QString, line);
    QFETCH(bool, ok);
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QPair<QByteArray, QByteArray> header;
    QString error;
    QCOMPARE(parseHeaderLine(line, &header, &error), ok);
    if (ok) {
        QCOMPARE(header.first, name);
        QCOMPARE(header.second, value);
    } else {
        QVERIFY(!error.isEmpty());
    }
}

void TestProbeOptions::proxyUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::newRow("http") << "http://127.0.0.1:3128" << true;
    QTest::newRow("socks5") << "socks5://127.0.0.1:1080" << true;
    QTest::newRow("no port") << "http://127.0.0.1" << false;
    QTest::newRow("ftp") << "ftp://127.0.0.1:21" << false;
    QTest::newRow("words") << "my proxy" << false;
}

void TestProbeOptions::proxyUrl()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QNetworkProxy proxy;
    QString error;
    QCOMPARE(parseProxyUrl(text, &proxy, &error), ok);
    QCOMPARE(error.isEmpty(), ok);
}

QTEST_GUILESS_MAIN(TestProbeOptions)
#include "TestProbeOptions.moc"
