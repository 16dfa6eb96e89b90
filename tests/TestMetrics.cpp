// The metrics page: label values escaped as the text format says, URLs redacted, failures counted
// by kind, the state as one 1 among 0s; and the server: GET /metrics, refusals for the rest, and
// with a web configuration TLS and a password (401 until it matches).
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "Bcrypt.h"

#include "metrics/BasicAuthCheck.h"
#include "metrics/MetricsCollector.h"
#include "metrics/MetricsServer.h"
#include "metrics/MetricsText.h"

using namespace NetPulse;

namespace {

bool has(const QByteArray &page, const QByteArray &line)
{
    return page.contains(line);
}

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT

private slots:
    void escapesLabelValues_data();
    void escapesLabelValues();
    void pageSaysWhatHappened();
    void serverAnswersOnlyGetMetrics();
    void gzipWhenAsked_data();
    void gzipWhenAsked();
    void everySeriesNamesItsVantage();
    void hundredsOfScrapesAndAFlood();
    void listenAddresses_data();
    void listenAddresses();
    void tlsAndPassword_data();
    void tlsAndPassword();
    void busyIsNotARefusal();
    void exposureIsSaid_data();
    void exposureIsSaid();

private:
    QByteArray get(quint16 port, const QByteArray &request);
    // Over TLS, trusting `trusted` and expecting a certificate for localhost; the error if the
    // handshake fails.
    QByteArray getTls(quint16 port, const QByteArray &request, const QList<QSslCertificate> &trusted);

    std::unique_ptr<QTemporaryDir> m_certificates; // made by the first test that needs them
};

void TestMetrics::escapesLabelValues_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("escaped");
    QTest::newRow("plain") << QStringLiteral("checkout-api") << QByteArray("checkout-api");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QByteArray("say \\\"hi\\\"");
    QTest::newRow("backslash") << QStringLiteral("C:\\temp") << QByteArray("C:\\\\temp");
    QTest::newRow("newline") << QStringLiteral("a\nb") << QByteArray("a\\nb");
    QTest::newRow("all three") << QStringLiteral("\\\"\n") << QByteArray("\\\\\\\"\\n");
    QTest::newRow("utf-8") << QStringLiteral("Zürich ✓") << QString(QStringLiteral("Zürich ✓")).toUtf8();
    QTest::newRow("lone surrogate") << QString(QChar(0xD800)) << QByteArray("?"); // still valid UTF-8
}

void TestMetrics::escapesLabelValues()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, escaped);
    QCOMPARE(MetricsText::escapeLabelValue(value), escaped);
}

