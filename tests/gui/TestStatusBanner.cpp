// The banner offscreen: the right words per family of kind, the schedule and countdown from the
// monitor's plan, Retry now disabled in flight, recovery.
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QToolButton>
#include <QVBoxLayout>

#include "EndpointListModel.h"
#include "FaultServer.h"
#include "StatusBanner.h"

#include "endpoints/EndpointList.h"
#include "endpoints/EventLog.h"
#include "endpoints/WatchedEndpoint.h"
#include "probe/ProbeEngine.h"
#include "vantage/VantageReader.h"

using namespace NetPulse;
using NetPulse::Demo::FaultServer;

class TestStatusBanner : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void wordsPerFamily_data();
    void wordsPerFamily();
    void countdownFollowsThePlan();
    void retryNowIsOneProbeAndDisabledInFlight();
    void recoveryIsAnnounced();
    void stoppedIsNotShownAsOk();
    void slowAnswerIsTitledSlow();
    void heightNeverChanges();
    void acceptedBadCertificateIsAlwaysSaid();
    void otherVantagesAreSaid();
    void certificateWarningLevels_data();
    void certificateWarningLevels();

private:
    EndpointConfig config(const QUrl &url) const;
    QString text(StatusBanner &banner, const char *name);

    FaultServer m_server;
};

void TestStatusBanner::initTestCase()
{
    QVERIFY(m_server.start());
    QVERIFY(m_server.startTls());
}

EndpointConfig TestStatusBanner::config(const QUrl &url) const
{
    EndpointConfig c;
    c.settings.probe.url = url;
    c.settings.probe.inactivityTimeoutMs = 300;
    c.settings.intervalMs = 60000;
    c.settings.backoff = {30000, 2.0, 60000, JitterMode::None};
    return c;
}

QString TestStatusBanner::text(StatusBanner &banner, const char *name)
{
    return banner.findChild<QLabel *>(QLatin1String(name))->text();
}

// Prometheus' API as a loopback server answers it: one query answer (what eu-1 last said of the
// endpoint's URL) and an empty target list; the reader reads it as it reads a real one
// (TestVantages has the real one).
class PrometheusAnswers : public QTcpServer
{
public:
    explicit PrometheusAnswers(QByteArray answer)
        : m_answer(std::move(answer))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    // The whole request head first: it may come in more than one segment.
                    socket->setProperty("request",
                                        QByteArray(socket->property("request").toByteArray() + socket->readAll()));
                    const QByteArray request = socket->property("request").toByteArray();
                    if (!request.contains("\r\n\r\n"))
                        return;
                    disconnect(socket, &QTcpSocket::readyRead, socket, nullptr);
                    const QByteArray body = request.contains("/api/v1/targets")
                                                ? QByteArray("{\"status\":\"success\",\"data\":{\"activeTargets\":[]}}")
                                                : m_answer;
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                  QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

private:
    QByteArray m_answer;
};

