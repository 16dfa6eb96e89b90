// What a screen reader and a keyboard-only user meet, read from Qt's accessibility tree (the one
// AT-SPI exposes): every interactive control of the main window (each tab) and of each dialog has a
// name, and Tab leaves every text box and table instead of staying inside it.
#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractScrollArea>
#include <QAccessible>
#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabBar>
#include <QTableWidget>
#include <QTabWidget>
#include <QTest>
#include <QTimer>
#include <QTranslator>

#include "EndpointSettingsDialog.h"
#include "FaultServer.h"
#include "MainWindow.h"
#include "ReportSettingsDialog.h"
#include "StatusBanner.h"

#include "endpoints/EndpointList.h"
#include "endpoints/EventLog.h"
#include "endpoints/WatchedEndpoint.h"
#include "probe/ProbeEngine.h"

using namespace NetPulse;
using NetPulse::Demo::FaultServer;

class TestAccessibility : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyControlOfTheMainWindowIsNamed_data();
    void everyControlOfTheMainWindowIsNamed();
    void everyControlOfTheDialogsIsNamed();
    void tabLeavesTheHeadersBox();
    void labelMnemonicsReachTheirNumbers();
    void aVerdictIsAnnouncedOnceAndCountdownsAreQuiet();
    void mnemonicsAreUnique_data();
    void mnemonicsAreUnique();
    void menusAsDesktopUsersExpect();
    void deleteRemovesOnlyFromTheList();
    void focusStaysWhereTheKeyboardWorks();
    void tabLeavesEveryTableAndTextBox_data();
    void tabLeavesEveryTableAndTextBox();
    void tabFollowsTheLayout_data();
    void tabFollowsTheLayout();
    void sidebarRowsSayTheirUptimeAndLastChecks();

private:
    FaultServer m_server;
};

namespace {

// The roles a person operates: each needs a name a screen reader can say.
bool isInteractive(QAccessible::Role role)
{
    switch (role) {
    case QAccessible::PushButton:
    case QAccessible::CheckBox:
    case QAccessible::RadioButton:
    case QAccessible::ComboBox:
    case QAccessible::EditableText:
    case QAccessible::SpinBox:
    case QAccessible::Slider:
    case QAccessible::List:
    case QAccessible::Table:
    case QAccessible::Tree:
    case QAccessible::ButtonMenu:
    case QAccessible::ButtonDropDown:
    case QAccessible::PageTab:
        return true;
    default:
        return false;
    }
}

QString describe(QAccessibleInterface *node)
{
    const QObject *object = node->object();
    QString path;
    for (const QObject *o = object; o; o = o->parent())
        path.prepend(QStringLiteral("/") +
                     (o->objectName().isEmpty() ? QString::fromLatin1(o->metaObject()->className()) : o->objectName()));
    return QStringLiteral("%1 role %2 at %3")
        .arg(QString::fromLatin1(object ? object->metaObject()->className() : "?"))
        .arg(int(node->role()))
        .arg(path);
}

// Every visible interactive node without a name, below `node`.
void collectUnnamed(QAccessibleInterface *node, QStringList *unnamed, int depth = 0)
{
    if (!node || !node->isValid() || depth > 40 || node->state().invisible)
        return;
    if (isInteractive(node->role()) && node->text(QAccessible::Name).trimmed().isEmpty())
        *unnamed << describe(node);
    // The items of lists and tables are named by their text; what matters is the control itself.
    if (node->role() == QAccessible::List || node->role() == QAccessible::Table || node->role() == QAccessible::Tree)
        return;
    for (int i = 0; i < node->childCount(); ++i)
        collectUnnamed(node->child(i), unnamed, depth + 1);
}

QStringList unnamedIn(QWidget *widget)
{
    QStringList unnamed;
    collectUnnamed(QAccessible::queryAccessibleInterface(widget), &unnamed);
    return unnamed;
}

// The same on every page of every tab widget in `widget` (a page not shown is not in the tree).
QStringList unnamedOnEveryTab(QWidget *widget)
{
    QStringList unnamed = unnamedIn(widget);
    for (QTabWidget *tabs : widget->findChildren<QTabWidget *>()) {
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            unnamed << unnamedIn(widget);
        }
    }
    unnamed.removeDuplicates();
    return unnamed;
}

