// The first window, offscreen: invalid URL explained in place, outcomes in words, Start/Stop.
#include "FaultServer.h"
#include "MainWindow.h"
#include "ProbeEngine.h"
#include "ResponseCache.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
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
    void cachedDataShownAtOnceWithItsAge();
    void retryNowProbesOnceAndIsDisabledInFlight();

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

void TestMainWindow::cachedDataShownAtOnceWithItsAge()
{
    QTemporaryDir dir;
    ResponseCache cache(dir.path());
    ProbeEngine engine;
    engine.setCache(&cache);
    const QUrl url = m_server.refusedUrl();
    ProbeOptions options;
    options.url = url;
    CacheEntry entry;
    entry.url = url.toString();
    entry.method = "GET";
    entry.status = 200;
    entry.fetchedAt = QDateTime::currentDateTimeUtc().addSecs(-300);
    entry.body = "{\"from\":\"the previous run\"}";
    QVERIFY(cache.put(ResponseCache::keyFor(options), entry));

    MainWindow window(&engine);
    window.show();
    window.setUrlText(url.toString());
    window.startWatching();
    auto *ribbon = child<QLabel>(window, "cachedRibbon");
    auto *data = child<QPlainTextEdit>(window, "dataView");
    // There before any check has answered.
    QVERIFY(ribbon->isVisible());
    QVERIFY(data->toPlainText().contains(QLatin1String("the previous run")));
    QVERIFY2(ribbon->text().contains(QLatin1String("5 min ago")), qPrintable(ribbon->text()));
    // The check fails: still shown, now saying why.
    QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(window, "outcomeTitle")->text(), QStringLiteral("Connection refused"),
                              10000);
    QVERIFY(ribbon->isVisible());
    QVERIFY2(ribbon->text().contains(QLatin1String("connection refused")), qPrintable(ribbon->text()));
    QVERIFY(data->toPlainText().contains(QLatin1String("the previous run")));
    window.stopWatching();
}

void TestMainWindow::retryNowProbesOnceAndIsDisabledInFlight()
{
    ProbeEngine engine;
    MainWindow window(&engine);
    window.show();
    window.setUrlText(m_server.url(QStringLiteral("/delay/400")).toString());
    auto *retry = child<QPushButton>(window, "retryNowButton");
    QVERIFY(!retry->isEnabled()); // nothing to retry before watching
    const int before = m_server.connectionsAccepted();
    window.startWatching();
    QTRY_COMPARE_WITH_TIMEOUT(m_server.connectionsAccepted(), before + 1, 5000);
    QVERIFY(!retry->isEnabled()); // in flight
    QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(window, "outcomeTitle")->text(), QStringLiteral("OK"), 10000);
    QTRY_VERIFY(retry->isEnabled());
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.connectionsAccepted(), before + 2, 5000);
    QVERIFY(!retry->isEnabled());
    QTest::mouseClick(retry, Qt::LeftButton); // ignored while in flight
    QTRY_VERIFY_WITH_TIMEOUT(retry->isEnabled(), 10000);
    QCOMPARE(m_server.connectionsAccepted(), before + 2);
    window.stopWatching();
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
