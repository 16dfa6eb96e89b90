// VantageReader against a loopback server that answers as Prometheus' API does, and as it should
// not: credentials are sent and never shown, a redirect is not followed, an answer that trickles
// or never ends is cut at the bound, and a reader changed or destroyed mid-refresh says nothing.
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include "FakePrometheus.h"

#include "vantage/VantageReader.h"

using namespace NetPulse;

namespace {

VantageSource sourceFor(const FakePrometheus &server)
{
    VantageSource source;
    source.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()));
    source.headers = {{"Authorization", "Bearer tok3n-value"}};
    source.refreshS = 3600; // refreshed by the test
    return source;
}

} // namespace

class TestVantageReader : public QObject
{
    Q_OBJECT

private slots:
    void credentialsAreSentNeverShown();
    void aRedirectIsNotFollowed();
    void slowOrEndlessAnswersAreCut_data();
    void slowOrEndlessAnswersAreCut();
    void aNewSourceOrTheEndSaysNothing();
};

void TestVantageReader::credentialsAreSentNeverShown()
{
    FakePrometheus server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    VantageReader reader(QStringLiteral("here"));
    QSignalSpy refreshed(&reader, &VantageReader::refreshed);
    VantageSource source = sourceFor(server);
    source.headers.clear();
    source.url.setUserInfo(QStringLiteral("team:s3cret-pass"));
    reader.setSource(source);
    QVERIFY(refreshed.wait(10000));
    QCOMPARE(refreshed.size(), 1); // one refresh, one signal
    QVERIFY2(reader.problem().isEmpty(), qPrintable(reader.problem()));
    QCOMPARE(server.requests.size(), 2); // the query and the targets
    for (const QByteArray &request : std::as_const(server.requests)) {
        QVERIFY2(request.contains(QByteArray("Authorization: Basic " + QByteArray("team:s3cret-pass").toBase64())),
                 request.constData());
        QVERIFY(!request.startsWith("GET http://team")); // not in the request line
    }
    // Prometheus gone: the problem names it, redacted, and never the password.
    server.close();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("vantage points: .*cannot be reached")));
    reader.refresh();
    QVERIFY(refreshed.wait(10000));
    QVERIFY2(reader.problem().contains(QStringLiteral("cannot be reached")), qPrintable(reader.problem()));
    QVERIFY2(!reader.problem().contains(QStringLiteral("s3cret")), qPrintable(reader.problem()));
}

void TestVantageReader::aRedirectIsNotFollowed()
{
    FakePrometheus server;
    server.mode = QStringLiteral("redirect");
    QVERIFY(server.listen(QHostAddress::LocalHost));
    VantageReader reader(QStringLiteral("here"));
    QSignalSpy refreshed(&reader, &VantageReader::refreshed);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("redirected to")));
    reader.setSource(sourceFor(server));
    QVERIFY(refreshed.wait(10000));
    QVERIFY2(reader.problem().contains(QStringLiteral("redirected to http://127.0.0.2:1/steal, which is not followed")),
             qPrintable(reader.problem()));
    QVERIFY(!reader.problem().contains(QStringLiteral("tok3n")));
    QCOMPARE(server.requests.size(), 2); // nothing went anywhere else
}

void TestVantageReader::slowOrEndlessAnswersAreCut_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("said");
    QTest::newRow("trickle") << QStringLiteral("trickle") << QStringLiteral("did not answer within 2 s");
    QTest::newRow("silent") << QStringLiteral("silent") << QStringLiteral("did not answer within 2 s");
    QTest::newRow("endless") << QStringLiteral("endless") << QStringLiteral("sent more than 64 MB");
}

// An answer that keeps coming, a byte at a time or megabytes at a time, is cut at the bound, and
// the next refresh is made (a refresh stuck for ever would silence the reader).
void TestVantageReader::slowOrEndlessAnswersAreCut()
{
    QFETCH(QString, mode);
    QFETCH(QString, said);
    FakePrometheus server;
    server.mode = mode;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    VantageReader reader(QStringLiteral("here"));
    QSignalSpy refreshed(&reader, &VantageReader::refreshed);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("vantage points: ")));
    reader.setSource(sourceFor(server));
    QVERIFY(refreshed.wait(30000));
    QCOMPARE(refreshed.size(), 1);
    QVERIFY2(reader.problem().contains(said), qPrintable(reader.problem()));
    server.mode = QStringLiteral("ok");
    reader.refresh();
    QVERIFY(refreshed.wait(30000));
    QVERIFY2(reader.problem().isEmpty(), qPrintable(reader.problem()));
}

// A new source, or the reader's end, while a refresh is in flight: no refresh is reported for the
// old one, and no problem is made up (it would say "did not answer" of a Prometheus that did).
void TestVantageReader::aNewSourceOrTheEndSaysNothing()
{
    FakePrometheus silent;
    silent.mode = QStringLiteral("silent");
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    FakePrometheus ok;
    QVERIFY(ok.listen(QHostAddress::LocalHost));
    {
        VantageReader reader(QStringLiteral("here"));
        QSignalSpy refreshed(&reader, &VantageReader::refreshed);
        QSignalSpy problems(&reader, &VantageReader::problemChanged);
        reader.setSource(sourceFor(silent));
        QTRY_COMPARE_WITH_TIMEOUT(silent.requests.size(), 2, 10000);
        reader.setSource(sourceFor(ok));
        QVERIFY(refreshed.wait(10000));
        QCOMPARE(refreshed.size(), 1);
        QVERIFY(problems.isEmpty());
        QVERIFY(reader.problem().isEmpty());
        reader.setSource(sourceFor(silent));
        QTRY_COMPARE_WITH_TIMEOUT(silent.requests.size(), 4, 10000);
        refreshed.clear();
        QObject receiver;
        connect(&reader, &VantageReader::problemChanged, &receiver, [] { QFAIL("a problem said at the end"); });
    } // destroyed mid-refresh
}

QTEST_GUILESS_MAIN(TestVantageReader)
#include "TestVantageReader.moc"