// The letter after '&' in a menu, button, label or tab text, lower-cased; none for "&&" or none.
QString mnemonicOf(const QString &text)
{
    const QKeySequence key = QKeySequence::mnemonic(text);
    return key.isEmpty() ? QString() : QKeySequence(key[0].key()).toString().toLower();
}

// Each letter used once among `texts`; the ones used twice, with their texts.
QStringList clashes(const QStringList &texts)
{
    QHash<QString, QStringList> byLetter;
    for (const QString &text : texts) {
        const QString letter = mnemonicOf(text);
        if (!letter.isEmpty())
            byLetter[letter] << text;
    }
    QStringList found;
    for (auto it = byLetter.cbegin(); it != byLetter.cend(); ++it) {
        if (it->size() > 1)
            found << it.key() + QStringLiteral(": ") + it->join(QStringLiteral(" | "));
    }
    return found;
}

// The main window's three tabs, one row each.
void addTabRows()
{
    QTest::addColumn<int>("tab");
    QTest::newRow("Data") << 0;
    QTest::newRow("Dashboard") << 1;
    QTest::newRow("Event log") << 2;
}

// One endpoint checked once a minute: the window has something to show, and nothing else
// happens under the test.
EndpointConfig checkedOnceAMinute(const QUrl &url, const QString &name = QStringLiteral("api"))
{
    EndpointConfig config;
    config.name = name;
    config.settings.probe.url = url;
    config.settings.intervalMs = 60000;
    return config;
}

} // namespace

void TestAccessibility::initTestCase()
{
    QVERIFY(m_server.start());
}

void TestAccessibility::everyControlOfTheMainWindowIsNamed_data()
{
    addTabRows();
}

void TestAccessibility::everyControlOfTheMainWindowIsNamed()
{
    QFETCH(int, tab);
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    endpoints.add(checkedOnceAMinute(m_server.url(QStringLiteral("/ok"))));
    MainWindow window(&endpoints, &log, nullptr);
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectEndpoint(0);
    window.findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(tab);
    const QStringList unnamed = unnamedIn(&window);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char('\n'))));
}

void TestAccessibility::everyControlOfTheDialogsIsNamed()
{
    EndpointConfig config;
    config.settings.probe.url = m_server.url(QStringLiteral("/ok"));
    EndpointSettingsDialog settings(config);
    settings.show();
    QVERIFY(QTest::qWaitForWindowExposed(&settings));
    QStringList unnamed = unnamedOnEveryTab(&settings);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char('\n'))));

    ReportSettingsDialog reports(ReportSettings(), 0, false);
    reports.show();
    QVERIFY(QTest::qWaitForWindowExposed(&reports));
    unnamed = unnamedOnEveryTab(&reports);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char('\n'))));
}

void TestAccessibility::tabLeavesTheHeadersBox()
{
    // Tab in the headers box moved on to the check boxes and OK, not a tab character typed.
    EndpointConfig config;
    config.settings.probe.url = m_server.url(QStringLiteral("/ok"));
    EndpointSettingsDialog dialog(config);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *headers = dialog.findChild<QPlainTextEdit *>(QStringLiteral("headersEdit"));
    QVERIFY(headers);
    headers->setFocus();
    QTRY_VERIFY(headers->hasFocus());
    const QString before = headers->toPlainText();
    QTest::keyClick(headers, Qt::Key_Tab);
    QCOMPARE(headers->toPlainText(), before);
    QTRY_VERIFY(!headers->hasFocus());
}

void TestAccessibility::labelMnemonicsReachTheirNumbers()
{
    // Alt+T, Alt+D: the labels' mnemonics put the keyboard in their number fields.
    EndpointConfig config;
    config.settings.probe.url = m_server.url(QStringLiteral("/ok"));
    EndpointSettingsDialog dialog(config);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QApplication::setActiveWindow(&dialog);
    for (const auto &[key, field] : {std::pair(Qt::Key_T, "timeoutSpin"), std::pair(Qt::Key_D, "deadlineSpin")}) {
        auto *spin = dialog.findChild<QWidget *>(QLatin1String(field));
        QVERIFY(spin);
        QTest::keyClick(&dialog, key, Qt::AltModifier);
        QTRY_VERIFY2(spin->hasFocus() || spin->isAncestorOf(QApplication::focusWidget()), field);
    }
}