// Refused here, answering from eu-1: the banner says so under its own words, and the sidebar's row
// is marked "Only here". Prometheus gone: the line goes, the rest stays.
void TestStatusBanner::otherVantagesAreSaid()
{
    const QUrl url = m_server.refusedUrl();
    const double checked = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0 - 2;
    const QByteArray series = "{\"url\":\"" + url.toString().toUtf8() + "\",\"vantage\":\"eu-1\",\"endpoint\":\"api\"";
    PrometheusAnswers prometheus(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":" + series +
        ",\"kind\":\"ok\"},\"value\":[0,\"" + QByteArray::number(checked, 'f', 3) + "\"]},{\"metric\":" + series +
        "},\"value\":[0,\"10\"]}]}}");
    QVERIFY(prometheus.listen(QHostAddress::LocalHost));
    VantageReader reader(QStringLiteral("here"));

    ProbeEngine engine;
    EndpointServices services;
    services.engine = &engine;
    EndpointList list(services);
    WatchedEndpoint *endpoint = list.add(config(url));
    EndpointListModel model(&list);
    model.setVantageReader(&reader);
    StatusBanner banner;
    banner.setVantageReader(&reader);
    banner.setEndpoint(endpoint);
    banner.show();
    endpoint->start();
    QTRY_VERIFY_WITH_TIMEOUT(endpoint->lastResult().has_value(), 10000);
    QVERIFY(!banner.findChild<QLabel *>(QStringLiteral("bannerVantages"))->isVisibleTo(&banner)); // nothing read yet

    QSignalSpy refreshed(&reader, &VantageReader::refreshed);
    VantageSource source;
    source.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(prometheus.serverPort()));
    reader.setSource(source);
    QVERIFY(refreshed.wait(10000));
    QVERIFY2(reader.problem().isEmpty(), qPrintable(reader.problem()));
    const QString line = text(banner, "bannerVantages");
    QVERIFY2(line.startsWith(QStringLiteral("Connection refused from here, but answering from eu-1 (")),
             qPrintable(line));
    QVERIFY(line.contains(QStringLiteral("look at this machine's network, VPN, firewall or DNS")));
    QVERIFY(banner.findChild<QLabel *>(QStringLiteral("bannerVantages"))->isVisibleTo(&banner));
    QVERIFY2(
        model.index(0).data(EndpointListModel::StateTextRole).toString().startsWith(QStringLiteral("Only here · ")),
        qPrintable(model.index(0).data(EndpointListModel::StateTextRole).toString()));

    // Prometheus goes away: the problem is said, the line and the mark go, the verdict stays.
    prometheus.close();
    QSignalSpy problems(&reader, &VantageReader::problemChanged);
    reader.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(!problems.isEmpty(), 10000);
    QVERIFY2(reader.problem().contains(QStringLiteral("cannot be reached")), qPrintable(reader.problem()));
    QVERIFY(!banner.findChild<QLabel *>(QStringLiteral("bannerVantages"))->isVisibleTo(&banner));
    QVERIFY(!model.index(0).data(EndpointListModel::StateTextRole).toString().contains(QStringLiteral("Only here")));
    QCOMPARE(text(banner, "bannerTitle"), QStringLiteral("Connection refused"));
}

void TestStatusBanner::wordsPerFamily_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("action");
    QTest::newRow("ok") << m_server.url(QStringLiteral("/ok")) << "OK"
                        << "";
    QTest::newRow("unreachable") << m_server.refusedUrl() << "Connection refused"
                                 << "Is the server running";
    QTest::newRow("no response") << m_server.url(QStringLiteral("/hang")) << "Server not responding"
                                 << "stuck";
    // Self-signed, said up front, with the setting that accepts it for this endpoint.
    QTest::newRow("tls") << m_server.tlsUrl(QStringLiteral("/ok")) << "Self-signed certificate"
                         << "Accept certificates that fail verification";
    QTest::newRow("http 5xx") << m_server.url(QStringLiteral("/status/503")) << "Server error"
                              << "logs";
    QTest::newRow("http 4xx") << m_server.url(QStringLiteral("/status/404")) << "Request rejected"
                              << "Check the URL path";
    QTest::newRow("rate limited") << m_server.url(QStringLiteral("/status/429")) << "Rate limited"
                                  << "Retry-After";
    QTest::newRow("not HTTP") << m_server.url(QStringLiteral("/garbage")) << "Not HTTP"
                              << "right port";
}

void TestStatusBanner::wordsPerFamily()
{
    QFETCH(QUrl, url);
    QFETCH(QString, title);
    QFETCH(QString, action);
    ProbeEngine engine;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, config(url));
    StatusBanner banner;
    banner.setEndpoint(&endpoint);
    banner.show();
    endpoint.start();
    QTRY_VERIFY_WITH_TIMEOUT(endpoint.lastResult().has_value(), 10000);
    QCOMPARE(text(banner, "bannerTitle"), title);
    QVERIFY2(text(banner, "bannerAction").contains(action), qPrintable(text(banner, "bannerAction")));
    QVERIFY(!text(banner, "bannerExplanation").isEmpty());
    QVERIFY(!text(banner, "bannerDetail").isEmpty()); // the technical detail is there to expand
    // "Not retried" is said once in the whole banner, in the schedule line.
    const QString all =
        text(banner, "bannerExplanation") + text(banner, "bannerAction") + text(banner, "bannerSchedule");
    QVERIFY2(all.count(QLatin1String("not retried"), Qt::CaseInsensitive) <= 1, qPrintable(all));
    endpoint.stop();
}

