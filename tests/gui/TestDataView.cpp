// The Data tab offscreen: each endpoint's own data or a plain "no data", the failing response
// itself, the cached ribbon, and the body pretty-printer.
#include <QLabel>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>

#include "DataView.h"
#include "FaultServer.h"

#include "cache/ResponseCache.h"
#include "endpoints/WatchedEndpoint.h"
#include "probe/ProbeEngine.h"

using namespace NetPulse;
using NetPulse::Demo::FaultServer;

class TestDataView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void prettyBody_data();
    void prettyBody();
    void eachEndpointShowsItsOwnData();
    void failingResponseIsShown();

private:
    EndpointConfig config(const QUrl &url) const;
    QPlainTextEdit *body(DataView &view) { return view.findChild<QPlainTextEdit *>(QStringLiteral("dataView")); }

    FaultServer m_server;
};

void TestDataView::initTestCase()
{
    QVERIFY(m_server.start());
}

EndpointConfig TestDataView::config(const QUrl &url) const
{
    EndpointConfig c;
    c.settings.probe.url = url;
    c.settings.intervalMs = 60000;
    c.settings.retries = 0;
    c.settings.downIntervalMs = 60000;
    return c;
}

void TestDataView::prettyBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("contains");
    QTest::newRow("json is indented") << QByteArray("{\"status\":\"ok\"}") << QStringLiteral("    \"status\": \"ok\"");
    QTest::newRow("text as is") << QByteArray("plain words") << QStringLiteral("plain words");
    QTest::newRow("large is cut and says so") << QByteArray(300 * 1024, 'x') << QStringLiteral("more bytes not shown");
}

void TestDataView::prettyBody()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, contains);
    QVERIFY(DataView::prettyBody(body).contains(contains));
}

void TestDataView::eachEndpointShowsItsOwnData()
{
    QTemporaryDir dir;
    ResponseCache cache(dir.path());
    ProbeEngine engine;
    WatchedEndpoint healthy({&engine, &cache, nullptr}, config(m_server.url(QStringLiteral("/ok"))));
    WatchedEndpoint refused({&engine, &cache, nullptr}, config(m_server.refusedUrl()));
    WatchedEndpoint garbage({&engine, &cache, nullptr}, config(m_server.url(QStringLiteral("/garbage"))));
    for (WatchedEndpoint *endpoint : {&healthy, &refused, &garbage})
        endpoint->start();
    DataView view;
    view.show();
    view.setEndpoint(&healthy);
    QTRY_VERIFY_WITH_TIMEOUT(body(view)->toPlainText().contains(QLatin1String("\"status\": \"ok\"")), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(refused.lastResult().has_value() && garbage.lastResult().has_value(), 10000);
    // Another endpoint that never answered well has no data of its own: it says so, and shows no
    // one else's.
    for (WatchedEndpoint *failing : {&refused, &garbage}) {
        view.setEndpoint(failing);
        QCOMPARE(body(view)->toPlainText(), QString());
        QVERIFY2(body(view)->placeholderText().contains(QLatin1String("No data: the last check failed")),
                 qPrintable(body(view)->placeholderText()));
        QVERIFY(!view.findChild<QLabel *>(QStringLiteral("cachedRibbon"))->isVisible());
    }
    view.setEndpoint(&healthy);
    QVERIFY(body(view)->toPlainText().contains(QLatin1String("\"status\": \"ok\"")));
    view.setEndpoint(nullptr);
    QCOMPARE(body(view)->toPlainText(), QString());
}

void TestDataView::failingResponseIsShown()
{
    ProbeEngine engine;
    WatchedEndpoint failing({&engine, nullptr, nullptr}, config(m_server.url(QStringLiteral("/status/503"))));
    DataView view;
    view.show();
    view.setEndpoint(&failing);
    failing.start();
    auto *label = view.findChild<QLabel *>(QStringLiteral("errorResponseLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(label->isVisible(), 5000);
    QVERIFY2(label->text().contains(QLatin1String("HTTP 503")), qPrintable(label->text()));
    const QString response = view.findChild<QPlainTextEdit *>(QStringLiteral("errorResponseView"))->toPlainText();
    QVERIFY2(response.contains(QLatin1String("Content-Type"), Qt::CaseInsensitive), qPrintable(response));
}

QTEST_MAIN(TestDataView)
#include "TestDataView.moc"
