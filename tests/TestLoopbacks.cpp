// `localhost` as browsers and curl mean it (RFC 6761): both loopbacks. A development server that
// listens on ::1 only, called as localhost on a machine whose resolver lists only 127.0.0.1 for it
// (this one's /etc/hosts), is up: the probe says which address refused and which answered, and
// warns that clients trying the other first are refused.
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include "FaultServer.h"

#include "probe/Probe.h"

using namespace NetPulse;

namespace {

// A minimal HTTP server on one loopback: answers every request with 200 and the Host it was sent.
class LoopbackServer : public QObject
{
public:
    bool listen(const QHostAddress &address, quint16 port)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_request += socket->readAll();
                    if (!m_request.contains("\r\n\r\n"))
                        return;
                    for (const QByteArray &line : m_request.split('\n'))
                        if (line.toLower().startsWith("host:"))
                            hostSeen = line.mid(5).trimmed();
                    m_request.clear();
                    if (!redirectTo.isEmpty()) {
                        socket->write("HTTP/1.1 302 Found\r\nLocation: " + redirectTo +
                                      "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                        socket->disconnectFromHost();
                        return;
                    }
                    const QByteArray body = "{\"ok\":true}";
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                  QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        return m_server.listen(address, port);
    }
    quint16 port() const { return m_server.serverPort(); }
    QByteArray hostSeen;
    QByteArray redirectTo; // when set, every request is answered 302 to it

private:
    QTcpServer m_server;
    QByteArray m_request;
};

} // namespace

class TestLoopbacks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void localhostIsBothLoopbacks_data();
    void localhostIsBothLoopbacks();
    void anAddressIsNotSwept();
    void aRedirectElsewhereDropsTheName();
    void cancelledOrTimedOutDuringTheSweepFinishesOnce();

private:
    ProbeResult run(const QUrl &url);
    QNetworkAccessManager m_manager;
};

void TestLoopbacks::initTestCase()
{
    qRegisterMetaType<ProbeResult>();
    m_manager.setProxy(QNetworkProxy::NoProxy);
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHostIPv6, 0))
        QSKIP("this machine has no ::1 (IPv6 disabled): nothing to sweep");
}

ProbeResult TestLoopbacks::run(const QUrl &url)
{
    ProbeOptions options;
    options.url = url;
    Probe probe(&m_manager, options);
    QSignalSpy finished(&probe, &Probe::finished);
    probe.start();
    if (finished.isEmpty() && !finished.wait(20000))
        return {};
    return finished.at(0).at(0).value<ProbeResult>();
}

void TestLoopbacks::localhostIsBothLoopbacks_data()
{
    QTest::addColumn<bool>("onIpv4");
    QTest::addColumn<bool>("onIpv6");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("via");
    QTest::addColumn<QString>("words");
    QTest::newRow("::1 only") << false << true << QStringLiteral("ok") << QStringLiteral("::1")
                              << QStringLiteral("It answers on ::1 only (127.0.0.1 refused): clients that try "
                                                "127.0.0.1 first are refused.");
    QTest::newRow("127.0.0.1 only") << true << false << QStringLiteral("ok") << QStringLiteral("127.0.0.1")
                                    << QStringLiteral("It answers on 127.0.0.1 only (::1 refused): clients that "
                                                      "try ::1 first are refused.");
    QTest::newRow("both") << true << true << QStringLiteral("ok") << QString() << QString();
    QTest::newRow("neither") << false << false << QStringLiteral("connection_refused") << QString()
                             << QStringLiteral("Nothing is listening at localhost:%1, on 127.0.0.1 or on ::1.");
}

void TestLoopbacks::localhostIsBothLoopbacks()
{
    QFETCH(bool, onIpv4);
    QFETCH(bool, onIpv6);
    QFETCH(QString, kind);
    QFETCH(QString, via);
    QFETCH(QString, words);

    // One port on both loopbacks: the IPv6 server picks it, the IPv4 side is taken or left free.
    LoopbackServer ipv6, ipv4;
    QTcpServer placeholder;
    QVERIFY(placeholder.listen(QHostAddress::LocalHostIPv6, 0));
    const quint16 port = placeholder.serverPort();
    placeholder.close();
    if (onIpv6)
        QVERIFY(ipv6.listen(QHostAddress::LocalHostIPv6, port));
    if (onIpv4 && !ipv4.listen(QHostAddress::LocalHost, port))
        QSKIP("127.0.0.1 has that port in use already");

    const QUrl url(QStringLiteral("http://localhost:%1/health").arg(port));
    const ProbeResult result = run(url);
    QCOMPARE(failureKindName(result.kind), kind);
    QCOMPARE(result.connectedVia, via);
    QCOMPARE(result.addresses.size(), 2);
    QCOMPARE(result.addresses.at(0).address, QStringLiteral("127.0.0.1"));
    QCOMPARE(result.addresses.at(0).outcome, onIpv4 ? QStringLiteral("accepted") : QStringLiteral("refused"));
    QCOMPARE(result.addresses.at(1).address, QStringLiteral("::1"));
    QCOMPARE(result.addresses.at(1).outcome, onIpv6 ? QStringLiteral("accepted") : QStringLiteral("refused"));
    const QString explanation = result.description().explanation;
    if (words.isEmpty())
        QVERIFY2(!explanation.contains(QStringLiteral(" only (")), qPrintable(explanation));
    else
        QVERIFY2(explanation.contains(words.contains(QLatin1String("%1")) ? words.arg(port) : words),
                 qPrintable(explanation));
    // The request that went to an address still names the host it is for.
    if (via == QLatin1String("::1"))
        QCOMPARE(ipv6.hostSeen, QStringLiteral("localhost:%1").arg(port).toLatin1());
    if (via == QLatin1String("127.0.0.1"))
        QCOMPARE(ipv4.hostSeen, QStringLiteral("localhost:%1").arg(port).toLatin1());
    // The shown URL is the one the user gave.
    QCOMPARE(result.url, url);
}

