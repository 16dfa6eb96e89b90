// NetPulse as Prometheus sees it: a real Prometheus (Debian prometheus) on a free loopback port,
// with a generated configuration, scrapes a headless netpulse watching a healthy and a refused
// fault-server endpoint; its query API must say probe_success 1 and 0, and the failure counter by
// kind must grow. The example alerting rules pass `promtool check rules` and their unit tests, and
// load in that Prometheus. Served with a web configuration (TLS from a test root, a bcrypt
// password), the same Prometheus scrapes it with its own tls_config and basic_auth, and a scrape
// with a wrong password is refused.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include "Bcrypt.h"
#include "FaultServer.h"
#include "FreePort.h"
#include "RequiredProgram.h"

using NetPulse::Demo::FaultServer;

namespace {

const QString kRules = QStringLiteral(NETPULSE_SOURCE_DIR "/docs/examples/netpulse-rules.yml");

} // namespace

class TestPrometheus : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void rulesPassPromtool();
    void prometheusScrapesNetPulse();
    void scrapesOverTlsWithAPassword();

private:
    // A headless netpulse watching `endpointsFile` with `extra` arguments, serving metrics on a
    // port of its choosing: that port, or 0 (and `said` what it wrote) if it did not start.
    quint16 startNetPulse(const QTemporaryDir &dir, const QString &endpointsFile, const QStringList &extra,
                          QByteArray *said);
    // Prometheus with `config` on a free port (m_api); false if it would not start.
    bool startPrometheus(const QTemporaryDir &dir, const QString &config);
    // The first series of `query` whose `label` is `value`.
    std::optional<double> queryWhere(const QString &query, const QString &label, const QString &value);
    // The value of `query` for the series whose `endpoint` label is `endpoint`; nullopt if none.
    bool apiReady(); // Prometheus' /-/ready answers 200
    std::optional<double> query(const QString &query, const QString &endpoint);
    void stop(QProcess *process);

    FaultServer m_server;
    QNetworkAccessManager m_network;
    QProcess m_netpulse;
    QProcess m_prometheus;
    QUrl m_api;
};

void TestPrometheus::initTestCase()
{
    QVERIFY(m_server.start());
}

void TestPrometheus::stop(QProcess *process)
{
    if (process->state() == QProcess::NotRunning)
        return;
    process->terminate();
    if (!process->waitForFinished(10000))
        process->kill();
}

void TestPrometheus::cleanup()
{
    stop(&m_prometheus);
    stop(&m_netpulse);
}

void TestPrometheus::rulesPassPromtool()
{
    NETPULSE_REQUIRE_PROGRAM(promtool, "promtool", "prometheus");
    QProcess check;
    check.setProcessChannelMode(QProcess::MergedChannels);
    check.start(promtool, {QStringLiteral("check"), QStringLiteral("rules"), kRules});
    QVERIFY(check.waitForFinished(30000));
    QVERIFY2(check.exitCode() == 0, check.readAll().constData());
    // The rules' own unit tests: NetPulseEndpointDown fires after its `for`, not before; the
    // quorum rules of docs/vantage.md count only fresh vantages that are not offline themselves.
    for (const char *tests : {"netpulse-rules.test.yml", "vantage-rules.test.yml"}) {
        QProcess test;
        test.setProcessChannelMode(QProcess::MergedChannels);
        test.start(promtool, {QStringLiteral("test"), QStringLiteral("rules"),
                              QStringLiteral(NETPULSE_SOURCE_DIR "/docs/examples/") + QLatin1String(tests)});
        QVERIFY(test.waitForFinished(30000));
        QVERIFY2(test.exitCode() == 0, test.readAll().constData());
    }
    QProcess config;
    config.setProcessChannelMode(QProcess::MergedChannels);
    config.start(promtool, {QStringLiteral("check"), QStringLiteral("config"), QStringLiteral("--syntax-only"),
                            QStringLiteral(NETPULSE_SOURCE_DIR "/docs/examples/prometheus-vantages.yml")});
    QVERIFY(config.waitForFinished(30000));
    QVERIFY2(config.exitCode() == 0, config.readAll().constData());
    // The inhibition that keeps an offline vantage from paging: a configuration Alertmanager takes.
    NETPULSE_REQUIRE_PROGRAM(amtool, "amtool", "prometheus-alertmanager");
    QProcess inhibition;
    inhibition.setProcessChannelMode(QProcess::MergedChannels);
    inhibition.start(amtool, {QStringLiteral("check-config"),
                              QStringLiteral(NETPULSE_SOURCE_DIR "/docs/examples/alertmanager-vantages.yml")});
    QVERIFY(inhibition.waitForFinished(30000));
    QVERIFY2(inhibition.exitCode() == 0, inhibition.readAll().constData());
}

