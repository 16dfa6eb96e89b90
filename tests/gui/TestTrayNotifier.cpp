// Notifications: down and back are told, muting holds them back, the tray colour follows the worst.
#include <QTest>

#include "EndpointListModel.h"
#include "FaultServer.h"
#include "Translations.h"
#include "TrayNotifier.h"

#include "endpoints/WatchedEndpoint.h"
#include "probe/ProbeEngine.h"

using namespace NetPulse;
using NetPulse::Demo::FaultServer;

class TestTrayNotifier : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { installTranslations(*QCoreApplication::instance()); }
    void downAndBackAreNotified();
    void mutingHoldsNotificationsBack();
    void theTrayColourIsTheSidebars();
    void launchVerdictsAreOneNotification();
};

namespace {

EndpointConfig fastConfig(const QUrl &url)
{
    EndpointConfig c;
    c.settings.probe.url = url;
    c.settings.intervalMs = 100;
    c.settings.retries = 0;
    c.settings.downIntervalMs = 100;
    return c;
}

} // namespace

void TestTrayNotifier::downAndBackAreNotified()
{
    FaultServer flapping;
    QVERIFY(flapping.startFlapping({60000, 600, true}));
    ProbeEngine engine;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, fastConfig(flapping.flappingUrl()));
    TrayNotifier notifier;
    notifier.watch(&endpoint);
    endpoint.start();
    QTRY_COMPARE_WITH_TIMEOUT(notifier.notificationsShown(), 1, 10000);
    QVERIFY2(notifier.lastNotification().contains(QLatin1String("is down")), qPrintable(notifier.lastNotification()));
    QVERIFY(notifier.lastNotification().contains(QLatin1String("Connection refused")));
    QCOMPARE(notifier.worstTone(), Presentation::Tone::Bad);
    QTRY_COMPARE_WITH_TIMEOUT(notifier.notificationsShown(), 2, 10000);
    QVERIFY2(notifier.lastNotification().contains(QLatin1String("is back")), qPrintable(notifier.lastNotification()));
    QTRY_COMPARE_WITH_TIMEOUT(notifier.worstTone(), Presentation::Tone::Good, 5000);
    endpoint.stop();
}

void TestTrayNotifier::mutingHoldsNotificationsBack()
{
    FaultServer server;
    QVERIFY(server.start());
    ProbeEngine engine;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, fastConfig(server.refusedUrl()));
    TrayNotifier notifier;
    notifier.watch(&endpoint);
    notifier.muteFor(1);
    QVERIFY(notifier.isMuted());
    QVERIFY(notifier.mutedUntil() > QDateTime::currentDateTimeUtc().addSecs(3500));
    endpoint.start();
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.status().state, MonitorState::Down, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(notifier.worstTone(), Presentation::Tone::Bad, 5000); // the colour still changes
    QCOMPARE(notifier.notificationsShown(), 0);
    notifier.muteFor(0); // until switched back on
    QVERIFY(notifier.isMuted());
    QVERIFY(!notifier.mutedUntil().isValid());
    notifier.unmute();
    QVERIFY(!notifier.isMuted());
    endpoint.stop();
}

// Retrying after a refusal: the tray's colour is the row's (it was orange while the row said
// "Retrying" in red).
void TestTrayNotifier::theTrayColourIsTheSidebars()
{
    FaultServer server;
    QVERIFY(server.start());
    ProbeEngine engine;
    EndpointConfig c = fastConfig(server.refusedUrl());
    c.settings.retries = 3;
    c.settings.backoff = {60000, 1.0, 60000, JitterMode::None}; // retrying for a minute
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, c);
    TrayNotifier notifier;
    notifier.watch(&endpoint);
    endpoint.start();
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.status().state, MonitorState::Retrying, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(notifier.worstTone(), EndpointListModel::tone(&endpoint), 5000);
    QCOMPARE(notifier.worstTone(), Presentation::Tone::Bad);
    endpoint.stop();
}

// At launch, the endpoints that are down are told once, together (a balloon per endpoint came up
// at every start, five of them for the demo); the demo's endpoints fail on purpose and are left out.
void TestTrayNotifier::launchVerdictsAreOneNotification()
{
    FaultServer server;
    QVERIFY(server.start());
    ProbeEngine engine;
    EndpointConfig billing = fastConfig(server.refusedUrl());
    billing.name = QStringLiteral("billing");
    EndpointConfig cart = fastConfig(server.refusedUrl());
    cart.name = QStringLiteral("cart");
    EndpointConfig api = fastConfig(server.url(QStringLiteral("/ok")));
    api.name = QStringLiteral("api");
    EndpointConfig demo = fastConfig(server.refusedUrl());
    demo.name = QStringLiteral("Demo: refused");
    demo.demo = true;
    WatchedEndpoint first({&engine, nullptr, nullptr}, billing);
    WatchedEndpoint second({&engine, nullptr, nullptr}, cart);
    WatchedEndpoint third({&engine, nullptr, nullptr}, api);
    WatchedEndpoint fourth({&engine, nullptr, nullptr}, demo);
    TrayNotifier notifier;
    notifier.setEndpoints({&first, &second, &third, &fourth});
    for (WatchedEndpoint *endpoint : {&first, &second, &third, &fourth})
        endpoint->start();
    QTRY_COMPARE_WITH_TIMEOUT(notifier.notificationsShown(), 1, 10000);
    const QString told = notifier.lastNotification();
    QVERIFY2(told.startsWith(QLatin1String("2 endpoints are down")), qPrintable(told));
    QVERIFY2(told.contains(QLatin1String("billing")) && told.contains(QLatin1String("cart")), qPrintable(told));
    QVERIFY2(!told.contains(QLatin1String("Demo")), qPrintable(told));
    // After the launch, each endpoint is told on its own again.
    third.stop();
    EndpointConfig moved = third.config();
    moved.settings.probe.url = server.refusedUrl();
    third.setConfig(moved);
    third.start();
    QTRY_COMPARE_WITH_TIMEOUT(notifier.notificationsShown(), 2, 10000);
    QVERIFY2(notifier.lastNotification().startsWith(QLatin1String("api is down")),
             qPrintable(notifier.lastNotification()));
    for (WatchedEndpoint *endpoint : {&first, &second, &third, &fourth})
        endpoint->stop();
}

QTEST_MAIN(TestTrayNotifier)
#include "TestTrayNotifier.moc"
