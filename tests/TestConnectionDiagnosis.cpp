// The raw-socket diagnosis against the demo server's real sockets: what it reports for a refused
// port, an HTTP answer, bytes that are not HTTP, a close, a silent peer, TLS, and a name that does
// not resolve; that it finishes exactly once; and that its own thread's stall is never the peer's
// silence.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include "FaultServer.h"
#include "ThreadedFaultServer.h"

#include "probe/ConnectionDiagnosis.h"

using namespace NetPulse;
using NetPulse::Demo::FaultServer;

Q_DECLARE_METATYPE(DiagnosisReport::Mode)

class TestConnectionDiagnosis : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void reports_data();
    void reports();
    void destroyedMidwayNeverFinishes();
    void aStalledThreadIsNotASilentPeer_data();
    void aStalledThreadIsNotASilentPeer();

private:
    FaultServer m_server;
};

void TestConnectionDiagnosis::initTestCase()
{
    QVERIFY(m_server.start());
    QVERIFY(m_server.startTls());
}

void TestConnectionDiagnosis::reports_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<DiagnosisReport::Mode>("mode");
    QTest::addColumn<bool>("tcpConnected");
    QTest::addColumn<bool>("answeredHttp");
    QTest::addColumn<bool>("peerClosed");
    QTest::addColumn<bool>("timedOut");
    QTest::addColumn<bool>("tlsCompleted");
    QTest::addColumn<QByteArray>("firstBytesStart");

    using M = DiagnosisReport::Mode;
    QTest::newRow("refused") << m_server.refusedUrl() << M::TcpConnect << false << false << false << false << false
                             << QByteArray();
    QTest::newRow("tcp connects") << m_server.url(QStringLiteral("/ok")) << M::TcpConnect << true << false << false
                                  << false << false << QByteArray();
    QTest::newRow("answers HTTP") << m_server.url(QStringLiteral("/ok")) << M::HttpExchange << true << true << false
                                  << false << false << QByteArray("HTTP/1.1 200");
    // Five bytes tell HTTP from anything else: it does not wait for the close.
    QTest::newRow("not HTTP") << m_server.url(QStringLiteral("/garbage")) << M::HttpExchange << true << false << false
                              << false << false << QByteArray("SSH-");
    QTest::newRow("closes at once") << m_server.url(QStringLiteral("/close")) << M::HttpExchange << true << false
                                    << true << false << false << QByteArray();
    QTest::newRow("silent") << m_server.silentUrl() << M::HttpExchange << true << false << false << true << false
                            << QByteArray();
    QTest::newRow("tls completes") << m_server.tlsUrl(QStringLiteral("/ok")) << M::TlsHandshake << true << false
                                   << false << false << true << QByteArray();
    QTest::newRow("tls never answered") << m_server.silentUrl(QStringLiteral("https")) << M::TlsHandshake << true
                                        << false << false << true << false << QByteArray();
}

void TestConnectionDiagnosis::reports()
{
    QFETCH(QUrl, url);
    QFETCH(DiagnosisReport::Mode, mode);
    ConnectionDiagnosis diagnosis(url.host(), quint16(url.port()), url.scheme() == QLatin1String("https"));
    QSignalSpy finished(&diagnosis, &ConnectionDiagnosis::finished);
    diagnosis.start(mode, 600, url.host().toLatin1(), url.path().toLatin1());
    QVERIFY(finished.wait(5000));
    const auto report = finished.at(0).at(0).value<DiagnosisReport>();
    QTEST(report.tcpConnected, "tcpConnected");
    QTEST(report.answeredHttp(), "answeredHttp");
    QTEST(report.peerClosed, "peerClosed");
    QTEST(report.timedOut, "timedOut");
    QTEST(report.tlsCompleted, "tlsCompleted");
    QFETCH(QByteArray, firstBytesStart);
    QVERIFY2(report.firstBytes.startsWith(firstBytesStart), report.firstBytes.constData());
    QVERIFY(!report.summary().isEmpty());
    QVERIFY(report.timedOut || report.elapsedMs < 600);
    QVERIFY(!finished.wait(100)); // exactly once
}

void TestConnectionDiagnosis::destroyedMidwayNeverFinishes()
{
    auto *diagnosis = new ConnectionDiagnosis(QStringLiteral("127.0.0.1"), quint16(m_server.silentUrl().port()), false);
    QSignalSpy finished(diagnosis, &ConnectionDiagnosis::finished);
    diagnosis->start(DiagnosisReport::Mode::HttpExchange, 5000);
    delete diagnosis;
    QCOMPARE(finished.count(), 0);
}

void TestConnectionDiagnosis::aStalledThreadIsNotASilentPeer_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("requestOutFirst");
    QTest::addColumn<QByteArray>("answerStart");
    // Before the connect is seen (the request goes out late), and after the request is out (the
    // answer, sent 200 ms later, waits in the kernel when the limit comes due).
    QTest::newRow("stalled before the connect is seen") << QStringLiteral("/garbage") << false << QByteArray("SSH-2");
    QTest::newRow("stalled with the answer unread")
        << QStringLiteral("/delay/200") << true << QByteArray("HTTP/1.1 200");
}

void TestConnectionDiagnosis::aStalledThreadIsNotASilentPeer()
{
    // The peer answers from a thread of its own; this thread stops for ten times the diagnosis'
    // limit, as a lane does under a thousand checks on a busy machine. When it runs again its
    // limit is overdue: the diagnosis still reports the answer, never a silent peer.
    QFETCH(QString, path);
    QFETCH(bool, requestOutFirst);
    ThreadedFaultServer server;
    QVERIFY(server.start());
    const QUrl url = server->url(path);
    ConnectionDiagnosis diagnosis(url.host(), quint16(url.port()), false);
    QSignalSpy finished(&diagnosis, &ConnectionDiagnosis::finished);
    diagnosis.start(DiagnosisReport::Mode::HttpExchange, 100, url.authority().toLatin1(), url.path().toLatin1());
    QElapsedTimer stalled;
    if (requestOutFirst) {
        // This thread's loop runs until the server has read the request; then the stall, while
        // the answer arrives. (On a machine slow enough, the answer may already have been read:
        // then there was no stall to survive, and the report must still be the answer.)
        QTRY_VERIFY_WITH_TIMEOUT(server->requestsServed() == 1, 5000);
        stalled.start();
        // Held up until the answer is in the kernel, however late the server's own timer runs.
        while (server->responsesWritten() < 1 && stalled.elapsed() < 10000)
            QThread::msleep(10); // sleep-ok: this thread's stall is the condition under test
    } else {
        stalled.start();
    }
    // At least ten times the diagnosis' limit without this thread's loop running.
    QThread::msleep(quint64(std::max<qint64>(0, 1000 - stalled.elapsed()))); // sleep-ok: the stall under test
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    const auto report = finished.at(0).at(0).value<DiagnosisReport>();
    QVERIFY2(report.tcpConnected && !report.timedOut, qPrintable(report.summary()));
    QFETCH(QByteArray, answerStart);
    QVERIFY2(report.firstBytes.startsWith(answerStart), qPrintable(report.summary())); // the answer itself
}

QTEST_GUILESS_MAIN(TestConnectionDiagnosis)
#include "TestConnectionDiagnosis.moc"