void TestMetrics::pageSaysWhatHappened()
{
    MetricsCollector collector;
    const ReportSubject subject{QStringLiteral("e1"), QStringLiteral("api \"v2\""),
                                QUrl(QStringLiteral("http://user:pw@127.0.0.1:9/health?token=abc")), "GET"};
    MonitorStatus status;
    status.state = MonitorState::Retrying;
    status.lastAttempt = 1;
    status.nextAttemptInMs = 30000;
    ProbeResult refused;
    refused.kind = FailureKind::ConnectionRefused;
    refused.timeline.finishedNs = 2'000'000;
    collector.recordAttempt(subject, refused, status);
    status.lastAttempt = 2;
    status.retriesUsed = 1;
    collector.recordAttempt(subject, refused, status); // a retry
    ProbeResult cancelled;
    cancelled.kind = FailureKind::Cancelled;
    collector.recordAttempt(subject, cancelled, status); // ours: not counted
    const QByteArray page = collector.render();
    const QByteArray labels = "endpoint=\"api \\\"v2\\\"\",url=\"http://***@127.0.0.1:9/health?token=***\"";
    QVERIFY2(has(page, "probe_success{" + labels + "} 0\n"), page.constData());
    QVERIFY(has(page, "probe_duration_seconds{" + labels + "} 0.002\n"));
    QVERIFY(has(page, "probe_http_status_code{" + labels + "} 0\n"));
    QVERIFY(has(page, "netpulse_probe_failures_total{" + labels + ",kind=\"connection_refused\"} 2\n"));
    QVERIFY(has(page, "netpulse_probe_failures_total{" + labels + ",kind=\"http_server_error\"} 0\n"));
    QVERIFY(has(page, "netpulse_probe_attempts_total{" + labels + "} 2\n"));
    QVERIFY(has(page, "netpulse_retries_total{" + labels + "} 1\n"));
    QVERIFY(has(page, "netpulse_monitor_state{" + labels + ",state=\"retrying\"} 1\n"));
    QVERIFY(has(page, "netpulse_monitor_state{" + labels + ",state=\"up\"} 0\n"));
    QVERIFY(has(page, "netpulse_probe_last_failure_info{" + labels +
                          ",kind=\"connection_refused\",title=\"Connection refused\",http_status=\"\"} 1\n"));
    QVERIFY(has(page, "netpulse_next_check_seconds{" + labels + "} "));
    QVERIFY(has(page, "process_resident_memory_bytes "));
    QVERIFY(!page.contains("hunter") && !page.contains(":pw") && !page.contains("abc"));
    // Every family is announced once, before its samples.
    QCOMPARE(page.count("# TYPE netpulse_probe_failures_total counter\n"), 1);

    QVERIFY(!page.contains("netpulse_probe_gateway_info{")); // no gateway answered

    // A gateway's error answer: its product and what it says of the service behind it.
    ProbeResult viaSquid;
    viaSquid.kind = FailureKind::HttpServerError;
    viaSquid.httpStatus = 503;
    viaSquid.gateway = GatewayReading::read(503, {{"X-Squid-Error", "ERR_CONNECT_FAIL 111"}}, {});
    collector.recordAttempt(subject, viaSquid, status);
    QVERIFY2(has(collector.render(),
                 "netpulse_probe_gateway_info{" + labels + ",product=\"Squid\",origin=\"connection_refused\"} 1\n"),
             collector.render().constData());

    // A browser would block the answer for the page: said apart from the server's own verdict.
    ProbeResult blocked;
    blocked.kind = FailureKind::CheckFailed;
    blocked.failedCheck = QStringLiteral("page_origin");
    blocked.httpStatus = 200;
    collector.recordAttempt(subject, blocked, status);
    QVERIFY(has(collector.render(), "netpulse_probe_page_blocked{" + labels + "} 1\n"));

    // Recovered: success 1, the last failure still told.
    ProbeResult ok;
    ok.kind = FailureKind::Ok;
    ok.httpStatus = 200;
    ok.contentLength = 42;
    status.state = MonitorState::Up;
    collector.recordAttempt(subject, ok, status);
    const QByteArray after = collector.render();
    QVERIFY(has(after, "probe_success{" + labels + "} 1\n"));
    QVERIFY(has(after, "probe_http_content_length{" + labels + "} 42\n"));
    QVERIFY(has(after, "netpulse_probe_last_failure_info{" + labels));
    QVERIFY(!after.contains("netpulse_probe_gateway_info{")); // only while the last check says so
    QVERIFY(!after.contains("netpulse_probe_page_blocked{"));
    // A second endpoint with the same name and URL (another method) stays its own series.
    collector.recordAttempt({QStringLiteral("e2"), subject.name, subject.url, "HEAD"}, ok, status);
    QVERIFY(has(collector.render(), "probe_success{endpoint=\"api \\\"v2\\\" #2\","));
    collector.forget(QStringLiteral("e2"));
    collector.forget(QStringLiteral("e1"));
    QVERIFY(!collector.render().contains("probe_success{"));
}

QByteArray TestMetrics::getTls(quint16 port, const QByteArray &request, const QList<QSslCertificate> &trusted)
{
    QSslSocket socket;
    QSslConfiguration configuration = socket.sslConfiguration();
    configuration.setCaCertificates(trusted);
    socket.setSslConfiguration(configuration);
    socket.setPeerVerifyName(QStringLiteral("localhost")); // the test leaf's name
    // Not waitForEncrypted(): the server answers on this thread's event loop.
    QSignalSpy encrypted(&socket, &QSslSocket::encrypted);
    QSignalSpy failed(&socket, &QSslSocket::errorOccurred);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    if (!QTest::qWaitFor([&] { return encrypted.count() > 0 || failed.count() > 0; }, 10000) || encrypted.isEmpty())
        return "not encrypted: " + socket.errorString().toUtf8();
    socket.write(request);
    QByteArray answer;
    QSignalSpy closed(&socket, &QTcpSocket::disconnected);
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { answer += socket.readAll(); });
    closed.wait(10000);
    answer += socket.readAll();
    return answer;
}

