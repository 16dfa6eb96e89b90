// What a screen reader and a keyboard-only user meet, read from Qt's accessibility tree (the one
// AT-SPI exposes): every interactive control of the main window (each tab) and of each dialog has a
// name, and Tab leaves every text box and table instead of staying inside it.
#include <QAccessible>
#include <QApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

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

} // namespace

void TestAccessibility::initTestCase()
{
    QVERIFY(m_server.start());
}

void TestAccessibility::everyControlOfTheMainWindowIsNamed_data()
{
    QTest::addColumn<int>("tab");
    QTest::newRow("Data") << 0;
    QTest::newRow("Dashboard") << 1;
    QTest::newRow("Event log") << 2;
}

void TestAccessibility::everyControlOfTheMainWindowIsNamed()
{
    QFETCH(int, tab);
    ProbeEngine engine;
    EventLog log;
    EndpointList endpoints({&engine, nullptr, &log});
    EndpointConfig config;
    config.name = QStringLiteral("api");
    config.settings.probe.url = m_server.url(QStringLiteral("/ok"));
    config.settings.intervalMs = 60000;
    endpoints.add(config);
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

QTEST_MAIN(TestAccessibility)
#include "TestAccessibility.moc"