void TestLoopbacks::anAddressIsNotSwept()
{
    // 127.0.0.1 means that address alone: no sweep, no addresses, no warning.
    LoopbackServer ipv4;
    QVERIFY(ipv4.listen(QHostAddress::LocalHost, 0));
    const ProbeResult result = run(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(ipv4.port())));
    QVERIFY2(result.isOk(), qPrintable(result.detail));
    QVERIFY(result.addresses.isEmpty());
    QVERIFY(result.connectedVia.isEmpty());
}

void TestLoopbacks::aRedirectElsewhereDropsTheName()
{
    // localhost on ::1 only redirects to another server: that server is asked with its own Host,
    // not "localhost:…", which the request to ::1 carried (Qt copies it onto each redirect).
    LoopbackServer elsewhere, ipv6;
    QVERIFY(elsewhere.listen(QHostAddress::LocalHost, 0));
    QTcpServer placeholder;
    QVERIFY(placeholder.listen(QHostAddress::LocalHostIPv6, 0));
    const quint16 port = placeholder.serverPort();
    placeholder.close();
    QVERIFY(ipv6.listen(QHostAddress::LocalHostIPv6, port));
    const QByteArray next = "http://127.0.0.1:" + QByteArray::number(elsewhere.port()) + "/next";
    ipv6.redirectTo = next;
    const ProbeResult result = run(QUrl(QStringLiteral("http://localhost:%1/start").arg(port)));
    QVERIFY2(result.isOk(), qPrintable(result.detail));
    QCOMPARE(ipv6.hostSeen, QStringLiteral("localhost:%1").arg(port).toLatin1());
    QCOMPARE(elsewhere.hostSeen, "127.0.0.1:" + QByteArray::number(elsewhere.port()));
    QCOMPARE(result.redirects.size(), 1);
    QCOMPARE(result.redirects.first(), QUrl(QString::fromLatin1(next)));
}

void TestLoopbacks::cancelledOrTimedOutDuringTheSweepFinishesOnce()
{
    // 127.0.0.1 drops the SYNs (the fault server's full accept queue) and ::1 refuses: the sweep
    // waits on 127.0.0.1. Cancelled there, destroyed there, or its limit firing there, the probe
    // finishes exactly once, with a verdict of its own.
    NetPulse::Demo::FaultServer server;
    QVERIFY(server.start());
    const quint16 port = quint16(server.connectTimeoutUrl().port());
    const QUrl url(QStringLiteral("http://localhost:%1/").arg(port));

    for (const char *how : {"cancel", "destroy", "limit"}) {
        ProbeOptions options;
        options.url = url;
        options.inactivityTimeoutMs = qstrcmp(how, "limit") == 0 ? 300 : 20000;
        auto *probe = new Probe(&m_manager, options);
        QSignalSpy finished(probe, &Probe::finished);
        QSignalSpy connecting(probe, &Probe::phaseReached);
        probe->start();
        QVERIFY(connecting.count() >= 2 || connecting.wait(5000)); // queued, then connecting: the sweep
        if (qstrcmp(how, "cancel") == 0)
            probe->cancel();
        if (qstrcmp(how, "destroy") == 0) {
            delete probe;
            probe = nullptr;
        }
        QVERIFY2(!finished.isEmpty() || finished.wait(20000), how);
        if (probe)
            QVERIFY(!finished.wait(200)); // and nothing more
        QCOMPARE(finished.size(), 1);
        const ProbeResult result = finished.at(0).at(0).value<ProbeResult>();
        if (qstrcmp(how, "limit") == 0)
            QVERIFY2(result.kind == FailureKind::ConnectTimeout || result.kind == FailureKind::NetPulseBusy,
                     qPrintable(failureKindName(result.kind) + QStringLiteral(": ") + result.detail));
        else
            QCOMPARE(result.kind, FailureKind::Cancelled);
        delete probe;
    }
}

QTEST_MAIN(TestLoopbacks)
#include "TestLoopbacks.moc"