QByteArray TestMetrics::get(quint16 port, const QByteArray &request)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(request);
    QByteArray answer;
    QSignalSpy closed(&socket, &QTcpSocket::disconnected);
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { answer += socket.readAll(); });
    closed.wait(5000);
    answer += socket.readAll();
    return answer;
}

void TestMetrics::serverAnswersOnlyGetMetrics()
{
    MetricsCollector collector;
    MetricsServer server(&collector);
    QString problem;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &problem), qPrintable(problem));
    const QByteArray page = get(server.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY2(page.startsWith("HTTP/1.1 200 OK\r\n"), page.constData());
    QVERIFY(page.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
    QVERIFY(page.contains("netpulse_build_info"));
    QCOMPARE(server.scrapes(), 1);
    QVERIFY(get(server.port(), "POST /metrics HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 405"));
    QVERIFY(get(server.port(), "GET /other HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 404"));
    const QByteArray head = get(server.port(), "HEAD /metrics HTTP/1.1\r\n\r\n");
    QVERIFY(head.startsWith("HTTP/1.1 200") && head.endsWith("\r\n\r\n")); // headers only
    // Headers that never end are cut off at the bound, not buffered for ever.
    QVERIFY(get(server.port(), "GET /metrics HTTP/1.1\r\n" + QByteArray(20000, 'x')).startsWith("HTTP/1.1 431"));
}

void TestMetrics::gzipWhenAsked_data()
{
    QTest::addColumn<QByteArray>("acceptEncoding"); // empty: no header
    QTest::addColumn<bool>("gzip");
    QTest::newRow("no header") << QByteArray() << false;
    QTest::newRow("Prometheus") << QByteArray("gzip") << true;
    QTest::newRow("a list") << QByteArray("deflate, gzip;q=1.0, *;q=0.5") << true;
    QTest::newRow("gzip refused") << QByteArray("gzip;q=0, identity") << false;
    QTest::newRow("anything") << QByteArray("*") << true;
    QTest::newRow("only identity") << QByteArray("identity") << false;
}

// Prometheus asks for gzip on every scrape; the page is then sent gzipped, and it reads back as
// the plain page. A client that does not ask, or refuses it, gets the page as it is.
void TestMetrics::gzipWhenAsked()
{
    QFETCH(QByteArray, acceptEncoding);
    QFETCH(bool, gzip);
    MetricsCollector collector;
    MonitorStatus status;
    status.state = MonitorState::Up;
    ProbeResult ok;
    ok.kind = FailureKind::Ok;
    ok.httpStatus = 200;
    for (int i = 0; i < 50; ++i)
        collector.recordAttempt({QStringLiteral("e%1").arg(i), QStringLiteral("service %1").arg(i),
                                 QUrl(QStringLiteral("http://127.0.0.1:8080/%1").arg(i)), "GET"},
                                ok, status);
    MetricsServer server(&collector);
    QString problem;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &problem), qPrintable(problem));
    QByteArray request = "GET /metrics HTTP/1.1\r\nHost: x\r\n";
    if (!acceptEncoding.isEmpty())
        request += "Accept-Encoding: " + acceptEncoding + "\r\n";
    const QByteArray answer = get(server.port(), request + "\r\n");
    const qsizetype end = answer.indexOf("\r\n\r\n");
    QVERIFY2(end > 0, answer.constData());
    const QByteArray headers = answer.left(end + 2), body = answer.mid(end + 4);
    QVERIFY(headers.contains("Vary: Accept-Encoding\r\n"));
    QCOMPARE(headers.contains("Content-Encoding: gzip\r\n"), gzip);
    QVERIFY(headers.contains(QByteArray("Content-Length: " + QByteArray::number(body.size()) + "\r\n")));
    if (!gzip) {
        QVERIFY(body.startsWith("# HELP "));
        return;
    }
    QVERIFY(body.startsWith("\x1f\x8b")); // a gzip member
    // Read back by a client that decodes gzip itself (Qt does, when it asked on its own).
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QNetworkReply *reply =
        manager.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(server.port()))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    const QByteArray page = reply->readAll();
    reply->deleteLater();
    QVERIFY(page.startsWith("# HELP "));
    QVERIFY(page.contains("probe_success{endpoint=\"service 49\",url=\"http://127.0.0.1:8080/49\"} 1\n"));
    QVERIFY2(body.size() * 4 < page.size(), qPrintable(QStringLiteral("%1 of %2").arg(body.size()).arg(page.size())));
}