void TestStatusBanner::stoppedIsNotShownAsOk()
{
    ProbeEngine engine;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, config(m_server.url(QStringLiteral("/ok"))));
    StatusBanner banner;
    banner.setEndpoint(&endpoint);
    endpoint.start();
    QTRY_COMPARE_WITH_TIMEOUT(text(banner, "bannerTitle"), QStringLiteral("OK"), 10000);
    endpoint.stop();
    QCOMPARE(text(banner, "bannerTitle"), QStringLiteral("Stopped"));
    QVERIFY2(text(banner, "bannerExplanation").contains(QLatin1String("said: OK")),
             qPrintable(text(banner, "bannerExplanation")));
    QVERIFY(!text(banner, "bannerSchedule").contains(QLatin1String("stopped — stopped")));
    QVERIFY(!banner.findChild<QPushButton *>(QStringLiteral("retryNowButton"))->isEnabled());
}

void TestStatusBanner::slowAnswerIsTitledSlow()
{
    ProbeEngine engine;
    EndpointConfig c = config(m_server.url(QStringLiteral("/delay/250")));
    c.settings.slowThresholdMs = 50;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, c);
    StatusBanner banner;
    banner.setEndpoint(&endpoint);
    endpoint.start();
    QTRY_COMPARE_WITH_TIMEOUT(text(banner, "bannerTitle"), QStringLiteral("Slow"), 10000);
    QVERIFY2(text(banner, "bannerExplanation").contains(QLatin1String("50 ms")),
             qPrintable(text(banner, "bannerExplanation")));
    endpoint.stop();
}

void TestStatusBanner::heightNeverChanges()
{
    ProbeEngine engine;
    WatchedEndpoint healthy({&engine, nullptr, nullptr}, config(m_server.url(QStringLiteral("/ok"))));
    WatchedEndpoint failing({&engine, nullptr, nullptr}, config(m_server.tlsUrl(QStringLiteral("/ok"))));
    healthy.start();
    failing.start();
    QTRY_VERIFY_WITH_TIMEOUT(healthy.lastResult() && failing.lastResult(), 10000);
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *banner = new StatusBanner(&window);
    auto *below = new QLabel(QStringLiteral("the tabs"), &window);
    layout->addWidget(banner);
    layout->addWidget(below, 1);
    window.resize(700, 450);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSet<int> heights;
    QSet<int> tabsAt;
    for (WatchedEndpoint *endpoint : {&healthy, &failing, static_cast<WatchedEndpoint *>(nullptr), &failing}) {
        banner->setEndpoint(endpoint);
        QCoreApplication::processEvents();
        heights << banner->height();
        tabsAt << below->y();
    }
    // The technical detail opens inside the banner, which scrolls: nothing below moves.
    banner->findChild<QToolButton *>(QStringLiteral("bannerDetailToggle"))->click();
    QCoreApplication::processEvents();
    QVERIFY(banner->findChild<QLabel *>(QStringLiteral("bannerDetail"))->isVisible());
    heights << banner->height();
    tabsAt << below->y();
    QCOMPARE(heights.size(), 1);
    QCOMPARE(tabsAt.size(), 1);
}

void TestStatusBanner::countdownFollowsThePlan()
{
    ProbeEngine engine;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, config(m_server.refusedUrl()));
    StatusBanner banner;
    banner.setEndpoint(&endpoint);
    endpoint.start();
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.status().state, MonitorState::Retrying, 10000);
    const QString schedule = text(banner, "bannerSchedule");
    QVERIFY2(schedule.startsWith(QLatin1String("Retry 1 of 3")), qPrintable(schedule));
    // The banner shows the time the monitor plans, within a second of it, and counts down.
    const QRegularExpressionMatch match = QRegularExpression(QStringLiteral("retrying in (\\d+) s")).match(schedule);
    QVERIFY2(match.hasMatch(), qPrintable(schedule));
    const qint64 planned = *endpoint.msUntilNextCheck();
    QVERIFY(qAbs(match.captured(1).toLongLong() * 1000 - planned) <= 1500);
    QTRY_VERIFY_WITH_TIMEOUT(text(banner, "bannerSchedule") != schedule, 3000); // it ticks
    endpoint.stop();
}

