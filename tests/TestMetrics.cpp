// The metrics page: label values escaped as the text format says, URLs redacted, failures counted
// by kind, the state as one 1 among 0s; and the server: GET /metrics, refusals for the rest.
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

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

private:
    QByteArray get(quint16 port, const QByteArray &request);
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

QTEST_GUILESS_MAIN(TestMetrics)
#include "TestMetrics.moc"