bool TestPrometheus::apiReady()
{
    QNetworkReply *reply = m_network.get(QNetworkRequest(m_api.resolved(QUrl(QStringLiteral("/-/ready")))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    const bool ready = finished.wait(2000) && reply->error() == QNetworkReply::NoError;
    reply->abort();
    reply->deleteLater();
    return ready;
}

std::optional<double> TestPrometheus::query(const QString &expression, const QString &endpoint)
{
    return queryWhere(expression, QStringLiteral("endpoint"), endpoint);
}

std::optional<double> TestPrometheus::queryWhere(const QString &expression, const QString &label, const QString &wanted)
{
    QUrl url = m_api.resolved(QUrl(QStringLiteral("/api/v1/query")));
    QUrlQuery parameters;
    parameters.addQueryItem(QStringLiteral("query"), expression);
    url.setQuery(parameters);
    QNetworkReply *reply = m_network.get(QNetworkRequest(url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    // Short: QTRY_* counts its own waits, not the time its condition takes.
    if (!finished.wait(2000)) {
        reply->abort();
        reply->deleteLater();
        return std::nullopt;
    }
    const QJsonArray results = QJsonDocument::fromJson(reply->readAll())
                                   .object()
                                   .value(QStringLiteral("data"))
                                   .toObject()
                                   .value(QStringLiteral("result"))
                                   .toArray();
    reply->deleteLater();
    for (const QJsonValue &value : results) {
        const QJsonObject series = value.toObject();
        if (series.value(QStringLiteral("metric")).toObject().value(label).toString() == wanted)
            return series.value(QStringLiteral("value")).toArray().at(1).toString().toDouble();
    }
    return std::nullopt;
}

quint16 TestPrometheus::startNetPulse(const QTemporaryDir &dir, const QString &endpointsFile, const QStringList &extra,
                                      QByteArray *said)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    m_netpulse.setProcessEnvironment(environment);
    m_netpulse.setStandardOutputFile(QProcess::nullDevice());
    // Port 0: the program takes a free port and says which. A port found free here and bound by
    // the program later can be taken in between by another test running beside this one.
    m_netpulse.start(QStringLiteral(NETPULSE_BIN_DIR "/netpulse"),
                     QStringList{QStringLiteral("--headless"), QStringLiteral("--config"), endpointsFile,
                                 QStringLiteral("--metrics-listen"), QStringLiteral("127.0.0.1:0")} +
                         extra);
    if (!m_netpulse.waitForStarted())
        return 0;
    const QRegularExpression listening(QStringLiteral("metrics on https?://127\\.0\\.0\\.1:(\\d+)/metrics"));
    QRegularExpressionMatch match;
    (void)QTest::qWaitFor(
        [&] {
            *said += m_netpulse.readAllStandardError();
            match = listening.match(QString::fromUtf8(*said));
            return match.hasMatch() || m_netpulse.state() != QProcess::Running;
        },
        15000);
    return match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
}

bool TestPrometheus::startPrometheus(const QTemporaryDir &dir, const QString &config)
{
    const QString prometheus = QStandardPaths::findExecutable(QStringLiteral("prometheus"));
    // Prometheus takes no port 0: a port found free may be taken before it binds, and then it
    // exits at once. Another port, then.
    for (int attempt = 0; attempt < 3; ++attempt) {
        const quint16 apiPort = freePort();
        m_api = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(apiPort));
        m_prometheus.setProcessChannelMode(QProcess::MergedChannels);
        m_prometheus.start(prometheus, {QStringLiteral("--config.file=") + config,
                                        QStringLiteral("--storage.tsdb.path=") + dir.filePath(QStringLiteral("tsdb")),
                                        QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(apiPort)});
        if (!m_prometheus.waitForStarted())
            return false;
        if (!QTest::qWaitFor([this] { return m_prometheus.state() != QProcess::Running || apiReady(); }, 30000))
            return false;
        if (m_prometheus.state() == QProcess::Running)
            break;
    }
    return m_prometheus.state() == QProcess::Running;
}

void TestPrometheus::prometheusScrapesNetPulse()
{
    NETPULSE_REQUIRE_PROGRAM(prometheus, "prometheus", "prometheus");
    QTemporaryDir dir;
    // A headless netpulse watching two endpoints of an endpoint file, serving its metrics.
    QFile endpoints(dir.filePath(QStringLiteral("endpoints.json")));
    QVERIFY(endpoints.open(QIODevice::WriteOnly));
    endpoints.write("{\"version\": 1, \"defaults\": {\"interval_ms\": 250, \"retries\": 0, \"down_interval_ms\": 250},"
                    " \"endpoints\": [{\"name\": \"healthy\", \"url\": \"" +
                    m_server.url(QStringLiteral("/ok")).toString().toUtf8() +
                    "\"}, {\"name\": \"refused\", \"url\": \"" + m_server.refusedUrl().toString().toUtf8() + "\"}]}");
    endpoints.close();
    QByteArray netpulseErr;
    const quint16 metricsPort = startNetPulse(dir, endpoints.fileName(), {}, &netpulseErr);
    QVERIFY2(metricsPort, netpulseErr.constData());

    // Prometheus scraping it every second, with the example rules loaded.
    QFile config(dir.filePath(QStringLiteral("prometheus.yml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                                "rule_files:\n  - %1\n"
                                "scrape_configs:\n  - job_name: netpulse\n    static_configs:\n"
                                "      - targets: ['127.0.0.1:%2']\n")
                     .arg(kRules)
                     .arg(metricsPort)
                     .toUtf8());
    config.close();
    QVERIFY2(startPrometheus(dir, config.fileName()), "Prometheus did not start");

    QTRY_VERIFY_WITH_TIMEOUT(m_netpulse.state() != QProcess::Running ||
                                 (query(QStringLiteral("probe_success"), QStringLiteral("healthy")).has_value() &&
                                  query(QStringLiteral("probe_success"), QStringLiteral("refused")).has_value()),
                             60000);
    QVERIFY2(m_netpulse.state() == QProcess::Running,
             QByteArray(netpulseErr + m_netpulse.readAllStandardError()).constData());
    QCOMPARE(*query(QStringLiteral("probe_success"), QStringLiteral("healthy")), 1.0);
    QCOMPARE(*query(QStringLiteral("probe_success"), QStringLiteral("refused")), 0.0);
    const QString refusedCount = QStringLiteral("netpulse_probe_failures_total{kind=\"connection_refused\"}");
    const double first = query(refusedCount, QStringLiteral("refused")).value_or(-1);
    QVERIFY(first >= 1);
    QTRY_VERIFY_WITH_TIMEOUT(query(refusedCount, QStringLiteral("refused")).value_or(-1) > first, 30000);
    // Down, though a scrape may land inside one of its checks (then "probing"): the next one says so.
    QTRY_COMPARE_WITH_TIMEOUT(
        query(QStringLiteral("netpulse_monitor_state{state=\"down\"}"), QStringLiteral("refused")).value_or(-1), 1.0,
        15000);
    // The example rules loaded and evaluate without errors.
    QNetworkReply *reply = m_network.get(QNetworkRequest(m_api.resolved(QUrl(QStringLiteral("/api/v1/rules")))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(5000));
    const QByteArray rules = reply->readAll();
    reply->deleteLater();
    QVERIFY2(rules.contains("NetPulseEndpointDown") && !rules.contains("\"health\":\"err\""), rules.constData());
}

// An agent another machine scrapes (docs/vantage.md): over TLS, with a password. Prometheus' own
// tls_config (the test root, the leaf's name) and basic_auth get the page; a wrong password gets
// 401, and Prometheus says so for that target.
void TestPrometheus::scrapesOverTlsWithAPassword()
{
    NETPULSE_REQUIRE_PROGRAM(prometheus, "prometheus", "prometheus");
    NETPULSE_REQUIRE_PROGRAM(openssl, "openssl", "openssl");
    QTemporaryDir dir;
    QProcess make;
    make.setProcessChannelMode(QProcess::MergedChannels);
    make.start(QStringLiteral("sh"), {QFINDTESTDATA("support/make-test-certificates.sh"), dir.path()});
    QVERIFY(make.waitForFinished(60000));
    QVERIFY2(make.exitCode() == 0, make.readAll().constData());
    QFile web(dir.filePath(QStringLiteral("web.yml")));
    QVERIFY(web.open(QIODevice::WriteOnly));
    web.write("tls_server_config:\n  cert_file: chain-leaf.pem\n  key_file: leaf.key\n"
              "basic_auth_users:\n  prometheus: " +
              bcryptHash("s3cret") + "\n");
    web.close();
    QFile endpoints(dir.filePath(QStringLiteral("endpoints.json")));
    QVERIFY(endpoints.open(QIODevice::WriteOnly));
    endpoints.write("{\"version\": 1, \"defaults\": {\"interval_ms\": 250}, \"endpoints\": [{\"name\": \"healthy\", "
                    "\"url\": \"" +
                    m_server.url(QStringLiteral("/ok")).toString().toUtf8() + "\"}]}");
    endpoints.close();
    QByteArray said;
    const quint16 metricsPort =
        startNetPulse(dir, endpoints.fileName(), {QStringLiteral("--web-config"), web.fileName()}, &said);
    QVERIFY2(metricsPort, said.constData());
    QVERIFY2(said.contains("metrics on https://127.0.0.1:"), said.constData());
    QVERIFY2(!said.contains("anyone who can reach"), said.constData()); // loopback: no warning

    QFile config(dir.filePath(QStringLiteral("prometheus.yml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    QString jobs = QStringLiteral("global:\n  scrape_interval: 1s\nscrape_configs:\n");
    for (const auto &[job, password] : {std::pair{"right", "s3cret"}, std::pair{"wrong", "guess"}})
        jobs += QStringLiteral("  - job_name: %1\n    scheme: https\n"
                               "    tls_config: {ca_file: '%2', server_name: localhost}\n"
                               "    basic_auth: {username: prometheus, password: %3}\n"
                               "    static_configs: [{targets: ['127.0.0.1:%4']}]\n")
                    .arg(QLatin1String(job), dir.filePath(QStringLiteral("root.crt")), QLatin1String(password))
                    .arg(metricsPort);
    config.write(jobs.toUtf8());
    config.close();
    QVERIFY2(startPrometheus(dir, config.fileName()), "Prometheus did not start");

    QTRY_VERIFY_WITH_TIMEOUT(m_netpulse.state() != QProcess::Running ||
                                 (queryWhere(QStringLiteral("up"), QStringLiteral("job"), QStringLiteral("right")) &&
                                  queryWhere(QStringLiteral("up"), QStringLiteral("job"), QStringLiteral("wrong"))),
                             60000);
    QVERIFY2(m_netpulse.state() == QProcess::Running, QByteArray(said + m_netpulse.readAllStandardError()).constData());
    QTRY_COMPARE_WITH_TIMEOUT(
        queryWhere(QStringLiteral("up"), QStringLiteral("job"), QStringLiteral("right")).value_or(-1), 1.0, 30000);
    QCOMPARE(queryWhere(QStringLiteral("up"), QStringLiteral("job"), QStringLiteral("wrong")).value_or(-1), 0.0);
    QTRY_COMPARE_WITH_TIMEOUT(
        query(QStringLiteral("probe_success{job=\"right\"}"), QStringLiteral("healthy")).value_or(-1), 1.0, 30000);
    QVERIFY(!query(QStringLiteral("probe_success{job=\"wrong\"}"), QStringLiteral("healthy")));
    // Prometheus' own word for the refused target.
    QNetworkReply *reply = m_network.get(QNetworkRequest(m_api.resolved(QUrl(QStringLiteral("/api/v1/targets")))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(5000));
    const QJsonArray targets = QJsonDocument::fromJson(reply->readAll())
                                   .object()
                                   .value(QStringLiteral("data"))
                                   .toObject()
                                   .value(QStringLiteral("activeTargets"))
                                   .toArray();
    reply->deleteLater();
    QString wrongError;
    for (const QJsonValue &target : targets)
        if (target.toObject().value(QStringLiteral("labels")).toObject().value(QStringLiteral("job")).toString() ==
            QLatin1String("wrong"))
            wrongError = target.toObject().value(QStringLiteral("lastError")).toString();
    QVERIFY2(wrongError.contains(QLatin1String("401")), qPrintable(wrongError));
}

QTEST_GUILESS_MAIN(TestPrometheus)
#include "TestPrometheus.moc"
