// The endpoint list through QSettings: round trip, bad values named and replaced, nothing lost.
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "endpoints/EndpointStore.h"

using namespace NetPulse;

class TestEndpointStore : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip();
    void badValuesAreNamedAndReplaced();
    void demoEndpointsAreNotSaved();
};

void TestEndpointStore::roundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("netpulse.ini"));
    EndpointConfig a;
    a.name = QStringLiteral("API");
    a.settings.probe.url = QUrl(QStringLiteral("https://api.test/health?x=1"));
    a.settings.probe.method = "HEAD";
    a.settings.probe.headers = {{"Accept", "application/json"}};
    a.settings.probe.insecure = true;
    a.settings.intervalMs = 7000;
    a.settings.retries = 5;
    a.settings.backoff = {250, 1.5, 9000, JitterMode::Decorrelated};
    a.settings.downIntervalMs = 45000;
    a.settings.slowThresholdMs = 800;
    a.settings.allowRetryNonIdempotent = true;
    a.settings.probe.checks.statuses = {{200, 204}};
    a.settings.probe.checks.jsonPath = QStringLiteral("/status");
    a.settings.probe.checks.jsonEquals = QStringLiteral("UP");
    a.settings.probe.checks.headerName = "Content-Type";
    a.settings.probe.checks.headerEquals = QStringLiteral("application/json");
    a.settings.probe.checks.maxMs = 900;
    a.watching = false;
    a.report = false;
    EndpointConfig b;
    b.settings.probe.url = QUrl(QStringLiteral("http://127.0.0.1:8080/"));
    {
        QSettings settings(path, QSettings::IniFormat);
        EndpointStore::save(settings, {a, b});
    }
    QSettings settings(path, QSettings::IniFormat);
    QStringList problems;
    const QList<EndpointConfig> loaded = EndpointStore::load(settings, &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QCOMPARE(loaded.size(), 2);
    const EndpointConfig &x = loaded.at(0);
    QCOMPARE(x.id, a.id);
    QCOMPARE(x.name, a.name);
    QCOMPARE(x.settings.probe.url, a.settings.probe.url);
    QCOMPARE(x.settings.probe.method, QByteArray("HEAD"));
    QCOMPARE(x.settings.probe.headers, a.settings.probe.headers);
    QVERIFY(x.settings.probe.insecure);
    QCOMPARE(x.settings.intervalMs, 7000);
    QCOMPARE(x.settings.retries, 5);
    QCOMPARE(x.settings.backoff.initialMs, qint64(250));
    QCOMPARE(x.settings.backoff.multiplier, 1.5);
    QCOMPARE(x.settings.backoff.capMs, qint64(9000));
    QCOMPARE(x.settings.backoff.jitter, JitterMode::Decorrelated);
    QCOMPARE(x.settings.downIntervalMs, 45000);
    QCOMPARE(x.settings.slowThresholdMs, 800);
    QVERIFY(x.settings.allowRetryNonIdempotent);
    QVERIFY(!x.watching);
    QVERIFY(!x.report);
    QVERIFY(x.settings.probe.checks == a.settings.probe.checks); // the response checks too
    QVERIFY(loaded.at(1).settings.probe.checks.isEmpty());
    QCOMPARE(loaded.at(1).id, b.id); // order kept
}

void TestEndpointStore::badValuesAreNamedAndReplaced()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("bad.ini")), QSettings::IniFormat);
    settings.beginWriteArray(QStringLiteral("endpoints"), 3);
    settings.setArrayIndex(0);
    settings.setValue(QStringLiteral("name"), QStringLiteral("zero timeout"));
    settings.setValue(QStringLiteral("url"), QStringLiteral("http://127.0.0.1/"));
    settings.setValue(QStringLiteral("timeout_ms"), 0);
    settings.setValue(QStringLiteral("retries"), QStringLiteral("lots"));
    settings.setValue(QStringLiteral("jitter"), QStringLiteral("chaos"));
    settings.setValue(QStringLiteral("headers"), QStringList{QStringLiteral("no colon here")});
    settings.setArrayIndex(1);
    settings.setValue(QStringLiteral("name"), QStringLiteral("broken url"));
    settings.setValue(QStringLiteral("url"), QStringLiteral("ftp://x/"));
    settings.setArrayIndex(2);
    settings.setValue(QStringLiteral("name"), QStringLiteral("fine"));
    settings.setValue(QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/"));
    settings.endArray();
    QStringList problems;
    const QList<EndpointConfig> loaded = EndpointStore::load(settings, &problems);
    QCOMPARE(loaded.size(), 2); // the unusable URL is skipped, with a reason; the rest loads
    QCOMPARE(loaded.at(0).settings.probe.inactivityTimeoutMs, ProbeOptions().inactivityTimeoutMs);
    QCOMPARE(loaded.at(0).settings.retries, MonitorSettings().retries);
    QCOMPARE(loaded.at(1).name, QStringLiteral("fine"));
    const QString all = problems.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QLatin1String("endpoint 'zero timeout': timeout_ms '0' is not between 50")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("retries 'lots'")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("jitter 'chaos' is unknown")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("header dropped")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("endpoint 'broken url' skipped: unsupported scheme")), qPrintable(all));
}

void TestEndpointStore::demoEndpointsAreNotSaved()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("demo.ini")), QSettings::IniFormat);
    EndpointConfig demo;
    demo.demo = true;
    demo.settings.probe.url = QUrl(QStringLiteral("http://127.0.0.1:40000/ok"));
    EndpointConfig mine;
    mine.settings.probe.url = QUrl(QStringLiteral("http://127.0.0.1:8080/"));
    EndpointStore::save(settings, {demo, mine});
    QStringList problems;
    const QList<EndpointConfig> loaded = EndpointStore::load(settings, &problems);
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(loaded.first().id, mine.id);
}

QTEST_GUILESS_MAIN(TestEndpointStore)
#include "TestEndpointStore.moc"