// A new verdict is told once (an Alert event on the banner, StatusBanner::verdictAnnounced), and
// the countdown ticking on screen is not: the schedule label carries an accessible name of its own,
// the plan without the seconds, so QLabel sends no name change per tick. (Whether the events reach
// a bridge needs an active platform accessibility, which the offscreen platform does not have; the
// signal is the one place the Alert is sent from.)
void TestAccessibility::aVerdictIsAnnouncedOnceAndCountdownsAreQuiet()
{
    ProbeEngine engine;
    EndpointConfig config;
    config.settings.probe.url = m_server.refusedUrl();
    config.settings.retries = 100; // retrying all along: the countdown ticks, the verdict stays
    config.settings.backoff.initialMs = 20000;
    config.settings.backoff.capMs = 20000;
    config.settings.backoff.jitter = JitterMode::None; // 20 s between tries: the ticks fit between, even slowed
    config.settings.recoveryWatch = false;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, config);
    StatusBanner banner;
    banner.setEndpoint(&endpoint);
    banner.show();
    QVERIFY(QTest::qWaitForWindowExposed(&banner));
    QSignalSpy announced(&banner, &StatusBanner::verdictAnnounced);
    auto *schedule = banner.findChild<QLabel *>(QStringLiteral("bannerSchedule"));
    endpoint.start();
    QVERIFY(announced.wait(10000)); // "Checking…" → "Connection refused"
    QVERIFY2(announced.constFirst().constFirst().toString().startsWith(QLatin1String("Connection refused")),
             qPrintable(announced.constFirst().constFirst().toString()));
    QCOMPARE(QAccessible::queryAccessibleInterface(&banner)->text(QAccessible::Name),
             QStringLiteral("Connection refused"));
    const QString heard = schedule->accessibleName();
    QVERIFY(!heard.isEmpty());
    const QString before = schedule->text();
    QTRY_VERIFY_WITH_TIMEOUT(schedule->text() != before, 5000); // the countdown ticked on screen
    const QString later = schedule->text();
    QTRY_VERIFY_WITH_TIMEOUT(schedule->text() != later, 5000); // and again
    QCOMPARE(announced.size(), 1);                             // the same verdict: not told again
    QCOMPARE(schedule->accessibleName(), heard);               // the ticks change nothing heard
    QVERIFY2(!heard.contains(QRegularExpression(QStringLiteral("\\d+ s\\b"))), qPrintable(heard));
    endpoint.stop();
}

// Alt and a letter does one thing: each menu's letters differ, and the menu bar's, the buttons',
// the labels' and the tabs' of the window differ from each other (Alt+E opened the Endpoint menu
// and also moved between the URL bar and the list).
void TestAccessibility::mnemonicsAreUnique_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("English") << QString();
    QTest::newRow("German") << QStringLiteral("de");
}

void TestAccessibility::mnemonicsAreUnique()
{
    QFETCH(QString, language);
    QTranslator translator;
    if (!language.isEmpty()) {
        QVERIFY(translator.load(QStringLiteral(":/netpulse/i18n/netpulse_%1.qm").arg(language)));
        QCoreApplication::installTranslator(&translator);
    }
    const auto removeTranslator = qScopeGuard([&translator] { QCoreApplication::removeTranslator(&translator); });
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QStringList windowTexts;
    for (QAction *menuAction : window.menuBar()->actions()) {
        windowTexts << menuAction->text();
        QStringList inMenu;
        const QList<QAction *> actions = menuAction->menu()->actions();
        for (QAction *action : actions)
            inMenu << action->text();
        const QStringList clashing = clashes(inMenu);
        QVERIFY2(clashing.isEmpty(),
                 qPrintable(menuAction->text() + QStringLiteral(": ") + clashing.join(QStringLiteral(", "))));
    }
    for (const QAbstractButton *button : window.findChildren<QAbstractButton *>())
        windowTexts << button->text();
    for (const QLabel *label : window.findChildren<QLabel *>()) {
        if (label->buddy())
            windowTexts << label->text();
    }
    for (const QTabWidget *tabs : window.findChildren<QTabWidget *>()) {
        for (int i = 0; i < tabs->count(); ++i)
            windowTexts << tabs->tabText(i);
    }
    const QStringList clashing = clashes(windowTexts);
    QVERIFY2(clashing.isEmpty(), qPrintable(clashing.join(QLatin1Char('\n'))));
}