// With a vantage name, every series carries it, the process's own included: a Prometheus that
// scrapes many agents tells their verdicts apart by it (docs/vantage.md). The verdict's time and
// kind and the interval now are there for the readers of this vantage.
void TestMetrics::everySeriesNamesItsVantage()
{
    MetricsCollector collector;
    collector.setVantage(QStringLiteral("eu \"1\""));
    MonitorStatus status;
    status.state = MonitorState::Retrying;
    status.nextAttemptInMs = 4000;
    ProbeResult refused;
    refused.kind = FailureKind::ConnectionRefused;
    const QDateTime before = QDateTime::currentDateTimeUtc();
    collector.recordAttempt(
        {QStringLiteral("e1"), QStringLiteral("api"), QUrl(QStringLiteral("http://127.0.0.1:9/")), "GET"}, refused,
        status);
    const QByteArray page = collector.render();
    int samples = 0;
    for (const QByteArray &line : page.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        ++samples;
        QVERIFY2(line.contains("vantage=\"eu \\\"1\\\"\""), line.constData());
    }
    QVERIFY(samples > 40);
    const QByteArray labels = "endpoint=\"api\",url=\"http://127.0.0.1:9/\",vantage=\"eu \\\"1\\\"\"";
    QVERIFY2(has(page, "netpulse_probe_interval_seconds{" + labels + "} 4\n"), page.constData());
    const qsizetype at = page.indexOf(
        QByteArray("netpulse_probe_verdict_timestamp_seconds{" + labels + ",kind=\"connection_refused\"} "));
    QVERIFY(at >= 0);
    const double when = page.mid(at).split('\n').first().split(' ').last().toDouble();
    QVERIFY(when >= double(before.toSecsSinceEpoch()) && when <= double(QDateTime::currentSecsSinceEpoch() + 1));

    // A stopped endpoint makes no more verdicts: interval 0, so no reader counts it as fresh, even
    // one looking back over minutes (last_over_time).
    status.state = MonitorState::Stopped;
    status.nextAttemptInMs.reset();
    collector.recordState(
        {QStringLiteral("e1"), QStringLiteral("api"), QUrl(QStringLiteral("http://127.0.0.1:9/")), "GET"}, status);
    QVERIFY(has(collector.render(), "netpulse_probe_interval_seconds{" + labels + "} 0\n"));
}

// A scraper gone wild: 100 scrapes one after another (about a second's worth at 100 a second),
// then 100 connections at once that send nothing. Every scrape is answered, the flood is cut at
// the connection bound, and once it is gone the next scrape is answered as before.
void TestMetrics::hundredsOfScrapesAndAFlood()
{
    MetricsCollector collector;
    MetricsServer server(&collector);
    QString problem;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &problem), qPrintable(problem));
    for (int i = 0; i < 100; ++i) {
        const QByteArray page = get(server.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY2(page.startsWith("HTTP/1.1 200 OK\r\n") && page.contains("netpulse_build_info"),
                 qPrintable(QString::number(i)));
    }
    QCOMPARE(server.scrapes(), 100);

    std::vector<std::unique_ptr<QTcpSocket>> flood;
    int cut = 0;
    for (int i = 0; i < 100; ++i) {
        flood.push_back(std::make_unique<QTcpSocket>());
        QTcpSocket *socket = flood.back().get();
        connect(socket, &QTcpSocket::disconnected, this, [&cut] { ++cut; });
        socket->connectToHost(QHostAddress::LocalHost, server.port());
    }
    // Everything past the bound is closed by the server; the rest wait (and would be cut after
    // MetricsServer::kRequestTimeoutMs).
    QTRY_COMPARE_WITH_TIMEOUT(cut, 100 - MetricsServer::kMaxConnections, 10000);
    flood.clear();
    QTRY_VERIFY_WITH_TIMEOUT(get(server.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 200"),
                             10000);
}

void TestMetrics::listenAddresses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("port");
    QTest::newRow("port only is loopback") << QStringLiteral(":9464") << true << QStringLiteral("127.0.0.1") << 9464;
    QTest::newRow("localhost") << QStringLiteral("localhost:9464") << true << QStringLiteral("127.0.0.1") << 9464;
    QTest::newRow("all") << QStringLiteral("0.0.0.0:9100") << true << QStringLiteral("0.0.0.0") << 9100;
    QTest::newRow("ipv6") << QStringLiteral("[::1]:9464") << true << QStringLiteral("::1") << 9464;
    QTest::newRow("no port") << QStringLiteral("127.0.0.1") << false << QString() << 0;
    QTest::newRow("port too big") << QStringLiteral(":65536") << false << QString() << 0;
    QTest::newRow("a name") << QStringLiteral("example.com:9464") << false << QString() << 0;
}

