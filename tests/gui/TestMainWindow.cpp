// The window offscreen: the add bar adds and never edits, bad input explained in place with the
// text kept, each view shows its own endpoint, a layout that does not jump, everything reachable at
// 700×450, mute feedback, Undo after Remove, settings and layout through QSettings, export.
#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include "EndpointListModel.h"
#include "EventLogModel.h"
#include "EventLogPage.h"
#include "FaultServer.h"
#include "MainWindow.h"
#include "Translations.h"
#include "TrayNotifier.h"

#include "cache/ResponseCache.h"
#include "endpoints/EndpointFile.h"
#include "endpoints/EndpointList.h"
#include "endpoints/EventLog.h"
#include "probe/ProbeEngine.h"

using namespace NetPulse;
using NetPulse::Demo::FaultServer;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void addBarAddsAndNeverEdits();
    void badInputIsExplainedAndKept();
    void addedEndpointIsWatchedAndStops();
    void everyViewShowsItsOwnEndpoint();
    void cachedRibbonOnFailureGoneOnRecovery();
    void sidebarRowFollowsInTheBannersTurn();
    void layoutDoesNotJump();
    void smallWindowKeepsEverythingReachable();
    void muteSaysWhatIsOn();
    void removeCanBeUndone();
    void settingsRoundTripThroughQSettings();
    void exportWritesTheLog();
    void theLogCanFollowTheSelection();
    void endpointFilesImportAndExport();
    void importMergesByNameAndExportReadsBack();
    void muteAndGeometrySurviveARestart();

private:
    template<typename T>
    static T *child(QWidget &window, const char *name)
    {
        auto *widget = window.findChild<T *>(QLatin1String(name));
        if (!widget)
            qFatal("no child named %s", name);
        return widget;
    }
    EndpointConfig quiet(const QUrl &url) const;

    FaultServer m_server;
};

// "The selected endpoint" in the log's filter follows the sidebar, as the banner and the
// Dashboard do (the filter stayed on one endpoint while the selection moved on).
void TestMainWindow::theLogCanFollowTheSelection()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    EndpointConfig healthy = quiet(m_server.url(QStringLiteral("/ok")));
    healthy.name = QStringLiteral("healthy");
    EndpointConfig refused = quiet(m_server.refusedUrl());
    refused.name = QStringLiteral("refused");
    endpoints.add(healthy);
    endpoints.add(refused);
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(endpoints.at(0)->lastResult() && endpoints.at(1)->lastResult(), 10000);
    window.eventLogPage()->model()->flush();
    auto *filter = child<QComboBox>(window, "endpointFilter");
    auto *view = child<QTableView>(window, "eventLogView");
    auto names = [view] {
        QSet<QString> seen;
        for (int row = 0; row < view->model()->rowCount(); ++row)
            seen.insert(view->model()->index(row, EventLogModel::Endpoint).data().toString());
        return seen;
    };
    QCOMPARE(names(), QSet<QString>({QStringLiteral("healthy"), QStringLiteral("refused")}));
    filter->setCurrentIndex(filter->findText(QStringLiteral("The selected endpoint")));
    window.selectEndpoint(0);
    QCOMPARE(names(), QSet<QString>({QStringLiteral("healthy")}));
    window.selectEndpoint(1);
    QCOMPARE(names(), QSet<QString>({QStringLiteral("refused")}));
    filter->setCurrentIndex(filter->findText(QStringLiteral("All endpoints")));
    QCOMPARE(names().size(), 2);
}

void TestMainWindow::initTestCase()
{
    installTranslations(*QCoreApplication::instance()); // plural forms, as the app has them
    QVERIFY(m_server.start());
}

EndpointConfig TestMainWindow::quiet(const QUrl &url) const
{
    EndpointConfig config;
    config.settings.probe.url = url;
    config.settings.intervalMs = 60000;
    config.settings.retries = 0;
    config.settings.downIntervalMs = 60000;
    return config;
}