// File ▸ Quit with Ctrl+Q (not in the Endpoint menu), Help ▸ Keyboard shortcuts listing what the
// menus hold, and About.
void TestAccessibility::menusAsDesktopUsersExpect()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QList<QAction *> menus = window.menuBar()->actions();
    QStringList titles;
    for (const QAction *menu : menus)
        titles << QString(menu->text()).remove(QLatin1Char('&'));
    QCOMPARE(titles, (QStringList{QStringLiteral("File"), QStringLiteral("Endpoint"), QStringLiteral("Notifications"),
                                  QStringLiteral("Help")}));
    QAction *quit = window.findChild<QAction *>(QStringLiteral("quitAction"));
    QVERIFY(quit);
    QCOMPARE(menus.first()->menu()->actions().last(), quit);
    QCOMPARE(quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q)); // not QKeySequence::Quit: empty on some platforms
    QVERIFY(!menus.at(1)->menu()->actions().contains(quit));
    QCOMPARE(menus.last()->menu()->actions().size(), 2); // Keyboard shortcuts, About

    QStringList rows;
    QTimer::singleShot(0, &window, [&rows, &window] {
        // Whatever dialog is up is closed, found or not as the active modal one: a test that
        // fails here must not hang in exec().
        QWidget *dialog = QApplication::activeModalWidget();
        if (!dialog)
            dialog = window.findChild<QDialog *>();
        auto *table = dialog ? dialog->findChild<QTableWidget *>(QStringLiteral("shortcutsTable")) : nullptr;
        for (int row = 0; table && row < table->rowCount(); ++row)
            rows << table->item(row, 0)->text() + QStringLiteral(" = ") + table->item(row, 1)->text();
        if (dialog)
            dialog->close();
    });
    window.showKeyboardShortcuts();
    const auto has = [&rows](const QString &row) { return rows.contains(row); };
    QVERIFY2(has(QStringLiteral("File \u25b8 Quit = Ctrl+Q")), qPrintable(rows.join(QLatin1Char('\n'))));
    QVERIFY2(has(QStringLiteral("Endpoint \u25b8 Check now = F5 or Ctrl+R")), qPrintable(rows.join(QLatin1Char('\n'))));
    QVERIFY2(has(QStringLiteral("Notifications = Alt+N")), qPrintable(rows.join(QLatin1Char('\n'))));
    QVERIFY2(has(QStringLiteral("The Dashboard tab = Alt+B")), qPrintable(rows.join(QLatin1Char('\n'))));
}

// Delete removes the selected endpoint while the list has the focus, and is the URL bar's own key
// there (it removed the endpoint from anywhere but a text box).
void TestAccessibility::deleteRemovesOnlyFromTheList()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    for (const QString &name : {QStringLiteral("a"), QStringLiteral("b")})
        endpoints.add(checkedOnceAMinute(m_server.url(QStringLiteral("/ok?") + name), name));
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QApplication::setActiveWindow(&window);
    window.selectEndpoint(0);
    auto *url = window.findChild<QLineEdit *>(QStringLiteral("urlEdit"));
    QVERIFY(url);
    url->setFocus();
    QTRY_VERIFY(url->hasFocus());
    url->setText(QStringLiteral("http://x/"));
    url->setCursorPosition(0);
    QTest::keyClick(url, Qt::Key_Delete);
    QCOMPARE(url->text(), QStringLiteral("ttp://x/")); // the URL bar's own Delete
    QCOMPARE(endpoints.count(), 2);
    // Elsewhere, the tab bar for one, Delete is nothing (it removed the selected endpoint).
    QTabBar *tabBar = window.findChild<QTabWidget *>(QStringLiteral("tabs"))->tabBar();
    tabBar->setFocus();
    QTRY_VERIFY(tabBar->hasFocus());
    QTest::keyClick(tabBar, Qt::Key_Delete);
    QCOMPARE(endpoints.count(), 2);
    auto *list = window.findChild<QAbstractItemView *>(QStringLiteral("endpointList"));
    QVERIFY(list);
    list->setFocus();
    QTRY_VERIFY(list->hasFocus());
    QTest::keyClick(list, Qt::Key_Delete);
    QCOMPARE(endpoints.count(), 1);
}

