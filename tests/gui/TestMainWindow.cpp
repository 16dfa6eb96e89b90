// The first window, offscreen: invalid URL explained in place, outcomes in words, Start/Stop.
#include "FaultServer.h"
#include "MainWindow.h"
#include "ProbeEngine.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace NetPulse;
using NetPulse::Testing::FaultServer;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void invalidUrlIsExplainedInPlace();
    void showsOutcomeInWords_data();
    void showsOutcomeInWords();

private:
    template<typename T>
    T *child(MainWindow &window, const char *name)
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
    MainWindow window(&engine);
    window.show();
    auto *url = child<QLineEdit>(window, "urlEdit");
    auto *error = child<QLabel>(window, "urlErrorLabel");
    auto *button = child<QPushButton>(window, "startStopButton");
    QTest::keyClicks(url, QStringLiteral("ftp://127.0.0.1/"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QLatin1String("unsupported scheme")), qPrintable(error->text()));
    QVERIFY(!button->isEnabled());
    const int connections = m_server.connectionsAccepted();
    QTest::keyClick(url, Qt::Key_Return); // nothing is sent
    QCOMPARE(m_server.connectionsAccepted(), connections);

    url->clear();
    QTest::keyClicks(url, m_server.url(QStringLiteral("/ok")).toString());
    QVERIFY(!error->isVisible());
    QVERIFY(button->isEnabled());
}

void TestMainWindow::showsOutcomeInWords_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("action");
    QTest::newRow("ok") << m_server.url(QStringLiteral("/ok")) << "OK"
                        << "";
    QTest::newRow("refused") << m_server.refusedUrl() << "Connection refused"
                             << "Is the server running";
    QTest::newRow("503") << m_server.url(QStringLiteral("/status/503")) << "Server error"
                         << "body and logs";
    QTest::newRow("garbage") << m_server.url(QStringLiteral("/garbage")) << "Not HTTP"
                             << "right port";
}

void TestMainWindow::showsOutcomeInWords()
{
    QFETCH(QUrl, url);
    QFETCH(QString, title);
    QFETCH(QString, action);
    ProbeEngine engine;
    MainWindow window(&engine);
    window.show();
    window.setUrlText(url.toString());
    auto *button = child<QPushButton>(window, "startStopButton");
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(window, "outcomeTitle")->text(), title, 10000);
    QVERIFY(child<QLabel>(window, "outcomeAction")->text().contains(action));
    QVERIFY(child<QLineEdit>(window, "urlEdit")->isReadOnly());
    QCOMPARE(button->text(), QStringLiteral("&Stop"));
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(window, "stateLabel")->text(), QStringLiteral("Stopped."), 10000);
    QCOMPARE(button->text(), QStringLiteral("&Start"));
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