void TestMainWindow::addBarAddsAndNeverEdits()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    auto *url = child<QLineEdit>(window, "urlEdit");
    const QUrl first = m_server.url(QStringLiteral("/ok"));
    QTest::keyClicks(url, first.toString());
    QTest::keyClick(url, Qt::Key_Return);
    QCOMPARE(endpoints.count(), 1);
    QCOMPARE(url->text(), QString()); // ready for the next one
    QCOMPARE(window.selectedEndpoint(), endpoints.at(0));
    // With that endpoint selected, Enter on another URL adds a second one; the first keeps its URL.
    const QUrl second = m_server.url(QStringLiteral("/status/503"));
    QTest::keyClicks(url, second.toString());
    QTest::keyClick(url, Qt::Key_Return);
    QCOMPARE(endpoints.count(), 2);
    QCOMPARE(endpoints.at(0)->config().settings.probe.url, first);
    QCOMPARE(endpoints.at(1)->config().settings.probe.url, second);
    // The same URL again is not a second endpoint: it is selected, and said so.
    window.selectEndpoint(1);
    QTest::keyClicks(url, first.toString());
    QTest::mouseClick(child<QPushButton>(window, "addButton"), Qt::LeftButton);
    QCOMPARE(endpoints.count(), 2);
    QCOMPARE(window.selectedEndpoint(), endpoints.at(0));
    QVERIFY2(child<QLabel>(window, "urlErrorLabel")->text().contains(QLatin1String("Already watched")),
             qPrintable(child<QLabel>(window, "urlErrorLabel")->text()));
}

void TestMainWindow::badInputIsExplainedAndKept()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    auto *url = child<QLineEdit>(window, "urlEdit");
    auto *error = child<QLabel>(window, "urlErrorLabel");
    auto *add = child<QPushButton>(window, "addButton");
    // Empty: + says what to do.
    QTest::mouseClick(add, Qt::LeftButton);
    QVERIFY2(error->text().contains(QLatin1String("Type an http")), qPrintable(error->text()));
    QCOMPARE(endpoints.count(), 0);
    // Invalid: explained while typing, and again on Enter or +, and the text stays to be corrected.
    QTest::keyClicks(url, QStringLiteral("ftp://127.0.0.1/"));
    QVERIFY2(error->text().contains(QLatin1String("unsupported scheme")), qPrintable(error->text()));
    const int connections = m_server.connectionsAccepted();
    QTest::keyClick(url, Qt::Key_Return);
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(endpoints.count(), 0);
    QCOMPARE(url->text(), QStringLiteral("ftp://127.0.0.1/"));
    QVERIFY2(error->text().startsWith(QLatin1String("Cannot add: ")), qPrintable(error->text()));
    QCOMPARE(m_server.connectionsAccepted(), connections); // nothing sent
    url->clear();
    QTest::keyClicks(url, m_server.url(QStringLiteral("/ok")).toString());
    QCOMPARE(error->text(), QString());
}

void TestMainWindow::addedEndpointIsWatchedAndStops()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    auto *url = child<QLineEdit>(window, "urlEdit");
    url->setText(m_server.url(QStringLiteral("/status/503")).toString());
    QTest::keyClick(url, Qt::Key_Return);
    QCOMPARE(endpoints.count(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(window, "bannerTitle")->text(), QStringLiteral("Server error"), 10000);
    QCOMPARE(child<QPushButton>(window, "startStopButton")->text(), QStringLiteral("&Stop"));
    QTRY_VERIFY_WITH_TIMEOUT(window.eventLogPage()->model()->rowCount() >= 1, 5000);
    QTest::mouseClick(child<QPushButton>(window, "startStopButton"), Qt::LeftButton);
    QVERIFY(!window.selectedEndpoint()->isRunning());
    QCOMPARE(child<QPushButton>(window, "startStopButton")->text(), QStringLiteral("&Start"));
    QCOMPARE(child<QLabel>(window, "bannerTitle")->text(), QStringLiteral("Stopped"));
}