void TestMetrics::listenAddresses()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, address);
    QFETCH(int, port);
    QHostAddress parsed;
    quint16 parsedPort = 0;
    QString problem;
    QCOMPARE(MetricsServer::parseAddress(text, &parsed, &parsedPort, &problem), ok);
    if (ok) {
        QCOMPARE(parsed, QHostAddress(address));
        QCOMPARE(int(parsedPort), port);
    } else {
        QVERIFY(problem.contains(text.section(QLatin1Char(':'), 0, 0)) || problem.contains(text));
    }
}

void TestMetrics::tlsAndPassword_data()
{
    QTest::addColumn<QByteArray>("authorization"); // empty: none sent
    QTest::addColumn<QByteArray>("status");
    const auto basic = [](const QByteArray &pair) -> QByteArray { return "Basic " + pair.toBase64(); };
    QTest::newRow("no credentials") << QByteArray() << QByteArray("401");
    QTest::newRow("wrong password") << basic("prometheus:s3cre") << QByteArray("401");
    QTest::newRow("no such user") << basic("root:s3cret") << QByteArray("401");
    QTest::newRow("no password") << basic("prometheus") << QByteArray("401");
    QTest::newRow("a token, not basic") << QByteArray("Bearer s3cret") << QByteArray("401");
    QTest::newRow("not base64") << QByteArray("Basic ***") << QByteArray("401");
    QTest::newRow("right") << basic("prometheus:s3cret") << QByteArray("200");
    QTest::newRow("right, user name in another case") << basic("Prometheus:s3cret") << QByteArray("401");
}

// Served over TLS with a certificate from the test root, and only to a user whose password matches
// its bcrypt hash: a refusal is 401 with no detail; the right pair gets the page, and gets it again
// from the remembered pass.
void TestMetrics::tlsAndPassword()
{
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, status);
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty()) {
        if (qEnvironmentVariableIsSet("NETPULSE_REQUIRE_PROGRAMS"))
            QFAIL("openssl is not installed (Debian package openssl)");
        QSKIP("openssl is not installed (Debian package openssl)");
    }
    if (!m_certificates) {
        m_certificates = std::make_unique<QTemporaryDir>();
        QProcess make;
        make.setProcessChannelMode(QProcess::MergedChannels);
        make.start(QStringLiteral("sh"), {QFINDTESTDATA("support/make-test-certificates.sh"), m_certificates->path()});
        QVERIFY(make.waitForFinished(60000));
        QVERIFY2(make.exitCode() == 0, make.readAll().constData());
    }
    QString problem;
    const std::optional<WebConfig> config =
        WebConfig::parse("tls_server_config:\n  cert_file: chain-leaf.pem\n  key_file: leaf.key\n"
                         "http_server_config:\n  headers:\n    X-Content-Type-Options: nosniff\n"
                         "basic_auth_users:\n  prometheus: " +
                             bcryptHash("s3cret") + "\n",
                         m_certificates->path(), &problem);
    QVERIFY2(config, qPrintable(problem));
    MetricsCollector collector;
    MetricsServer server(&collector);
    server.setWebConfig(*config);
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &problem), qPrintable(problem));
    QVERIFY(server.exposureWarning().isEmpty()); // loopback
    const QList<QSslCertificate> root = QSslCertificate::fromPath(m_certificates->filePath(QStringLiteral("root.crt")));
    QByteArray request = "GET /metrics HTTP/1.1\r\nHost: localhost\r\n";
    if (!authorization.isEmpty())
        request += "Authorization: " + authorization + "\r\n";
    request += "\r\n";
    const QByteArray answer = getTls(server.port(), request, root);
    QVERIFY2(answer.startsWith(QByteArray("HTTP/1.1 " + status + " ")), answer.left(200).constData());
    QVERIFY(answer.contains("X-Content-Type-Options: nosniff\r\n")); // every answer, refusals too
    if (status == "401") {
        QVERIFY(answer.contains("WWW-Authenticate: Basic"));
        QVERIFY(answer.endsWith("\r\n\r\nUnauthorized\n")); // no detail
        QCOMPARE(server.scrapes(), 0);
        return;
    }
    QVERIFY(answer.contains("netpulse_build_info"));
    QVERIFY(getTls(server.port(), request, root).startsWith("HTTP/1.1 200 ")); // remembered
    QCOMPARE(server.scrapes(), 2);
    // Plain HTTP to the TLS port gets no page.
    QVERIFY(!get(server.port(), request).contains("netpulse_build_info"));
    // A client that does not trust the test root does not get through the handshake.
    QVERIFY(getTls(server.port(), request, {}).startsWith("not encrypted"));
}

