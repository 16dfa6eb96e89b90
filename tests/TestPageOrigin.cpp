// What a page's XMLHttpRequest would see: a real nginx (Debian nginx-light) answering with CORS
// headers set and unset, probed with page_origin; the fault server for a plain answer. An answer
// the browser would block is check_failed "page_origin", and the words keep the server's verdict.
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "FaultServer.h"
#include "RealNginx.h"

#include "probe/PageOriginCheck.h"
#include "probe/Probe.h"

using namespace NetPulse;

class TestPageOrigin : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void wouldThePageGetIt_data();
    void wouldThePageGetIt();
    void mixedContentAndOrigins();
    void withoutPageOriginNothingChanges();
    void aPreflightNobodyAnswersEndsOnce();

private:
    ProbeResult run(const ProbeOptions &options);

    NetPulse::Demo::FaultServer m_server;
    QNetworkAccessManager m_manager;
    QTemporaryDir m_dir;
    RealNginx m_nginx;
    QMap<QString, quint16> m_ports; // "none", "localhost", "star" → nginx server port
};

void TestPageOrigin::initTestCase()
{
    qRegisterMetaType<ProbeResult>();
    m_manager.setProxy(QNetworkProxy::NoProxy);
    QString error;
    QVERIFY2(m_server.start(0, &error), qPrintable(error));
    if (RealNginx::find().isEmpty()) {
        if (qEnvironmentVariableIsSet("NETPULSE_REQUIRE_PROGRAMS"))
            QFAIL("nginx is not installed (Debian package nginx-light)");
        QSKIP("nginx is not installed (Debian package nginx-light; scripts/test.sh installs it as root)");
    }
    // Three servers: no CORS at all; CORS for http://localhost:3000 with a preflight that allows
    // GET, PUT and the headers authorization and x-team (and private network access); and "*"
    // with a preflight that allows any header by "*" (which does not cover Authorization).
    const QString preflightLocalhost = QStringLiteral(
        "if ($request_method = OPTIONS) { add_header Access-Control-Allow-Origin http://localhost:3000 always; "
        "add_header Access-Control-Allow-Methods \"GET, PUT\" always; "
        "add_header Access-Control-Allow-Headers \"authorization, x-team\" always; "
        "add_header Access-Control-Allow-Private-Network true always; return 204; } "
        "add_header Access-Control-Allow-Origin http://localhost:3000 always; return 200 \"ok\\n\";");
    const QString preflightStar =
        QStringLiteral("if ($request_method = OPTIONS) { add_header Access-Control-Allow-Origin * always; "
                       "add_header Access-Control-Allow-Headers * always; return 204; } "
                       "add_header Access-Control-Allow-Origin * always; return 200 \"ok\\n\";");
    QVERIFY2(m_nginx.start(
                 m_dir.path(), 3,
                 [&](const QList<quint16> &ports) {
                     return QStringLiteral("  server { listen 127.0.0.1:%1; location / { return 200 \"ok\\n\"; } }\n"
                                           "  server { listen 127.0.0.1:%2; location / { %4 } }\n"
                                           "  server { listen 127.0.0.1:%3; location / { %5 } }\n")
                         .arg(ports[0])
                         .arg(ports[1])
                         .arg(ports[2])
                         .arg(preflightLocalhost, preflightStar);
                 },
                 &error),
             qPrintable(error));
    m_ports = {{QStringLiteral("none"), m_nginx.ports()[0]},
               {QStringLiteral("localhost"), m_nginx.ports()[1]},
               {QStringLiteral("star"), m_nginx.ports()[2]}};
}

void TestPageOrigin::cleanupTestCase()
{
    m_nginx.stop();
}

ProbeResult TestPageOrigin::run(const ProbeOptions &options)
{
    Probe probe(&m_manager, options);
    QSignalSpy finished(&probe, &Probe::finished);
    probe.start();
    if (finished.isEmpty() && !finished.wait(20000))
        return {};
    return finished.at(0).at(0).value<ProbeResult>();
}