void TestMainWindow::everyViewShowsItsOwnEndpoint()
{
    QTemporaryDir dir;
    ResponseCache cache(dir.path());
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, &cache, &log});
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    EndpointConfig healthy = quiet(m_server.url(QStringLiteral("/ok")));
    healthy.name = QStringLiteral("healthy");
    EndpointConfig refused = quiet(m_server.refusedUrl());
    refused.name = QStringLiteral("refused");
    EndpointConfig garbage = quiet(m_server.url(QStringLiteral("/garbage")));
    garbage.name = QStringLiteral("not http");
    for (const EndpointConfig &config : {healthy, refused, garbage})
        endpoints.add(config);
    QTRY_VERIFY_WITH_TIMEOUT(
        endpoints.at(0)->lastResult() && endpoints.at(1)->lastResult() && endpoints.at(2)->lastResult(), 15000);
    auto *data = child<QPlainTextEdit>(window, "dataView");
    auto *list = child<QListView>(window, "endpointList");
    struct Expected
    {
        int row;
        QString title;
        bool hasData;
        QString rowText;
    };
    const QList<Expected> expected = {{0, QStringLiteral("OK"), true, QStringLiteral("Up · ")},
                                      {1, QStringLiteral("Connection refused"), false, QStringLiteral("Down")},
                                      {2, QStringLiteral("Not HTTP"), false, QStringLiteral("Down")},
                                      {0, QStringLiteral("OK"), true, QStringLiteral("Up · ")}};
    for (const Expected &e : expected) {
        window.selectEndpoint(e.row);
        QCOMPARE(child<QLabel>(window, "bannerTitle")->text(), e.title);
        QVERIFY2(child<QLabel>(window, "endpointHeader")->toolTip().startsWith(endpoints.at(e.row)->displayName()),
                 qPrintable(child<QLabel>(window, "endpointHeader")->toolTip()));
        // The data is this endpoint's own, or plainly none: never the healthy one's body.
        QCOMPARE(data->toPlainText().contains(QLatin1String("\"status\": \"ok\"")), e.hasData);
        if (!e.hasData)
            QVERIFY(data->placeholderText().startsWith(QLatin1String("No data")));
        QVERIFY(!child<QLabel>(window, "cachedRibbon")->isVisible());
        const QString rowText = list->model()->index(e.row, 0).data(EndpointListModel::StateTextRole).toString();
        QVERIFY2(rowText.startsWith(e.rowText), qPrintable(rowText));
        // No history here: the Dashboard's one uptime is the session's, and says so.
        QCOMPARE(child<QLabel>(window, "rangeFigures")->text(),
                 e.hasData ? QStringLiteral("100 % of 1 check up, this session (no history is kept)")
                           : QStringLiteral("0 % of 1 check up, this session (no history is kept)"));
    }
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

void TestMainWindow::sidebarRowFollowsInTheBannersTurn()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    WatchedEndpoint *endpoint = endpoints.add(quiet(m_server.url(QStringLiteral("/delay/200"))));
    QTRY_VERIFY_WITH_TIMEOUT(endpoint->lastResult().has_value(), 10000);
    auto *model = child<QListView>(window, "endpointList")->model();
    QSignalSpy rowChanged(model, &QAbstractItemModel::dataChanged);
    // Counted at the moment the endpoint changes (the banner redraws then): the row's update must
    // come after it, in the next turns of the event loop, well before a 250 ms tick would.
    qsizetype before = -1;
    connect(endpoint, &WatchedEndpoint::changed, this, [&] {
        if (before < 0)
            before = rowChanged.size();
    });
    QVERIFY(endpoint->checkNow());
    QTRY_VERIFY_WITH_TIMEOUT(before >= 0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(rowChanged.size() > before, 120);
    QCOMPARE(rowChanged.at(before).at(0).toModelIndex().row(), 0);
}

void TestMainWindow::layoutDoesNotJump()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, nullptr);
    window.resize(1000, 650);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    endpoints.add(quiet(m_server.url(QStringLiteral("/ok"))));
    endpoints.add(quiet(m_server.url(QStringLiteral("/status/404"))));
    QTRY_VERIFY_WITH_TIMEOUT(endpoints.at(0)->lastResult() && endpoints.at(1)->lastResult(), 10000);
    auto *tabs = child<QTabWidget>(window, "tabs");
    auto tabsTop = [&] { return tabs->mapTo(&window, QPoint(0, 0)).y(); };
    QSet<int> tops;
    auto *url = child<QLineEdit>(window, "urlEdit");
    for (int row : {0, 1, 0}) {
        window.selectEndpoint(row);
        QCoreApplication::processEvents();
        tops << tabsTop();
    }
    QTest::keyClicks(url, QStringLiteral("ftp://nope")); // the error line appears in its own space
    QCoreApplication::processEvents();
    QVERIFY(!child<QLabel>(window, "urlErrorLabel")->text().isEmpty());
    tops << tabsTop();
    child<QToolButton>(window, "bannerDetailToggle")->click(); // opens inside the banner
    QCoreApplication::processEvents();
    tops << tabsTop();
    QCOMPARE(tops.size(), 1);
}