// Twelve guesses at once against a costly hash: the checks that fit the queue are refused (401),
// the rest are answered busy (503 with Retry-After: not checked, so not called wrong); none gets
// the page.
void TestMetrics::busyIsNotARefusal()
{
    QString problem;
    const std::optional<WebConfig> config =
        WebConfig::parse("basic_auth_users:\n  prometheus: " + bcryptHash("s3cret", 11) + "\n", QString(), &problem);
    QVERIFY2(config, qPrintable(problem));
    MetricsCollector collector;
    MetricsServer server(&collector);
    server.setWebConfig(*config);
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &problem), qPrintable(problem));
    constexpr int kGuesses = BasicAuthCheck::kMaxWaiting + 4;
    QList<QTcpSocket *> sockets;
    QList<QByteArray> answers(kGuesses);
    for (int i = 0; i < kGuesses; ++i) {
        auto *socket = new QTcpSocket(this);
        sockets << socket;
        connect(socket, &QTcpSocket::readyRead, socket, [socket, &answers, i] { answers[i] += socket->readAll(); });
        socket->connectToHost(QHostAddress::LocalHost, server.port());
        socket->write("GET /metrics HTTP/1.1\r\nAuthorization: Basic " +
                      QByteArray("prometheus:guess" + QByteArray::number(i)).toBase64() + "\r\n\r\n");
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(sockets.cbegin(), sockets.cend(),
                                         [](QTcpSocket *s) { return s->state() == QAbstractSocket::UnconnectedState; }),
                             60000);
    int refused = 0, busy = 0;
    for (const QByteArray &answer : std::as_const(answers)) {
        refused += answer.startsWith("HTTP/1.1 401 ") ? 1 : 0;
        if (answer.startsWith("HTTP/1.1 503 ")) {
            ++busy;
            QVERIFY(answer.contains("Retry-After: 1\r\n"));
        }
    }
    QCOMPARE(refused + busy, kGuesses);
    QVERIFY2(busy >= 1 && refused >= 1, qPrintable(QStringLiteral("%1 refused, %2 busy").arg(refused).arg(busy)));
    QCOMPARE(server.scrapes(), 0);
    qDeleteAll(sockets);
}

void TestMetrics::exposureIsSaid_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<bool>("password");
    QTest::addColumn<QString>("said"); // a part of the warning; empty: none
    QTest::newRow("loopback, bare") << QStringLiteral("127.0.0.1") << false << false << QString();
    QTest::newRow("::1, bare") << QStringLiteral("::1") << false << false << QString();
    QTest::newRow("all addresses, bare") << QStringLiteral("0.0.0.0") << false << false
                                         << QStringLiteral("without TLS and without a password");
    QTest::newRow("LAN, TLS only") << QStringLiteral("10.0.0.5") << true << false
                                   << QStringLiteral("served without a password");
    QTest::newRow("LAN, password only") << QStringLiteral("10.0.0.5") << false << true
                                        << QStringLiteral("without TLS (passwords travel readable)");
    QTest::newRow("LAN, both") << QStringLiteral("10.0.0.5") << true << true << QString();
}

void TestMetrics::exposureIsSaid()
{
    QFETCH(QString, address);
    QFETCH(bool, tls);
    QFETCH(bool, password);
    QFETCH(QString, said);
    WebConfig config;
    config.tls = tls;
    if (password)
        config.users.insert(QStringLiteral("prometheus"), QByteArray(60, 'x'));
    const QString warning = MetricsServer::exposure(QHostAddress(address), config);
    if (said.isEmpty()) {
        QVERIFY2(warning.isEmpty(), qPrintable(warning));
        return;
    }
    QVERIFY2(warning.contains(said), qPrintable(warning));
    QVERIFY(warning.contains(address));
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "TestMetrics.moc"
