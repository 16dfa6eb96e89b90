#include <QTest>

#include "monitor/MonitorSettings.h"

using namespace NetPulse;

class TestMonitorSettings : public QObject
{
    Q_OBJECT

private slots:
    void validate_data();
    void validate();
};

void TestMonitorSettings::validate_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("mentions"); // empty: accepted
    QTest::newRow("defaults") << "" << 0.0 << "";
    QTest::newRow("interval 0") << "interval" << 0.0 << "interval (ms) must be between 100";
    QTest::newRow("negative retries") << "retries" << -1.0 << "retries must be between 0 and 100";
    QTest::newRow("absurd retries") << "retries" << 1e6 << "retries";
    QTest::newRow("zero retries is fine") << "retries" << 0.0 << "";
    QTest::newRow("backoff initial 0") << "initial" << 0.0 << "backoff initial (ms)";
    QTest::newRow("multiplier below 1") << "multiplier" << 0.5 << "backoff multiplier must be between 1 and 10";
    QTest::newRow("cap below initial") << "cap" << 10.0 << "must not be below backoff initial";
    QTest::newRow("down interval 0") << "down" << 0.0 << "down interval (ms)";
    QTest::newRow("slow 0") << "slow" << 0.0 << "slow threshold (ms)";
    QTest::newRow("timeout 0 (probe)") << "timeout" << 0.0 << "timeout (ms)";
}

void TestMonitorSettings::validate()
{
    QFETCH(QString, field);
    QFETCH(double, value);
    QFETCH(QString, mentions);
    MonitorSettings s;
    s.probe.url = QUrl(QStringLiteral("http://127.0.0.1:1/"));
    if (field == QLatin1String("interval"))
        s.intervalMs = int(value);
    else if (field == QLatin1String("retries"))
        s.retries = int(value);
    else if (field == QLatin1String("initial"))
        s.backoff.initialMs = qint64(value);
    else if (field == QLatin1String("multiplier"))
        s.backoff.multiplier = value;
    else if (field == QLatin1String("cap"))
        s.backoff.capMs = qint64(value);
    else if (field == QLatin1String("down"))
        s.downIntervalMs = int(value);
    else if (field == QLatin1String("slow"))
        s.slowThresholdMs = int(value);
    else if (field == QLatin1String("timeout"))
        s.probe.inactivityTimeoutMs = int(value);
    const QString problem = s.validate();
    if (mentions.isEmpty())
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    else
        QVERIFY2(problem.contains(mentions), qPrintable(problem));
}

QTEST_GUILESS_MAIN(TestMonitorSettings)
#include "TestMonitorSettings.moc"
