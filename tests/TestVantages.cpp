// Is it just me? Three headless agents watch one endpoint and a real Prometheus (Debian
// prometheus) scrapes them; two of them read the others back through it (--vantages-from).
// Everything runs in network namespaces this test makes, so the ports are fixed and every packet
// stays inside: "lab" holds the service (netpulse-demo-server), Prometheus and the agents near-1
// and near-2; "far", reached from lab over a veth, holds the agent far, from which the service's
// address is its own loopback, where nothing listens. far then says only_here, near-1 elsewhere;
// with the service stopped both say everywhere; a killed agent turns stale and is not counted.
// Prometheus evaluates the shipped quorum rules (docs/examples/vantage-rules.yml, their `for:`
// shortened so the test does not wait minutes) and a real Alertmanager receives them: down from
// some while far alone fails, down everywhere once the service stops, resolved when it is back;
// far offline itself is not counted, and the shipped inhibition mutes its own down alerts.
// Root only (namespaces); skipped elsewhere, and CI (NETPULSE_REQUIRE_PROGRAMS) requires Prometheus
// and Alertmanager.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "RequiredProgram.h"

class TestVantages : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void onlyHereThenEverywhereThenStale();

private:
    // A program started inside the namespace held by process `holder`.
    QProcess *startIn(qint64 holder, const QString &program, const QStringList &arguments);
    bool runIn(qint64 holder, const QString &script, QString *output);
    QProcess *startAgent(qint64 holder, const QString &name, const QString &metrics, const QString &readFrom);
    // The agent's last JSON line so far.
    QJsonObject lastLine(QProcess *agent);
    // The names of the alerts Alertmanager (in lab) holds active now.
    QStringList activeAlerts();
    // "vantage: state" (active, suppressed) of each alert named alertName, sorted.
    QStringList alertStates(const QString &alertName);
    QString describe() const;

    QTemporaryDir m_dir;
    QString m_prometheus;
    QString m_alertmanager;
    QString m_amtool;
    QProcess m_lab;
    QProcess m_far;
    QList<QProcess *> m_started;
    QHash<QProcess *, QJsonObject> m_last;
    QHash<QProcess *, QByteArray> m_pending;
    QHash<QProcess *, QString> m_names;
};

void TestVantages::initTestCase()
{
    NETPULSE_REQUIRE_PROGRAM(prometheus, "prometheus", "prometheus");
    m_prometheus = prometheus;
    NETPULSE_REQUIRE_PROGRAM(alertmanager, "prometheus-alertmanager", "prometheus-alertmanager");
    NETPULSE_REQUIRE_PROGRAM(amtool, "amtool", "prometheus-alertmanager");
    m_alertmanager = alertmanager;
    m_amtool = amtool;
    for (const char *tool : {"unshare", "nsenter", "ip"}) {
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
            QSKIP("needs unshare and nsenter (util-linux) and ip (iproute2)");
    }
    m_lab.start(QStringLiteral("unshare"), {QStringLiteral("-n"), QStringLiteral("sleep"), QStringLiteral("3600")});
    QVERIFY(m_lab.waitForStarted());
    QString output;
    // Ready once its network namespace is no longer ours (unshare has exec'd sleep).
    const QString ours = QFile::symLinkTarget(QStringLiteral("/proc/self/ns/net"));
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.state() != QProcess::Running ||
                                 QFile::symLinkTarget(QStringLiteral("/proc/%1/ns/net").arg(m_lab.processId())) != ours,
                             10000);
    if (m_lab.state() != QProcess::Running || !runIn(m_lab.processId(), QStringLiteral("ip link set lo up"), &output))
        QSKIP(qPrintable(QStringLiteral("network namespaces cannot be made here (run as root): %1 %2")
                             .arg(QString::fromLocal8Bit(m_lab.readAllStandardError()), output)));
    const QString lab = QString::number(m_lab.processId());
    m_far.start(QStringLiteral("nsenter"), {QStringLiteral("-t"), lab, QStringLiteral("-n"), QStringLiteral("unshare"),
                                            QStringLiteral("-n"), QStringLiteral("sleep"), QStringLiteral("3600")});
    QVERIFY(m_far.waitForStarted());
    const QString labNet = QFile::symLinkTarget(QStringLiteral("/proc/%1/ns/net").arg(lab));
    // Ready once in a namespace that is neither ours (nsenter has not entered lab yet) nor lab's
    // (unshare has not made its own yet): a veth moved to it earlier would land in the wrong one.
    const auto farNet = [this] {
        return QFile::symLinkTarget(QStringLiteral("/proc/%1/ns/net").arg(m_far.processId()));
    };
    QTRY_VERIFY_WITH_TIMEOUT(m_far.state() != QProcess::Running || (farNet() != labNet && farNet() != ours), 10000);
    QVERIFY(m_far.state() == QProcess::Running);
    QVERIFY2(runIn(m_lab.processId(),
                   QStringLiteral("ip link add va type veth peer name vb && ip link set vb netns %1 && "
                                  "ip addr add 10.77.0.1/24 dev va && ip link set va up")
                       .arg(m_far.processId()),
                   &output),
             qPrintable(output));
    QVERIFY2(runIn(m_far.processId(),
                   QStringLiteral("ip link set lo up && ip addr add 10.77.0.2/24 dev vb && ip link set vb up"),
                   &output),
             qPrintable(output));
    // Both loopbacks up, with their address, before anything is started on them. Asked again
    // until it holds: once in a few runs the first "lo up" in a namespace just made left lo
    // without 127.0.0.1 (seen in the sanitizer build, where everything is slower).
    for (const qint64 holder : {m_lab.processId(), m_far.processId()}) {
        QTRY_VERIFY2_WITH_TIMEOUT(
            runIn(holder, QStringLiteral("ip link set lo up && ip -o addr show dev lo | grep -q 127.0.0.1"), &output),
            qPrintable(QStringLiteral("no 127.0.0.1 in the namespace of %1: %2").arg(holder).arg(output)), 10000);
    }
}

