// NetPulse as Prometheus sees it: a real Prometheus (Debian prometheus) on a free loopback port,
// with a generated configuration, scrapes a headless netpulse watching a healthy and a refused
// fault-server endpoint; its query API must say probe_success 1 and 0, and the failure counter by
// kind must grow. The example alerting rules pass `promtool check rules` and their unit tests, and
// load in that Prometheus.
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

private:
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
        if (series.value(QStringLiteral("metric")).toObject().value(QStringLiteral("endpoint")).toString() == endpoint)
            return series.value(QStringLiteral("value")).toArray().at(1).toString().toDouble();
    }
    return std::nullopt;
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
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    m_netpulse.setProcessEnvironment(environment);
    m_netpulse.setStandardOutputFile(QProcess::nullDevice());
    // Port 0: the program takes a free port and says which. A port found free here and bound by
    // the program later can be taken in between by another test running beside this one.
    m_netpulse.start(QStringLiteral(NETPULSE_BIN_DIR "/netpulse"),
                     {QStringLiteral("--headless"), QStringLiteral("--config"), endpoints.fileName(),
                      QStringLiteral("--metrics-listen"), QStringLiteral("127.0.0.1:0")});
    QVERIFY(m_netpulse.waitForStarted());
    QByteArray netpulseErr;
    const QRegularExpression listening(QStringLiteral("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics"));
    QRegularExpressionMatch match;
    QTRY_VERIFY_WITH_TIMEOUT((netpulseErr += m_netpulse.readAllStandardError(),
                              (match = listening.match(QString::fromUtf8(netpulseErr))).hasMatch() ||
                                  m_netpulse.state() != QProcess::Running),
                             15000);
    QVERIFY2(match.hasMatch(), netpulseErr.constData());
    const quint16 metricsPort = quint16(match.captured(1).toUInt());

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
    // Prometheus takes no port 0: a port found free may be taken before it binds, and then it
    // exits at once. Another port, then.
    for (int attempt = 0; attempt < 3; ++attempt) {
        const quint16 apiPort = freePort();
        m_api = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(apiPort));
        m_prometheus.setProcessChannelMode(QProcess::MergedChannels);
        m_prometheus.start(prometheus, {QStringLiteral("--config.file=") + config.fileName(),
                                        QStringLiteral("--storage.tsdb.path=") + dir.filePath(QStringLiteral("tsdb")),
                                        QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(apiPort)});
        QVERIFY(m_prometheus.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(m_prometheus.state() != QProcess::Running || apiReady(), 30000);
        if (m_prometheus.state() == QProcess::Running)
            break;
    }
    QVERIFY2(m_prometheus.state() == QProcess::Running, "Prometheus did not start");

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

QTEST_GUILESS_MAIN(TestPrometheus)
#include "TestPrometheus.moc"