// After remove, undo and add the keyboard is where the person works, never thrown by a control
// that hides: Delete in the list leaves it in the list (on the next row); Undo remove pressed
// from its button, which then hides, puts it in the list on the endpoint it brought back; Enter in
// the URL bar leaves it in the bar, ready for the next URL.
void TestAccessibility::focusStaysWhereTheKeyboardWorks()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    for (const QString &name : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
        endpoints.add(checkedOnceAMinute(m_server.url(QStringLiteral("/ok?") + name), name));
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QApplication::setActiveWindow(&window);
    window.selectEndpoint(1);
    auto *list = window.findChild<QAbstractItemView *>(QStringLiteral("endpointList"));
    list->setFocus();
    QTRY_VERIFY(list->hasFocus());
    QTest::keyClick(list, Qt::Key_Delete);
    QCOMPARE(endpoints.count(), 2);
    QVERIFY(list->hasFocus());
    QCOMPARE(window.selectedEndpoint()->displayName(), QStringLiteral("c"));
    auto *undo = window.findChild<QPushButton *>(QStringLiteral("undoRemoveButton"));
    QVERIFY(undo->isVisible());
    undo->setFocus();
    QTRY_VERIFY(undo->hasFocus());
    QTest::keyClick(undo, Qt::Key_Space);
    QCOMPARE(endpoints.count(), 3);
    QVERIFY(!undo->isVisible());
    QVERIFY2(list->hasFocus(),
             QApplication::focusWidget() ? QApplication::focusWidget()->metaObject()->className() : "none");
    QCOMPARE(window.selectedEndpoint()->displayName(), QStringLiteral("b"));
    auto *url = window.findChild<QLineEdit *>(QStringLiteral("urlEdit"));
    url->setFocus();
    QTRY_VERIFY(url->hasFocus());
    QTest::keyClicks(url, m_server.url(QStringLiteral("/ok?d")).toString());
    QTest::keyClick(url, Qt::Key_Return);
    QCOMPARE(endpoints.count(), 4);
    QVERIFY(url->hasFocus());
    QVERIFY(url->text().isEmpty());
}

void TestAccessibility::tabLeavesEveryTableAndTextBox_data()
{
    addTabRows();
}

// Tab and Shift+Tab leave each table and text box of each tab (they cycled inside the event
// table and the kind counts, Ctrl+Tab too).
void TestAccessibility::tabLeavesEveryTableAndTextBox()
{
    QFETCH(int, tab);
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    EndpointConfig config = checkedOnceAMinute(m_server.refusedUrl());
    config.settings.retries = 0;
    endpoints.add(config);
    MainWindow window(&endpoints, &log, nullptr);
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QApplication::setActiveWindow(&window);
    window.selectEndpoint(0);
    QTRY_VERIFY_WITH_TIMEOUT(endpoints.at(0)->lastResult().has_value(), 10000); // rows in the tables
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("tabs"));
    tabs->setCurrentIndex(tab);
    QList<QWidget *> boxes;
    for (QAbstractScrollArea *area : tabs->currentWidget()->findChildren<QAbstractScrollArea *>()) {
        if ((qobject_cast<QAbstractItemView *>(area) || qobject_cast<QPlainTextEdit *>(area)) && area->isVisible() &&
            area->focusPolicy() & Qt::TabFocus)
            boxes << area;
    }
    QVERIFY2(!boxes.isEmpty(), "no table or text box on this tab");
    for (QWidget *box : std::as_const(boxes)) {
        for (const Qt::KeyboardModifiers modifiers :
             {Qt::KeyboardModifiers(), Qt::KeyboardModifiers(Qt::ShiftModifier)}) {
            box->setFocus(Qt::TabFocusReason);
            QTRY_VERIFY(box->hasFocus());
            if (auto *view = qobject_cast<QAbstractItemView *>(box)) {
                // With rows and a current cell: where a table that keeps Tab moves it along.
                QTRY_VERIFY2_WITH_TIMEOUT(view->model()->rowCount() > 0, qPrintable(box->objectName()), 10000);
                view->setCurrentIndex(view->model()->index(0, 0));
            }
            QTest::keyClick(box, modifiers ? Qt::Key_Backtab : Qt::Key_Tab, modifiers);
            QTRY_VERIFY2(!box->hasFocus(), qPrintable(box->objectName()));
        }
    }
}

// Tab goes through the window as it is laid out: the URL bar and its buttons, the list and its
// buttons, the endpoint's buttons, the banner, the tab bar, then the tab's content (the JSON view
// came before the tab bar above it).
void TestAccessibility::tabFollowsTheLayout_data()
{
    QTest::addColumn<int>("tab");
    QTest::addColumn<QString>("page"); // the first control of the page
    QTest::newRow("Data") << 0 << QStringLiteral("dataView");
    QTest::newRow("Dashboard") << 1 << QStringLiteral("dashboardScroll");
    QTest::newRow("Event log") << 2 << QStringLiteral("kindFilter");
}