void TestStatusBanner::retryNowIsOneProbeAndDisabledInFlight()
{
    // One probe however often it is pressed, and the button keeps the keyboard's focus throughout:
    // it stays enabled while a check is in flight, and a press then sends nothing.
    ProbeEngine engine;
    EndpointConfig c = config(m_server.url(QStringLiteral("/delay/300")));
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, c);
    StatusBanner banner;
    banner.setEndpoint(&endpoint);
    auto *retry = banner.findChild<QPushButton *>(QStringLiteral("retryNowButton"));
    QVERIFY(!retry->isEnabled()); // not watching yet
    QSignalSpy started(&endpoint, &WatchedEndpoint::checkStarted);
    QSignalSpy attempts(&endpoint, &WatchedEndpoint::attemptFinished);
    endpoint.start();
    QCOMPARE(started.size(), 1);
    QVERIFY(retry->isEnabled()); // in flight, and still where the focus can stay
    QTest::mouseClick(retry, Qt::LeftButton);
    QCOMPARE(started.size(), 1); // in flight: nothing more sent
    QVERIFY(attempts.wait(10000));
    QTest::mouseClick(retry, Qt::LeftButton);
    QCOMPARE(started.size(), 2);
    QVERIFY(retry->isEnabled());
    QTest::mouseClick(retry, Qt::LeftButton);
    QCOMPARE(started.size(), 2);
    QVERIFY(attempts.wait(10000));
    QCOMPARE(started.size(), 2);
    endpoint.stop();
    QVERIFY(!retry->isEnabled()); // stopped
}

void TestStatusBanner::recoveryIsAnnounced()
{
    FaultServer flapping;
    QVERIFY(flapping.startFlapping({60000, 800, true}));
    ProbeEngine engine;
    EndpointConfig c = config(flapping.flappingUrl());
    c.settings.backoff = {200, 1.0, 200, JitterMode::None};
    c.settings.retries = 100;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, c);
    StatusBanner banner;
    banner.setEndpoint(&endpoint);
    endpoint.start();
    QTRY_COMPARE_WITH_TIMEOUT(text(banner, "bannerTitle"), QStringLiteral("Connection refused"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(text(banner, "bannerTitle"), QStringLiteral("Recovered"), 10000);
    // How long it was out, said once: in the schedule line, not again in the explanation.
    QVERIFY2(text(banner, "bannerSchedule").startsWith(QLatin1String("Recovered after ")),
             qPrintable(text(banner, "bannerSchedule")));
    QVERIFY(!text(banner, "bannerExplanation").contains(QLatin1String("recovered after"), Qt::CaseInsensitive));
    endpoint.stop();
}

void TestStatusBanner::acceptedBadCertificateIsAlwaysSaid()
{
    ProbeEngine engine;
    EndpointConfig c = config(m_server.tlsUrl(QStringLiteral("/ok")));
    c.settings.probe.insecure = true;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, c);
    StatusBanner banner;
    banner.setEndpoint(&endpoint);
    endpoint.start();
    QTRY_COMPARE_WITH_TIMEOUT(text(banner, "bannerTitle"), QStringLiteral("OK"), 10000);
    // A green OK over an unverified certificate would say more than was checked.
    QVERIFY2(text(banner, "bannerAction").contains(QLatin1String("Certificate checks are off")),
             qPrintable(text(banner, "bannerAction")));
    endpoint.stop();
}

void TestStatusBanner::certificateWarningLevels_data()
{
    QTest::addColumn<qint64>("days");
    QTest::addColumn<int>("level");
    QTest::newRow("far away") << qint64(400) << 0;
    QTest::newRow("22 days") << qint64(22) << 0;
    QTest::newRow("21 days") << qint64(21) << 21;
    QTest::newRow("15 days") << qint64(15) << 21;
    QTest::newRow("14 days") << qint64(14) << 14;
    QTest::newRow("7 days") << qint64(7) << 7;
    QTest::newRow("today") << qint64(0) << 7;
    QTest::newRow("expired") << qint64(-1) << -1;
}

void TestStatusBanner::certificateWarningLevels()
{
    QFETCH(qint64, days);
    QFETCH(int, level);
    QCOMPARE(Limits::certificateWarningLevel(days), level);
}

QTEST_MAIN(TestStatusBanner)
#include "TestStatusBanner.moc"