void TestPageOrigin::wouldThePageGetIt_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("page");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("header");      // "Name: value" or empty
    QTest::addColumn<QString>("blockedBecause"); // empty: the page gets it
    const QString local = QStringLiteral("http://localhost:3000");
    QTest::newRow("no CORS at all") << QStringLiteral("none") << local << QByteArray("GET") << QByteArray()
                                    << QStringLiteral("the answer has no Access-Control-Allow-Origin for that origin");
    QTest::newRow("allowed origin") << QStringLiteral("localhost") << local << QByteArray("GET") << QByteArray()
                                    << QString();
    QTest::newRow("another origin") << QStringLiteral("localhost") << QStringLiteral("http://localhost:4000")
                                    << QByteArray("GET") << QByteArray()
                                    << QStringLiteral("the answer allows http://localhost:3000, not "
                                                      "http://localhost:4000");
    QTest::newRow("preflight allows PUT and Authorization") << QStringLiteral("localhost") << local << QByteArray("PUT")
                                                            << QByteArray("Authorization: Bearer t0ken") << QString();
    QTest::newRow("preflight does not allow DELETE")
        << QStringLiteral("localhost") << local << QByteArray("DELETE") << QByteArray()
        << QStringLiteral("because the method DELETE is not a simple one), and its answer does not allow the method "
                          "DELETE");
    QTest::newRow("star does not cover Authorization")
        << QStringLiteral("star") << local << QByteArray("GET") << QByteArray("Authorization: Bearer t0ken")
        << QStringLiteral("its answer does not allow the header authorization");
    QTest::newRow("credentials and a star")
        << QStringLiteral("star") << local << QByteArray("GET") << QByteArray("Cookie: session=1")
        << QStringLiteral("the page sends credentials (a cookie), and the answer allows any origin (*)");
    QTest::newRow("credentials without Allow-Credentials")
        << QStringLiteral("localhost") << local << QByteArray("GET") << QByteArray("Cookie: session=1")
        << QStringLiteral("the answer lacks Access-Control-Allow-Credentials: true");
    QTest::newRow("public page, private address")
        << QStringLiteral("star") << QStringLiteral("http://app.example.com") << QByteArray("GET") << QByteArray()
        << QStringLiteral("a public page calls a private address), and its answer lacks "
                          "Access-Control-Allow-Private-Network: true");
    QTest::newRow("public page, allowed to the private network")
        << QStringLiteral("localhost") << QStringLiteral("http://app.example.com") << QByteArray("GET") << QByteArray()
        << QStringLiteral("its answer allows http://localhost:3000, not http://app.example.com");
}

void TestPageOrigin::wouldThePageGetIt()
{
    QFETCH(QString, server);
    QFETCH(QString, page);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, header);
    QFETCH(QString, blockedBecause);
    ProbeOptions options;
    options.url = QUrl(QStringLiteral("http://127.0.0.1:%1/api").arg(m_ports.value(server)));
    options.method = method;
    options.pageOrigin = page;
    if (!header.isEmpty()) {
        QPair<QByteArray, QByteArray> parsed;
        QString error;
        QVERIFY(parseHeaderLine(QString::fromLatin1(header), &parsed, &error));
        options.headers.append(parsed);
    }
    const ProbeResult result = run(options);
    if (blockedBecause.isEmpty()) {
        QVERIFY2(result.isOk(), qPrintable(result.detail));
        return;
    }
    QCOMPARE(result.kind, FailureKind::CheckFailed);
    QCOMPARE(result.failedCheck, QStringLiteral("page_origin"));
    QCOMPARE(result.httpStatus, 200); // the server's own verdict stays
    const FailureDescription words = result.description();
    QVERIFY2(words.explanation.startsWith(QStringLiteral("A page at %1 would get status 0: ").arg(page)),
             qPrintable(words.explanation));
    QVERIFY2(words.explanation.contains(blockedBecause), qPrintable(words.explanation));
    QVERIFY2(words.explanation.endsWith(QStringLiteral("The server itself is up: it answered HTTP 200.")),
             qPrintable(words.explanation));
    QCOMPARE(words.title, QStringLiteral("Blocked for the page"));
}