void TestAccessibility::tabFollowsTheLayout()
{
    QFETCH(int, tab);
    QFETCH(QString, page);
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    endpoints.add(checkedOnceAMinute(m_server.url(QStringLiteral("/ok"))));
    MainWindow window(&endpoints, &log, nullptr);
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QApplication::setActiveWindow(&window);
    window.selectEndpoint(0);
    // Checked once: the summary line shows "1 up" and nothing else for the walk below.
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QWidget *>(QStringLiteral("groupButton3"))->isVisible(), 10000);
    QVERIFY(!window.findChild<QWidget *>(QStringLiteral("groupButton4"))->isVisible()); // "not checked" is gone
    window.findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(tab);
    auto *url = window.findChild<QLineEdit *>(QStringLiteral("urlEdit"));
    url->setFocus();
    QTRY_VERIFY(url->hasFocus());
    QStringList order;
    for (int i = 0; i < 40; ++i) {
        QWidget *focus = QApplication::focusWidget();
        QVERIFY(focus);
        QString name = focus->objectName();
        for (QWidget *w = focus; name.isEmpty() && w; w = w->parentWidget())
            name = w->objectName();
        order << (name.isEmpty() ? QString::fromLatin1(focus->metaObject()->className()) : name);
        if (i > 0 && focus == url)
            break;
        QTest::keyClick(focus, Qt::Key_Tab);
    }
    const QString said = order.join(QStringLiteral(" > "));
    const QStringList expected{QStringLiteral("urlEdit"),
                               QStringLiteral("methodCombo"),
                               QStringLiteral("addButton"),
                               QStringLiteral("groupButton3"), // "1 up", the summary line
                               QStringLiteral("sidebarFilter"),
                               QStringLiteral("endpointOrder"),
                               QStringLiteral("endpointList"),
                               QStringLiteral("addEndpointButton"),
                               QStringLiteral("removeEndpointButton"),
                               QStringLiteral("moveUpButton"),
                               QStringLiteral("moveDownButton"),
                               QStringLiteral("startStopButton"),
                               QStringLiteral("settingsButton"),
                               QStringLiteral("retryNowButton"),
                               QStringLiteral("bannerScroll"),
                               QStringLiteral("bannerDetailToggle"), // "Show details", once there is a result
                               QStringLiteral("qt_tabwidget_tabbar"),
                               page};
    QVERIFY2(order.mid(0, expected.size()) == expected, qPrintable(said));
    QVERIFY2(order.last() == QLatin1String("urlEdit") && order.size() > expected.size(), qPrintable(said));
}

// A row reads as what the eye sees: the name, the state, the uptime and the last checks in words
// (the strip of bars was drawn only).
void TestAccessibility::sidebarRowsSayTheirUptimeAndLastChecks()
{
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    EndpointConfig config = checkedOnceAMinute(m_server.refusedUrl());
    config.settings.retries = 0;
    endpoints.add(config);
    MainWindow window(&endpoints, &log, nullptr);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY_WITH_TIMEOUT(endpoints.at(0)->lastResult().has_value(), 10000);
    auto *list = window.findChild<QAbstractItemView *>(QStringLiteral("endpointList"));
    QVERIFY(list);
    const QString said = list->model()->index(0, 0).data(Qt::AccessibleTextRole).toString();
    QVERIFY2(said.startsWith(QLatin1String("api. ")), qPrintable(said));
    QVERIFY2(said.contains(QLatin1String("Uptime over the last 24 hours: 0 %.")), qPrintable(said));
    QVERIFY2(said.endsWith(QLatin1String("Last checks: 0 ok, 0 slow, 1 failed.")), qPrintable(said));
    // And the accessibility tree says it for the row.
    QAccessibleInterface *listNode = QAccessible::queryAccessibleInterface(list);
    QVERIFY(listNode);
    bool found = false;
    for (int i = 0; i < listNode->childCount() && !found; ++i)
        found = listNode->child(i)->text(QAccessible::Name) == said;
    QVERIFY2(found, "no row of the list is named with its accessible text");
}

QTEST_MAIN(TestAccessibility)
#include "TestAccessibility.moc"
