// What a screen reader and a keyboard-only user meet, read from Qt's accessibility tree (the one
// AT-SPI exposes): every interactive control of the main window (each tab) and of each dialog has a
// name, and Tab leaves every text box and table instead of staying inside it.
#include <QAccessible>
#include <QApplication>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTest>

#include "EndpointSettingsDialog.h"
#include "FaultServer.h"
#include "MainWindow.h"
#include "ReportSettingsDialog.h"

#include "endpoints/EndpointList.h"
#include "endpoints/EventLog.h"
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

QTEST_MAIN(TestAccessibility)
#include "TestAccessibility.moc"