void TestMainWindow::smallWindowKeepsEverythingReachable()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, nullptr);
    endpoints.add(quiet(m_server.url(QStringLiteral("/ok"))));
    window.resize(700, 450);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.minimumSizeHint().width() <= 700 && window.minimumSizeHint().height() <= 450,
             qPrintable(
                 QStringLiteral("%1x%2").arg(window.minimumSizeHint().width()).arg(window.minimumSizeHint().height())));
    QCOMPARE(window.size(), QSize(700, 450));
    auto *tabs = child<QTabWidget>(window, "tabs");
    // Each page either fits or scrolls: the dashboard's chart and waterfall sit in a scroll area.
    tabs->setCurrentIndex(1);
    QCoreApplication::processEvents();
    auto *chart = child<QWidget>(window, "latencyChart");
    auto *scroll = qobject_cast<QScrollArea *>(child<QWidget>(window, "dashboardScroll"));
    QVERIFY(scroll);
    QVERIFY(scroll->widget()->isAncestorOf(chart));
    QVERIFY(chart->height() >= 150); // not squeezed to nothing: scrolled to instead
    // The event log's controls are all on screen.
    tabs->setCurrentIndex(2);
    QCoreApplication::processEvents();
    for (const char *name : {"copyRowsButton", "exportButton", "kindFilter", "endpointFilter"}) {
        QWidget *widget = child<QWidget>(window, name);
        QVERIFY2(widget->isVisible(), name);
        const QRect inWindow(widget->mapTo(&window, QPoint(0, 0)), widget->size());
        QVERIFY2(window.rect().contains(inWindow), name);
    }
    // The banner's buttons and the endpoint's controls too.
    for (const char *name : {"retryNowButton", "startStopButton", "settingsButton", "addButton"}) {
        QWidget *widget = child<QWidget>(window, name);
        const QRect inWindow(widget->mapTo(&window, QPoint(0, 0)), widget->size());
        QVERIFY2(widget->isVisible() && window.rect().contains(inWindow), name);
    }
}

void TestMainWindow::muteSaysWhatIsOn()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    QMenu *mute = window.notifier()->muteMenu();
    auto *fourHours = mute->findChild<QAction *>(QStringLiteral("mute4h"));
    auto *unmute = mute->findChild<QAction *>(QStringLiteral("unmuteAction"));
    QVERIFY(fourHours && unmute);
    QVERIFY(!unmute->isVisible()); // nothing to switch on: not offered (README)
    QVERIFY(!fourHours->isChecked());
    fourHours->trigger();
    QVERIFY(fourHours->isChecked());
    QVERIFY(unmute->isVisible());
    const QString label = child<QLabel>(window, "mutedLabel")->text();
    QVERIFY2(label.startsWith(QLatin1String("Notifications muted until ")), qPrintable(label));
    QVERIFY(mute->title().contains(QLatin1String("muted until")));
    unmute->trigger();
    QVERIFY(!fourHours->isChecked());
    QVERIFY(!unmute->isVisible());
    QCOMPARE(child<QLabel>(window, "mutedLabel")->text(), QString());
}

void TestMainWindow::removeCanBeUndone()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    EndpointConfig a = quiet(m_server.url(QStringLiteral("/ok")));
    a.name = QStringLiteral("a");
    EndpointConfig b = quiet(m_server.url(QStringLiteral("/ok?b")));
    b.name = QStringLiteral("b");
    b.settings.retries = 7;
    endpoints.add(a);
    endpoints.add(b);
    endpoints.add(quiet(m_server.url(QStringLiteral("/ok?c"))));
    window.selectEndpoint(1);
    QTest::mouseClick(child<QToolButton>(window, "removeEndpointButton"), Qt::LeftButton);
    QCOMPARE(endpoints.count(), 2);
    auto *undo = child<QPushButton>(window, "undoRemoveButton");
    QVERIFY(undo->isVisible());
    QVERIFY(child<QLabel>(window, "noteLabel")->text().startsWith(QLatin1String("Removed b.")));
    QTest::mouseClick(undo, Qt::LeftButton);
    QCOMPARE(endpoints.count(), 3);
    QCOMPARE(endpoints.at(1)->config().name, QStringLiteral("b")); // back in its place
    QCOMPARE(endpoints.at(1)->config().id, b.id);                  // the same endpoint
    QCOMPARE(endpoints.at(1)->config().settings.retries, 7);
    QCOMPARE(window.selectedEndpoint(), endpoints.at(1));
    QVERIFY(!undo->isVisible());
    window.undoRemove(); // nothing left to undo: nothing happens, and it says so
    QCOMPARE(endpoints.count(), 3);
    QVERIFY(child<QLabel>(window, "noteLabel")->text().startsWith(QLatin1String("Nothing to undo")));
    // Two removals, two undos: each comes back where it was.
    const QString first = endpoints.at(0)->config().id;
    const QString last = endpoints.at(2)->config().id;
    window.selectEndpoint(2);
    window.removeSelected();
    window.selectEndpoint(0);
    window.removeSelected();
    QCOMPARE(endpoints.count(), 1);
    window.undoRemove();
    window.undoRemove();
    QCOMPARE(endpoints.count(), 3);
    QCOMPARE(endpoints.at(0)->config().id, first);
    QCOMPARE(endpoints.at(2)->config().id, last);
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
        window.resize(713, 511); // inside the offscreen screen: a larger one is fitted to it
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
    QCOMPARE(endpoints.at(0)->config().name, QStringLiteral("beta renamed"));
    QCOMPARE(endpoints.at(1)->config().name, QStringLiteral("alpha"));
    QCOMPARE(endpoints.at(1)->config().id, firstId);
    QCOMPARE(endpoints.at(1)->config().settings.retries, 7);
    QVERIFY(!endpoints.at(1)->isRunning()); // it was not watching: it is not started behind the user's back
    QCOMPARE(window.size(), QSize(713, 511));
    QCOMPARE(window.selectedEndpoint(), endpoints.at(0)); // the selection moved with the row
}

