// The window offscreen: invalid URL in place, start and watch, the cached ribbon on failure and
// recovery, settings and layout through QSettings, endpoints added, renamed, moved, removed, export.
#include "cache/ResponseCache.h"
#include "EndpointListModel.h"
#include "endpoints/EndpointList.h"
#include "endpoints/EventLog.h"
#include "EventLogModel.h"
#include "EventLogPage.h"
#include "FaultServer.h"
#include "MainWindow.h"
#include "probe/ProbeEngine.h"

#include <QAbstractItemView>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace NetPulse;
using NetPulse::Demo::FaultServer;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void invalidUrlIsExplainedInPlace();
    void startAddsAndWatches();
    void cachedRibbonOnFailureGoneOnRecovery();
    void settingsRoundTripThroughQSettings();
    void removeAndExport();

private:
    template<typename T>
    static T *child(QWidget &window, const char *name)
    {
        auto *widget = window.findChild<T *>(QLatin1String(name));
        if (!widget)
            qFatal("no child named %s", name);
        return widget;
    }

    FaultServer m_server;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_server.start());
}

void TestMainWindow::invalidUrlIsExplainedInPlace()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    auto *url = child<QLineEdit>(window, "urlEdit");
    auto *error = child<QLabel>(window, "urlErrorLabel");
    auto *start = child<QPushButton>(window, "startStopButton");
    QTest::keyClicks(url, QStringLiteral("ftp://127.0.0.1/"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QLatin1String("unsupported scheme")), qPrintable(error->text()));
    QVERIFY(!start->isEnabled());
    const int connections = m_server.connectionsAccepted();
    QTest::keyClick(url, Qt::Key_Return); // nothing is sent, nothing is added
    QCOMPARE(endpoints.count(), 0);
    QCOMPARE(m_server.connectionsAccepted(), connections);
    url->clear();
    QTest::keyClicks(url, m_server.url(QStringLiteral("/ok")).toString());
    QVERIFY(!error->isVisible());
    QVERIFY(start->isEnabled());
}

void TestMainWindow::startAddsAndWatches()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    auto *url = child<QLineEdit>(window, "urlEdit");
    url->setText(m_server.url(QStringLiteral("/status/503")).toString());
    QTest::mouseClick(child<QPushButton>(window, "startStopButton"), Qt::LeftButton);
    QCOMPARE(endpoints.count(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(window, "bannerTitle")->text(), QStringLiteral("Server error"), 10000);
    QCOMPARE(child<QPushButton>(window, "startStopButton")->text(), QStringLiteral("&Stop"));
    QTRY_VERIFY_WITH_TIMEOUT(window.eventLogPage()->model()->rowCount() >= 1, 5000);
    QTest::mouseClick(child<QPushButton>(window, "startStopButton"), Qt::LeftButton);
    QVERIFY(!window.selectedEndpoint()->isRunning());
    QCOMPARE(child<QPushButton>(window, "startStopButton")->text(), QStringLiteral("&Start"));
}

void TestMainWindow::cachedRibbonOnFailureGoneOnRecovery()
{
    FaultServer flapping;
    QVERIFY(flapping.startFlapping({700, 1200, false})); // up first, then refusing, then up again
    QTemporaryDir dir;
    ResponseCache cache(dir.path());
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, &cache, &log});
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    EndpointConfig config;
    config.settings.probe.url = flapping.flappingUrl();
    config.settings.intervalMs = 150;
    config.settings.downIntervalMs = 150;
    config.settings.backoff = {100, 1.0, 100, JitterMode::None};
    endpoints.add(config);
    auto *ribbon = child<QLabel>(window, "cachedRibbon");
    QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(window, "bannerTitle")->text(), QStringLiteral("OK"), 10000);
    QVERIFY(!ribbon->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(ribbon->isVisible(), 10000);
    QVERIFY2(ribbon->text().contains(QLatin1String("connection refused")), qPrintable(ribbon->text()));
    QVERIFY(child<QPlainTextEdit>(window, "dataView")->toPlainText().contains(QLatin1String("\"status\": \"ok\"")));
    QTRY_VERIFY_WITH_TIMEOUT(!ribbon->isVisible(), 10000);
}

void TestMainWindow::settingsRoundTripThroughQSettings()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("netpulse.ini"));
    QString firstId;
    {
        QSettings settings(path, QSettings::IniFormat);
        ProbeEngine engine;
        EventLog log;
        EndpointList endpoints({&engine, nullptr, &log});
        QVERIFY(endpoints.restore(&settings).isEmpty());
        MainWindow window(&endpoints, &log, &settings);
        window.resize(913, 611);
        window.show();
        EndpointConfig a;
        a.name = QStringLiteral("alpha");
        a.settings.probe.url = m_server.url(QStringLiteral("/ok"));
        a.settings.retries = 7;
        a.watching = false;
        EndpointConfig b;
        b.name = QStringLiteral("beta");
        b.settings.probe.url = m_server.url(QStringLiteral("/status/500"));
        b.watching = false;
        endpoints.add(a);
        endpoints.add(b);
        firstId = a.id;
        // Rename "beta" in place, then move it to the top.
        auto *list = child<QListView>(window, "endpointList");
        list->model()->setData(list->model()->index(1, 0), QStringLiteral("beta renamed"), Qt::EditRole);
        window.selectEndpoint(1);
        QTest::mouseClick(child<QToolButton>(window, "moveUpButton"), Qt::LeftButton);
        window.close(); // saves
    }
    QSettings settings(path, QSettings::IniFormat);
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    const QStringList problems = endpoints.restore(&settings);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char(';'))));
    MainWindow window(&endpoints, &log, &settings);
    QCOMPARE(endpoints.count(), 2);
    auto *list = child<QListView>(window, "endpointList");
    auto *model = qobject_cast<EndpointListModel *>(list->model());
    QCOMPARE(model->at(0)->config().name, QStringLiteral("beta renamed"));
    QCOMPARE(model->at(1)->config().name, QStringLiteral("alpha"));
    QCOMPARE(model->at(1)->config().id, firstId);
    QCOMPARE(model->at(1)->config().settings.retries, 7);
    QVERIFY(!model->at(1)->isRunning()); // it was not watching: it is not started behind the user's back
    QCOMPARE(window.size(), QSize(913, 611));
}

void TestMainWindow::removeAndExport()
{
    QTemporaryDir dir;
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    EndpointConfig config;
    config.settings.probe.url = m_server.refusedUrl();
    config.settings.retries = 0;
    config.settings.downIntervalMs = 100;
    endpoints.add(config);
    QTRY_VERIFY_WITH_TIMEOUT(log.size() >= 3, 10000);
    const QString jsonl = dir.filePath(QStringLiteral("log.jsonl"));
    const QString csv = dir.filePath(QStringLiteral("log.csv"));
    QVERIFY(window.eventLogPage()->exportLog(jsonl, false));
    QVERIFY(window.eventLogPage()->exportLog(csv, true));
    QFile json(jsonl);
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QByteArray exported = json.readAll();
    QVERIFY(exported.count('\n') >= 3);
    QVERIFY(exported.contains("\"kind\":\"connection_refused\""));
    QFile table(csv);
    QVERIFY(table.open(QIODevice::ReadOnly));
    QVERIFY(table.readAll().startsWith("seq,type,ts,endpoint"));
    QTest::mouseClick(child<QToolButton>(window, "removeEndpointButton"), Qt::LeftButton);
    QCOMPARE(endpoints.count(), 0);
    const int before = log.size();
    QVERIFY(!QTest::qWaitFor([&] { return log.size() > before; }, 500)); // removed means stopped
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