void TestVantages::cleanupTestCase()
{
    for (QProcess *process : std::as_const(m_started)) {
        process->kill();
        process->waitForFinished(5000);
        delete process;
    }
    m_started.clear();
    for (QProcess *holder : {&m_far, &m_lab}) {
        holder->kill();
        holder->waitForFinished(5000);
    }
}

bool TestVantages::runIn(qint64 holder, const QString &script, QString *output)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("nsenter"), {QStringLiteral("-t"), QString::number(holder), QStringLiteral("-n"),
                                              QStringLiteral("sh"), QStringLiteral("-c"), script});
    if (!process.waitForFinished(20000)) {
        process.kill();
        *output = QStringLiteral("timed out: ") + script;
        return false;
    }
    *output = QString::fromLocal8Bit(process.readAll());
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

QProcess *TestVantages::startIn(qint64 holder, const QString &program, const QStringList &arguments)
{
    auto *process = new QProcess;
    m_started.append(process);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir.filePath(QStringLiteral("cache")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    process->setProcessEnvironment(environment);
    process->start(QStringLiteral("nsenter"),
                   QStringList{QStringLiteral("-t"), QString::number(holder), QStringLiteral("-n"), program} +
                       arguments);
    return process;
}

QProcess *TestVantages::startAgent(qint64 holder, const QString &name, const QString &metrics, const QString &readFrom)
{
    QStringList arguments{QStringLiteral("--headless"),
                          QStringLiteral("--config"),
                          m_dir.filePath(QStringLiteral("endpoints.json")),
                          QStringLiteral("--no-history"),
                          QStringLiteral("--no-cache"),
                          QStringLiteral("--metrics-listen"),
                          metrics,
                          QStringLiteral("--vantage"),
                          name};
    if (!readFrom.isEmpty())
        arguments << QStringLiteral("--vantages-from") << readFrom << QStringLiteral("--vantages-every")
                  << QStringLiteral("1");
    QProcess *agent = startIn(holder, QStringLiteral(NETPULSE_BIN_DIR "/netpulse"), arguments);
    m_names.insert(agent, name);
    return agent;
}

QJsonObject TestVantages::lastLine(QProcess *agent)
{
    m_pending[agent] += agent->readAllStandardOutput();
    QByteArray &pending = m_pending[agent];
    qsizetype end;
    while ((end = pending.indexOf('\n')) >= 0) {
        const QJsonObject line = QJsonDocument::fromJson(pending.left(end)).object();
        if (!line.isEmpty())
            m_last.insert(agent, line);
        pending.remove(0, end + 1);
    }
    return m_last.value(agent);
}

QStringList TestVantages::activeAlerts()
{
    QString output;
    if (!runIn(m_lab.processId(),
               // Inhibited and silenced ones too: "resolved" must not be "muted".
               m_amtool + QStringLiteral(" alert query --active --inhibited --silenced -o json "
                                         "--alertmanager.url=http://127.0.0.1:9093"),
               &output))
        return {QStringLiteral("(amtool failed: %1)").arg(output)};
    QStringList names;
    for (const QJsonValue &alert : QJsonDocument::fromJson(output.toUtf8()).array()) {
        if (alert[QStringLiteral("status")][QStringLiteral("state")].toString() == QLatin1String("active"))
            names << alert[QStringLiteral("labels")][QStringLiteral("alertname")].toString();
    }
    names.sort();
    return names;
}

QStringList TestVantages::alertStates(const QString &alertName)
{
    QString output;
    if (!runIn(m_lab.processId(),
               m_amtool + QStringLiteral(" alert query --active --inhibited --silenced -o json "
                                         "--alertmanager.url=http://127.0.0.1:9093 alertname=%1")
                              .arg(alertName),
               &output))
        return {QStringLiteral("(amtool failed: %1)").arg(output)};
    QStringList states;
    for (const QJsonValue &alert : QJsonDocument::fromJson(output.toUtf8()).array()) {
        states << alert[QStringLiteral("labels")][QStringLiteral("vantage")].toString() + QStringLiteral(": ") +
                      alert[QStringLiteral("status")][QStringLiteral("state")].toString();
    }
    states.sort();
    return states;
}

QString TestVantages::describe() const
{
    QString text;
    for (auto it = m_last.cbegin(); it != m_last.cend(); ++it) {
        const QJsonObject &line = it.value();
        text += QStringLiteral("%1: kind %2, verdict %3, elsewhere %4\n")
                    .arg(m_names.value(it.key()), line.value(QStringLiteral("kind")).toString(),
                         line.value(QStringLiteral("verdict")).toVariant().toString(),
                         QString::fromUtf8(QJsonDocument(line.value(QStringLiteral("elsewhere")).toArray())
                                               .toJson(QJsonDocument::Compact)));
    }
    for (QProcess *process : m_started) {
        if (process->state() != QProcess::Running)
            text += m_names.value(process, process->program()) + QStringLiteral(" exited: ") +
                    QString::fromLocal8Bit(process->readAllStandardError());
    }
    return text;
}

namespace {

// The reading of `vantage` in a line's elsewhere, or an empty object.
QJsonObject elsewhereOf(const QJsonObject &line, const QString &vantage)
{
    for (const QJsonValue &other : line.value(QStringLiteral("elsewhere")).toArray()) {
        if (other[QStringLiteral("vantage")].toString() == vantage)
            return other.toObject();
    }
    return {};
}

} // namespace

void TestVantages::onlyHereThenEverywhereThenStale()
{
    const qint64 lab = m_lab.processId(), far = m_far.processId();
    // The service, on lab's loopback: far's 127.0.0.1 is its own, where nothing listens.
    QProcess *service =
        startIn(lab, QStringLiteral(NETPULSE_BIN_DIR "/netpulse-demo-server"),
                {QStringLiteral("--port"), QStringLiteral("18080"), QStringLiteral("--exit-with-stdin")});
    QVERIFY(service->waitForStarted());
    QFile endpoints(m_dir.filePath(QStringLiteral("endpoints.json")));
    QVERIFY(endpoints.open(QIODevice::WriteOnly));
    endpoints.write(
        "{\"version\": 1, \"defaults\": {\"interval_ms\": 1000, \"retries\": 0, \"down_interval_ms\": 1000},"
        " \"endpoints\": [{\"name\": \"api\", \"url\": \"http://127.0.0.1:18080/ok\"}]}");
    endpoints.close();
    // The shipped quorum rules, each `for: 1m` made 0s: the expressions are the ones users load
    // (promtool's unit tests, in TestPrometheus, check the shipped file with its waits).
    QFile shipped(QStringLiteral(NETPULSE_SOURCE_DIR "/docs/examples/vantage-rules.yml"));
    QVERIFY(shipped.open(QIODevice::ReadOnly));
    const QByteArray rulesText = shipped.readAll();
    QVERIFY(rulesText.contains("for: 1m"));
    QFile rules(m_dir.filePath(QStringLiteral("vantage-rules.yml")));
    QVERIFY(rules.open(QIODevice::WriteOnly));
    rules.write(QByteArray(rulesText).replace("for: 1m", "for: 0s"));
    rules.close();
    QFile config(m_dir.filePath(QStringLiteral("prometheus.yml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                 "rule_files: ['" +
                 rules.fileName().toUtf8() +
                 "']\n"
                 "alerting:\n  alertmanagers:\n    - static_configs: [{targets: ['127.0.0.1:9093']}]\n"
                 "scrape_configs:\n  - job_name: netpulse\n    static_configs:\n"
                 "      - targets: ['127.0.0.1:9101', '127.0.0.1:9102', '10.77.0.2:9103']\n");
    config.close();
    QProcess *alertmanager =
        startIn(lab, m_alertmanager,
                {QStringLiteral("--config.file=" NETPULSE_SOURCE_DIR "/docs/examples/alertmanager-vantages.yml"),
                 QStringLiteral("--storage.path=") + m_dir.filePath(QStringLiteral("alertmanager")),
                 QStringLiteral("--web.listen-address=127.0.0.1:9093"),
                 QStringLiteral("--cluster.listen-address=")}); // alone, no gossip port
    QVERIFY(alertmanager->waitForStarted());
    m_names.insert(alertmanager, QStringLiteral("alertmanager"));
    QProcess *prometheus = startIn(lab, m_prometheus,
                                   {QStringLiteral("--config.file=") + config.fileName(),
                                    QStringLiteral("--storage.tsdb.path=") + m_dir.filePath(QStringLiteral("tsdb")),
                                    QStringLiteral("--web.listen-address=0.0.0.0:9090")});
    QVERIFY(prometheus->waitForStarted());
    m_names.insert(prometheus, QStringLiteral("prometheus"));
    m_names.insert(service, QStringLiteral("service"));

    QProcess *near1 = startAgent(lab, QStringLiteral("near-1"), QStringLiteral("127.0.0.1:9101"),
                                 QStringLiteral("http://127.0.0.1:9090"));
    QProcess *near2 = startAgent(lab, QStringLiteral("near-2"), QStringLiteral("127.0.0.1:9102"), QString());
    QProcess *farAgent = startAgent(far, QStringLiteral("far"), QStringLiteral("10.77.0.2:9103"),
                                    QStringLiteral("http://10.77.0.1:9090"));
    for (QProcess *agent : {near1, near2, farAgent})
        QVERIFY(agent->waitForStarted());

    // Refused from far, answering from lab: only here, for far; failing elsewhere, for near-1.
    QTRY_VERIFY2_WITH_TIMEOUT(
        lastLine(farAgent).value(QStringLiteral("verdict")).toString() == QLatin1String("only_here") &&
            lastLine(near1).value(QStringLiteral("verdict")).toString() == QLatin1String("elsewhere") &&
            // One answering vantage makes "only here"; both are awaited (scraped in their turn).
            !elsewhereOf(lastLine(farAgent), QStringLiteral("near-2")).isEmpty(),
        qPrintable(describe()), 90000);
    const QJsonObject fromFar = lastLine(farAgent);
    QCOMPARE(fromFar.value(QStringLiteral("kind")).toString(), QStringLiteral("connection_refused"));
    for (const char *near : {"near-1", "near-2"}) {
        const QJsonObject reading = elsewhereOf(fromFar, QString::fromLatin1(near));
        QCOMPARE(reading.value(QStringLiteral("kind")).toString(), QStringLiteral("ok"));
        QCOMPARE(reading.value(QStringLiteral("stale")).toBool(true), false);
    }
    QVERIFY(elsewhereOf(fromFar, QStringLiteral("far")).isEmpty()); // its own series are not read back
    QCOMPARE(elsewhereOf(lastLine(near1), QStringLiteral("far")).value(QStringLiteral("kind")).toString(),
             QStringLiteral("connection_refused"));
    // One fresh vantage of three fails: a warning, not a page.
    QTRY_COMPARE_WITH_TIMEOUT(activeAlerts(), QStringList{QStringLiteral("NetPulseDownFromSome")}, 30000);

    // The service stops: failing from everywhere, for both readers.
    service->kill();
    QVERIFY(service->waitForFinished(10000));
    QTRY_VERIFY2_WITH_TIMEOUT(
        lastLine(farAgent).value(QStringLiteral("verdict")).toString() == QLatin1String("everywhere") &&
            lastLine(near1).value(QStringLiteral("verdict")).toString() == QLatin1String("everywhere"),
        qPrintable(describe()), 30000);
    // Every fresh vantage fails, and there are at least two: the page, and the warning resolved.
    QTRY_COMPARE_WITH_TIMEOUT(activeAlerts(), QStringList{QStringLiteral("NetPulseDownEverywhere")}, 30000);

    // near-2 is killed: within two of its intervals (1 s checks, 1 s scrapes) it is stale for the
    // others, and the verdict stands on the vantages that are left.
    near2->kill();
    QVERIFY(near2->waitForFinished(10000));
    QTRY_VERIFY2_WITH_TIMEOUT(
        elsewhereOf(lastLine(farAgent), QStringLiteral("near-2")).value(QStringLiteral("stale")).toBool(),
        qPrintable(describe()), 30000);
    QCOMPARE(lastLine(farAgent).value(QStringLiteral("verdict")).toString(), QStringLiteral("everywhere"));
    QCOMPARE(elsewhereOf(lastLine(farAgent), QStringLiteral("near-1")).value(QStringLiteral("stale")).toBool(true),
             false);

    // The service is back: the page resolves, and far, still refused alone, is a warning again.
    QProcess *back = startIn(lab, QStringLiteral(NETPULSE_BIN_DIR "/netpulse-demo-server"),
                             {QStringLiteral("--port"), QStringLiteral("18080"), QStringLiteral("--exit-with-stdin")});
    QVERIFY(back->waitForStarted());
    m_names.insert(back, QStringLiteral("service again"));
    QTRY_COMPARE_WITH_TIMEOUT(activeAlerts(), QStringList{QStringLiteral("NetPulseDownFromSome")}, 30000);

    // far's machine goes offline: its loopback down and without its address, so its checks find
    // no route (down alone, the kernel drops them: a connect timeout, truthfully); its metrics
    // still reach Prometheus over the veth. An offline vantage says nothing about the service:
    // not counted (the warning resolves), and NetPulseVantageOffline fires for it.
    QString output;
    QVERIFY2(runIn(m_far.processId(), QStringLiteral("ip link set lo down && ip addr flush dev lo"), &output),
             qPrintable(output));
    QTRY_VERIFY2_WITH_TIMEOUT(lastLine(farAgent).value(QStringLiteral("kind")).toString() == QLatin1String("offline"),
                              qPrintable(describe()), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(activeAlerts(), QStringList{QStringLiteral("NetPulseVantageOffline")}, 30000);
    // The shipped inhibition: while it lasts, far's own down alerts are muted, another vantage's
    // are not. (Posted as an agent would post them: NetPulseEndpointDown with its vantage.)
    for (const char *vantage : {"far", "near-1"}) {
        QVERIFY2(
            runIn(m_lab.processId(),
                  m_amtool + QStringLiteral(" alert add alertname=NetPulseEndpointDown vantage=%1 "
                                            "url=http://127.0.0.1:18080/ok --alertmanager.url=http://127.0.0.1:9093")
                                 .arg(QLatin1String(vantage)),
                  &output),
            qPrintable(output));
    }
    QTRY_COMPARE_WITH_TIMEOUT(alertStates(QStringLiteral("NetPulseEndpointDown")),
                              (QStringList{QStringLiteral("far: suppressed"), QStringLiteral("near-1: active")}),
                              30000);
}

QTEST_GUILESS_MAIN(TestVantages)
#include "TestVantages.moc"