void TestMainWindow::exportWritesTheLog()
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
    config.settings.intervalMs = 100;
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
    // Rows are in time order.
    for (int i = 1; i < log.size(); ++i)
        QVERIFY(log.at(i - 1).at <= log.at(i).at);
}

QTEST_MAIN(TestMainWindow)
void TestMainWindow::endpointFilesImportAndExport()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, nullptr);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("team.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"version\": 1, \"defaults\": {\"interval_ms\": 60000}, \"endpoints\": [\n"
               "  {\"name\": \"api\", \"url\": \"" +
               m_server.url(QStringLiteral("/ok")).toString().toUtf8() +
               "\"},\n"
               "  {\"name\": \"auth\", \"url\": \"" +
               m_server.refusedUrl().toString().toUtf8() + "\"}]}");
    file.close();
    const QString first = window.importFrom(path);
    QCOMPARE(first, QStringLiteral("Imported team.json: 2 added (api, auth)"));
    QCOMPARE(window.importFrom(path), QStringLiteral("Imported team.json: 2 unchanged"));
    QCOMPARE(endpoints.count(), 2);
    QCOMPARE(endpoints.at(0)->config().name, QStringLiteral("api"));
    QCOMPARE(endpoints.at(0)->config().settings.intervalMs, 60000);
    QVERIFY(!endpoints.at(0)->config().id.startsWith(QLatin1String("file:"))); // the app's own now
    // The second import above found both already watched: nothing doubled.
    QCOMPARE(endpoints.count(), 2);

    const QString exported = dir.filePath(QStringLiteral("out.json"));
    QVERIFY(window.exportTo(exported).startsWith(QLatin1String("Exported")));
    QFile back(exported);
    QVERIFY(back.open(QIODevice::ReadOnly));
    QVERIFY(back.readAll().contains("\"name\": \"auth\""));

    // A broken file imports nothing and says where.
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"version\": 1, \"endpoints\": [{\"url\": 5}]}");
    file.close();
    const QString said = window.importFrom(path);
    QVERIFY2(said.startsWith(QLatin1String("Nothing imported from team.json: team.json:1:31: endpoint 1: url: ")),
             qPrintable(said));
    QCOMPARE(endpoints.count(), 2);
}

