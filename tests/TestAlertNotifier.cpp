// Alerts through a real Prometheus Alertmanager (Debian prometheus-alertmanager), started on a free
// loopback port with a generated configuration: an endpoint that goes down fires an alert with its
// labels, recovery resolves it; a flapping endpoint fires nothing new. What is POSTed is checked on
// an in-test receiver too (endsAt ahead while firing, now when resolved; headers sent, never shown).
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "FreePort.h"
#include "ReportReceiver.h"
#include "RequiredProgram.h"

#include "base/Vantage.h"
#include "reports/AlertNotifier.h"

using namespace NetPulse;

namespace {

ReportSubject subject(const QString &id = QStringLiteral("e1"), const QString &name = QStringLiteral("checkout-api"))
{
    return {id, name, QUrl(QStringLiteral("http://user:pw@127.0.0.1:9/health?api_key=k")), "GET"};
}

MonitorStatus status(MonitorState state, bool flapping = false)
{
    MonitorStatus s;
    s.state = state;
    s.reason = monitorStateName(state);
    s.flapping = flapping;
    return s;
}

ProbeResult refused()
{
    ProbeResult r;
    r.kind = FailureKind::ConnectionRefused;
    return r;
}

} // namespace

class TestAlertNotifier : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void firesAndResolvesInAlertmanager();
    void postsWhatPrometheusWould();
    void flappingStartsNothing();
    void unreachableAlertmanagerIsSaidOnce();
    void stoppingResolves();

private:
    // What Alertmanager holds now (GET /api/v2/alerts).
    QJsonArray alerts();
    bool ready(); // its API answers /-/ready with 200

    QTemporaryDir m_dir;
    QProcess m_alertmanager;
    QUrl m_url;
    QNetworkAccessManager m_network;
};