void TestPageOrigin::mixedContentAndOrigins()
{
    // An https page may not call http, except this machine (browsers trust loopback).
    QVERIFY(!PageOriginCheck::mixedContent(QUrl(QStringLiteral("https://app.example.com")),
                                           QUrl(QStringLiteral("http://api.example.com/x")))
                 .isEmpty());
    QVERIFY(PageOriginCheck::mixedContent(QUrl(QStringLiteral("https://app.example.com")),
                                          QUrl(QStringLiteral("http://localhost:8080/x")))
                .isEmpty());
    QVERIFY(PageOriginCheck::mixedContent(QUrl(QStringLiteral("https://app.example.com")),
                                          QUrl(QStringLiteral("https://api.example.com/x")))
                .isEmpty());
    // Same origin needs nothing; the port counts, the default port is the scheme's.
    QVERIFY(PageOriginCheck::sameOrigin(QUrl(QStringLiteral("https://a.example")),
                                        QUrl(QStringLiteral("https://a.example:443/api"))));
    QVERIFY(!PageOriginCheck::sameOrigin(QUrl(QStringLiteral("http://localhost:3000")),
                                         QUrl(QStringLiteral("http://localhost:8080/api"))));
    // An origin is a scheme, a host and a port, nothing after them.
    QVERIFY(PageOriginCheck::validateOrigin(QStringLiteral("http://localhost:3000")).isEmpty());
    QVERIFY(PageOriginCheck::validateOrigin(QStringLiteral("https://app.example.com/")).isEmpty());
    for (const char *bad : {"localhost:3000", "ftp://x", "http://localhost:3000/app", "http://u:p@x", "http://"})
        QVERIFY2(!PageOriginCheck::validateOrigin(QString::fromLatin1(bad)).isEmpty(), bad);
    // A rejected origin is quoted without its password.
    const QString withSecret = PageOriginCheck::validateOrigin(QStringLiteral("http://ops:hunter2@app.example/x"));
    QVERIFY2(!withSecret.isEmpty() && !withSecret.contains(QStringLiteral("hunter2")), qPrintable(withSecret));
    // An origin is said as a browser says it: no default port.
    QCOMPARE(PageOriginCheck::serialised(QUrl(QStringLiteral("https://a.example:443/"))),
             QStringLiteral("https://a.example"));
    // Same origin with the fault server: no CORS needed, the answer is the page's.
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/ok"));
    options.pageOrigin = QStringLiteral("http://127.0.0.1:%1").arg(options.url.port());
    QVERIFY(run(options).isOk());
}

void TestPageOrigin::withoutPageOriginNothingChanges()
{
    ProbeOptions options;
    options.url = QUrl(QStringLiteral("http://127.0.0.1:%1/api").arg(m_ports.value(QStringLiteral("none"))));
    QVERIFY(run(options).isOk());
}

void TestPageOrigin::aPreflightNobodyAnswersEndsOnce()
{
    // A server that answers GET and never answers OPTIONS: the preflight ends at its limit with
    // words of its own, and a probe cancelled or destroyed while it waits finishes exactly once.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    connect(&server, &QTcpServer::newConnection, &server, [&server] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                const QByteArray request = socket->peek(socket->bytesAvailable());
                if (!request.contains("\r\n\r\n") || request.startsWith("OPTIONS"))
                    return; // the preflight: never answered
                socket->readAll();
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                socket->disconnectFromHost();
            });
        }
    });
    for (const char *how : {"limit", "cancel", "destroy"}) {
        ProbeOptions options;
        options.url = QUrl(QStringLiteral("http://127.0.0.1:%1/api").arg(server.serverPort()));
        options.method = "PUT"; // not simple: a preflight
        options.pageOrigin = QStringLiteral("http://localhost:3000");
        options.inactivityTimeoutMs = qstrcmp(how, "limit") == 0 ? 500 : 20000;
        auto *probe = new Probe(&m_manager, options);
        QSignalSpy finished(probe, &Probe::finished);
        probe->start();
        if (qstrcmp(how, "limit") != 0) {
            // The main answer has come and the preflight is out when the server holds an OPTIONS.
            QTRY_VERIFY_WITH_TIMEOUT(server.findChildren<QTcpSocket *>().size() >= 2 || !finished.isEmpty(), 10000);
            QVERIFY(finished.isEmpty());
            if (qstrcmp(how, "cancel") == 0)
                probe->cancel();
            else {
                delete probe;
                probe = nullptr;
            }
        }
        QVERIFY2(!finished.isEmpty() || finished.wait(20000), how);
        if (probe)
            QVERIFY(!finished.wait(200));
        QCOMPARE(finished.size(), 1);
        const ProbeResult result = finished.at(0).at(0).value<ProbeResult>();
        if (qstrcmp(how, "limit") == 0) {
            QCOMPARE(result.failedCheck, QStringLiteral("page_origin"));
            QVERIFY2(result.detail.contains(QStringLiteral("it got no answer")), qPrintable(result.detail));
        } else {
            QCOMPARE(result.kind, FailureKind::Cancelled);
        }
        delete probe;
    }
}

QTEST_MAIN(TestPageOrigin)
#include "TestPageOrigin.moc"