void TestMainWindow::muteAndGeometrySurviveARestart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("netpulse.ini"));
    ProbeEngine engine;
    EventLog log;
    QDateTime until;
    {
        QSettings settings(path, QSettings::IniFormat);
        EndpointList endpoints({&engine, nullptr, &log});
        MainWindow window(&endpoints, &log, &settings);
        window.show();
        window.notifier()->muteFor(2);
        until = window.notifier()->mutedUntil();
        // A window far larger than any screen, partly off it, as another screen or session left it.
        window.setGeometry(-3000, 5000, 9000, 7000);
        QTest::qWait(0); // sleep-ok: one turn of the event loop, so the geometry is applied before it is saved
        window.close();  // saves its geometry
    }
    QSettings settings(path, QSettings::IniFormat);
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, &settings);
    window.show();
    QVERIFY(window.notifier()->isMuted());
    QCOMPARE(window.notifier()->mutedUntil(), until);
    QVERIFY2(child<QLabel>(window, "noteLabel")->text().startsWith(QLatin1String("Notifications stay muted until")),
             qPrintable(child<QLabel>(window, "noteLabel")->text()));
    const QRect available = window.screen()->availableGeometry();
    QTRY_VERIFY2(available.contains(window.frameGeometry()), qPrintable(QStringLiteral("%1,%2 %3x%4 in %5x%6")
                                                                            .arg(window.frameGeometry().x())
                                                                            .arg(window.frameGeometry().y())
                                                                            .arg(window.frameGeometry().width())
                                                                            .arg(window.frameGeometry().height())
                                                                            .arg(available.width())
                                                                            .arg(available.height())));
    // Switched back on: the next start is not muted.
    window.notifier()->unmute();
    QSettings after(path, QSettings::IniFormat);
    QVERIFY(!after.contains(QStringLiteral("notifications/muted_until")));
}

void TestMainWindow::importMergesByNameAndExportReadsBack()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, nullptr);
    const QString shared = m_server.url(QStringLiteral("/ok")).toString();
    auto endpoint = [](const QString &id, const QString &name, const QString &url, int intervalMs) {
        EndpointConfig config;
        if (!id.isEmpty())
            config.id = id;
        config.name = name;
        config.settings.probe.url = QUrl(url);
        config.settings.intervalMs = intervalMs;
        config.watching = false;
        return config;
    };
    endpoints.add(endpoint(QString(), QStringLiteral("svc-01"), shared, 60000));
    const QString svc01Id = endpoints.at(0)->config().id;
    endpoints.add(endpoint(EndpointFile::idForName(QStringLiteral("svc-02")), QStringLiteral("svc-02"),
                           m_server.url(QStringLiteral("/a")).toString(), 60000)); // a followed file's
    // Two alike from before names were kept apart: an export must still read back.
    endpoints.add(endpoint(QString(), QStringLiteral("dup"), m_server.url(QStringLiteral("/b")).toString(), 60000));
    endpoints.add(endpoint(QString(), QStringLiteral("dup"), m_server.url(QStringLiteral("/c")).toString(), 60000));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("team.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(R"({"version": 1, "defaults": {"watching": false}, "endpoints": [
  {"name": "svc-01", "url": "%1", "interval_ms": 30000},
  {"name": "svc-02", "url": "%1"},
  {"name": "svc-03", "url": "%1", "method": "HEAD"},
  {"name": "svc-04", "url": "%1", "interval_ms": 5000}
]})")
                   .arg(shared)
                   .toUtf8());
    file.close();
    QCOMPARE(window.importFrom(path), QStringLiteral("Imported team.json: 2 added (svc-03, svc-04); 1 changed "
                                                     "(svc-01); 1 skipped, kept by the followed file (svc-02)"));
    QCOMPARE(endpoints.count(), 6);
    const int svc01 = endpoints.indexOfName(QStringLiteral("svc-01"));
    QCOMPARE(endpoints.at(svc01)->config().id, svc01Id); // the same endpoint: its history follows
    QCOMPARE(endpoints.at(svc01)->config().settings.intervalMs, 30000);
    QCOMPARE(endpoints.at(endpoints.indexOfName(QStringLiteral("svc-02")))->config().id,
             EndpointFile::idForName(QStringLiteral("svc-02"))); // the file's own, untouched
    // The same file again: nothing new, nothing doubled.
    QCOMPARE(window.importFrom(path),
             QStringLiteral("Imported team.json: 3 unchanged; 1 skipped, kept by the followed file (svc-02)"));
    QCOMPARE(endpoints.count(), 6);

    // Export → read as --config would → export again: the same bytes, every name once.
    const QString exported = dir.filePath(QStringLiteral("out.json"));
    const QString said = window.exportTo(exported);
    QVERIFY2(said.contains(QStringLiteral("dup → dup (2)")), qPrintable(said));
    QFile out(exported);
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QByteArray text = out.readAll();
    const EndpointFileContents back = EndpointFile::parse(text);
    QVERIFY2(back.ok(), qPrintable(back.problemLines().join(QLatin1Char('\n'))));
    QCOMPARE(back.endpoints.size(), endpoints.count());
    QCOMPARE(EndpointFile::write(back.endpoints), text);
}

#include "TestMainWindow.moc"