void TestAlertNotifier::initTestCase()
{
    // Only the test against the real Alertmanager needs it; the others use an in-test receiver.
    const QString program = QStandardPaths::findExecutable(QStringLiteral("prometheus-alertmanager"));
    if (program.isEmpty())
        return;
    QFile config(m_dir.filePath(QStringLiteral("alertmanager.yml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("route:\n  receiver: nobody\n  group_wait: 1s\nreceivers:\n  - name: nobody\n");
    config.close();
    // It takes no port 0, and a port found free may be taken before it binds (it then exits at
    // once): another port, then.
    for (int attempt = 0; attempt < 3 && m_alertmanager.state() == QProcess::NotRunning; ++attempt) {
        const quint16 port = freePort();
        m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        m_alertmanager.setProcessChannelMode(QProcess::MergedChannels);
        m_alertmanager.start(program, {QStringLiteral("--config.file=") + config.fileName(),
                                       QStringLiteral("--storage.path=") + m_dir.filePath(QStringLiteral("data")),
                                       QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port),
                                       QStringLiteral("--cluster.listen-address=")}); // alone, no gossip port
        QVERIFY(m_alertmanager.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(m_alertmanager.state() == QProcess::NotRunning || ready(), 20000);
    }
    QVERIFY2(m_alertmanager.state() == QProcess::Running, "Alertmanager did not start");
}

bool TestAlertNotifier::ready()
{
    QNetworkReply *reply = m_network.get(QNetworkRequest(m_url.resolved(QUrl(QStringLiteral("/-/ready")))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(2000);
    const bool answered = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
    reply->abort();
    reply->deleteLater();
    return answered;
}

void TestAlertNotifier::cleanupTestCase()
{
    if (m_alertmanager.state() != QProcess::NotRunning) {
        m_alertmanager.terminate();
        if (!m_alertmanager.waitForFinished(5000))
            m_alertmanager.kill();
    }
}

QJsonArray TestAlertNotifier::alerts()
{
    QNetworkReply *reply = m_network.get(QNetworkRequest(m_url.resolved(QUrl(QStringLiteral("/api/v2/alerts")))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(5000);
    const QJsonArray list = QJsonDocument::fromJson(reply->readAll()).array();
    reply->deleteLater();
    return list;
}

void TestAlertNotifier::firesAndResolvesInAlertmanager()
{
    NETPULSE_REQUIRE_PROGRAM(program, "prometheus-alertmanager", "prometheus-alertmanager");
    Q_UNUSED(program);
    QVERIFY2(!m_url.isEmpty(), "Alertmanager did not start");
    AlertNotifier notifier(&m_network);
    QSignalSpy failed(&notifier, &AlertNotifier::deliveryFailed);
    ReportTarget target;
    target.url = m_url;
    notifier.setTarget(target);

    notifier.observe(subject(), status(MonitorState::Retrying), refused()); // retrying is not down yet
    QCOMPARE(notifier.firingCount(), 0);
    notifier.observe(subject(), status(MonitorState::Down), refused());
    QCOMPARE(notifier.firingCount(), 1);
    auto firing = [this]() -> QJsonObject {
        for (const QJsonValue &value : alerts()) {
            const QJsonObject alert = value.toObject();
            if (alert.value(QStringLiteral("labels")).toObject().value(QStringLiteral("endpoint")).toString() ==
                QLatin1String("checkout-api"))
                return alert;
        }
        return {};
    };
    QTRY_VERIFY_WITH_TIMEOUT(!firing().isEmpty(), 15000);
    const QJsonObject alert = firing();
    const QJsonObject labels = alert.value(QStringLiteral("labels")).toObject();
    QCOMPARE(labels.value(QStringLiteral("alertname")).toString(), QString::fromLatin1(AlertNotifier::kAlertName));
    QCOMPARE(labels.value(QStringLiteral("kind")).toString(), QStringLiteral("connection_refused"));
    QCOMPARE(labels.value(QStringLiteral("vantage")).toString(), Vantage::name());
    QCOMPARE(labels.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
    QVERIFY(!labels.value(QStringLiteral("url")).toString().contains(QStringLiteral("pw")));
    QCOMPARE(alert.value(QStringLiteral("status")).toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("active"));
    QVERIFY(
        !alert.value(QStringLiteral("annotations")).toObject().value(QStringLiteral("summary")).toString().isEmpty());

    ProbeResult ok;
    ok.kind = FailureKind::Ok;
    notifier.observe(subject(), status(MonitorState::Up), ok);
    QCOMPARE(notifier.firingCount(), 0);
    // Resolved: Alertmanager no longer lists it as an alert.
    QTRY_VERIFY_WITH_TIMEOUT(firing().isEmpty(), 15000);
    QCOMPARE(failed.size(), 0);
}

void TestAlertNotifier::postsWhatPrometheusWould()
{
    ReportReceiver receiver;
    QVERIFY(receiver.listen());
    AlertNotifier notifier(&m_network);
    QSignalSpy sent(&notifier, &AlertNotifier::alertsSent);
    ReportTarget target;
    target.url = receiver.url(QStringLiteral("/"));
    target.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer am-token")));
    notifier.setTarget(target);

    notifier.observe(subject(), status(MonitorState::Down), refused());
    QVERIFY(sent.wait(5000));
    const ReportReceiver::Request fire = receiver.requests.constLast();
    QCOMPARE(fire.path, QByteArray("/api/v2/alerts"));
    QCOMPARE(fire.headers.value("authorization"), QByteArray("Bearer am-token"));
    QVERIFY(!fire.body.contains("am-token"));
    const QJsonObject fired = QJsonDocument::fromJson(fire.body).array().at(0).toObject();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime endsAt = QDateTime::fromString(fired.value(QStringLiteral("endsAt")).toString(), Qt::ISODateWithMs);
    // Four minutes ahead: well inside resolve_timeout, re-sent every minute.
    QVERIFY2(now.msecsTo(endsAt) > 3 * 60 * 1000 && now.msecsTo(endsAt) <= 4 * 60 * 1000 + 1000,
             qPrintable(endsAt.toString(Qt::ISODateWithMs)));

    // A second failure while down, of another kind, is the same alert: nothing new is POSTed at
    // once (the minute's re-send carries the new words), and the kind label stays.
    ProbeResult timeout;
    timeout.kind = FailureKind::ConnectTimeout;
    notifier.observe(subject(), status(MonitorState::Down), timeout);
    QVERIFY(!sent.wait(300));
    QCOMPARE(receiver.requests.size(), 1);

    ProbeResult ok;
    ok.kind = FailureKind::Ok;
    notifier.observe(subject(), status(MonitorState::Up), ok);
    QVERIFY(sent.wait(5000));
    const QJsonObject resolved = QJsonDocument::fromJson(receiver.requests.constLast().body).array().at(0).toObject();
    QCOMPARE(resolved.value(QStringLiteral("labels")), fired.value(QStringLiteral("labels"))); // the same alert
    QCOMPARE(resolved.value(QStringLiteral("startsAt")), fired.value(QStringLiteral("startsAt")));
    const QDateTime resolvedAt =
        QDateTime::fromString(resolved.value(QStringLiteral("endsAt")).toString(), Qt::ISODateWithMs);
    QVERIFY(qAbs(resolvedAt.msecsTo(QDateTime::currentDateTimeUtc())) < 5000);

    // Down again after a restart in the middle of the outage: the alert starts where the outage
    // did (nine minutes ago), not at this launch.
    const QDateTime outageStart = QDateTime::currentDateTimeUtc().addSecs(-9 * 60);
    notifier.observe(subject(), status(MonitorState::Down), refused(), outageStart);
    QVERIFY(sent.wait(5000));
    const QJsonObject again = QJsonDocument::fromJson(receiver.requests.constLast().body).array().at(0).toObject();
    QCOMPARE(QDateTime::fromString(again.value(QStringLiteral("startsAt")).toString(), Qt::ISODateWithMs), outageStart);
}

void TestAlertNotifier::flappingStartsNothing()
{
    ReportReceiver receiver;
    QVERIFY(receiver.listen());
    AlertNotifier notifier(&m_network);
    ReportTarget target;
    target.url = receiver.url(QStringLiteral("/"));
    notifier.setTarget(target);
    for (int i = 0; i < 5; ++i) {
        notifier.observe(subject(), status(MonitorState::Down, true), refused());
        notifier.observe(subject(), status(MonitorState::Up, true), std::nullopt);
    }
    QCOMPARE(notifier.firingCount(), 0);
    // Settled down: now it fires, once.
    notifier.observe(subject(), status(MonitorState::Down), refused());
    QCOMPARE(notifier.firingCount(), 1);
    // Flapping again while firing: it keeps firing, nothing resolves.
    notifier.observe(subject(), status(MonitorState::Up, true), std::nullopt);
    QCOMPARE(notifier.firingCount(), 1);
    QTRY_COMPARE(receiver.requests.size(), 1);
}

void TestAlertNotifier::unreachableAlertmanagerIsSaidOnce()
{
    // Held refusing until the receiver takes it over, so no other test's server is given it.
    std::optional<RefusedPort> held;
    held.emplace();
    const quint16 port = held->port();
    AlertNotifier notifier(&m_network);
    QSignalSpy failed(&notifier, &AlertNotifier::deliveryFailed);
    QSignalSpy restored(&notifier, &AlertNotifier::deliveryRestored);
    ReportTarget target;
    target.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    notifier.setTarget(target);
    notifier.observe(subject(QStringLiteral("e1"), QStringLiteral("one")), status(MonitorState::Down), refused());
    QVERIFY(failed.wait(5000));
    QVERIFY(failed.at(0).at(0).toString().contains(QLatin1String("connection refused")));
    notifier.observe(subject(QStringLiteral("e2"), QStringLiteral("two")), status(MonitorState::Down), refused());
    QVERIFY(!failed.wait(500)); // a second POST fails too, unsaid
    // It comes back; the next POST (a resolution) reaches it, and that is said once.
    ReportReceiver receiver;
    held.reset();
    QVERIFY(receiver.listen(port));
    ProbeResult ok;
    ok.kind = FailureKind::Ok;
    notifier.observe(subject(QStringLiteral("e1"), QStringLiteral("one")), status(MonitorState::Up), ok);
    QVERIFY(restored.wait(5000));
    QCOMPARE(failed.size(), 1);
    // Both alerts went: one resolved, one still firing.
    QCOMPARE(QJsonDocument::fromJson(receiver.requests.constLast().body).array().size(), 2);
}

void TestAlertNotifier::stoppingResolves()
{
    ReportReceiver receiver;
    QVERIFY(receiver.listen());
    AlertNotifier notifier(&m_network);
    QSignalSpy sent(&notifier, &AlertNotifier::alertsSent);
    ReportTarget target;
    target.url = receiver.url(QStringLiteral("/"));
    notifier.setTarget(target);
    notifier.observe(subject(), status(MonitorState::Down), refused());
    QVERIFY(sent.wait(5000));
    notifier.forget(QStringLiteral("e1")); // stopped, removed, or no longer reported
    QCOMPARE(notifier.firingCount(), 0);
    QVERIFY(sent.wait(5000));
    const QJsonObject resolved = QJsonDocument::fromJson(receiver.requests.constLast().body).array().at(0).toObject();
    const QDateTime endsAt =
        QDateTime::fromString(resolved.value(QStringLiteral("endsAt")).toString(), Qt::ISODateWithMs);
    QVERIFY(endsAt <= QDateTime::currentDateTimeUtc());
}

QTEST_GUILESS_MAIN(TestAlertNotifier)
#include "TestAlertNotifier.moc"
