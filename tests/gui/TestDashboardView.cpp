// The dashboard reads its ranges from the history, so a restart shows yesterday; without a
// history it says so. Its "Elsewhere" row lists what the other vantage points said of the
// endpoint's URL, read from a loopback Prometheus, and says when nothing is read.
#include <QApplication>
#include <QCategoryAxis>
#include <QChartView>
#include <QComboBox>
#include <QDialog>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QXYSeries>

#include "DashboardView.h"
#include "FakePrometheus.h"
#include "FaultServer.h"
#include "Translations.h"

#include "base/Duration.h"
#include "endpoints/WatchedEndpoint.h"
#include "history/HistoryStore.h"
#include "probe/ProbeEngine.h"
#include "vantage/VantageReader.h"

using namespace NetPulse;

class TestDashboardView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { installTranslations(*QCoreApplication::instance()); }
    void longerRangesComeFromTheHistory();
    void withoutHistoryItSaysSo();
    void elsewhereListsTheOtherVantages();
    void kindsAreCountedInWords();
    void figuresFollowEachCheckAndTheOutageUnderWay();
    void longRangesDrawTheHistory();
};

void TestDashboardView::longerRangesComeFromTheHistory()
{
    HistoryStore history{QString()};
    EndpointConfig config;
    config.settings.probe.url = QUrl(QStringLiteral("http://127.0.0.1:9/"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 yesterday = now - 26 * 60 * 60 * 1000;
    ProbeResult ok;
    ok.kind = FailureKind::Ok;
    ok.timeline.finishedNs = 20 * 1000 * 1000;
    ProbeResult refused;
    refused.kind = FailureKind::ConnectionRefused;
    MonitorStatus up;
    up.state = MonitorState::Up;
    MonitorStatus down;
    down.state = MonitorState::Down;
    // Yesterday, in an earlier run: 3 good checks, then 5 minutes refused, then good again.
    for (int i = 0; i < 3; ++i)
        history.recordAttempt(config.id, ok, MonitorState::Up, yesterday + i * 1000);
    history.recordStateChange(config.id, down, yesterday + 10000);
    history.recordAttempt(config.id, refused, MonitorState::Down, yesterday + 10000);
    history.recordStateChange(config.id, up, yesterday + 310000);
    history.recordAttempt(config.id, ok, MonitorState::Up, yesterday + 310000);
    history.maintain(now); // as the app does hourly: older than a day is read from hourly rollups
    ProbeEngine engine;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr, &history}, config);
    const std::optional<HistorySummary> direct = endpoint.history(now - 7LL * 24 * 3600 * 1000, now);
    QVERIFY(direct.has_value());
    QCOMPARE(direct->checks, 5);
    QCOMPARE(direct->outages.size(), 1);
    DashboardView view;
    view.setEndpoint(&endpoint);
    view.show();
    auto *range = view.findChild<QComboBox *>(QStringLiteral("rangeCombo"));
    auto *figures = view.findChild<QLabel *>(QStringLiteral("rangeFigures"));
    auto *outages = view.findChild<QLabel *>(QStringLiteral("outagesList"));
    range->setCurrentIndex(range->findText(QStringLiteral("Last hour")));
    QCOMPARE(figures->text(), QStringLiteral("No checks in this range yet."));
    range->setCurrentIndex(range->findText(QStringLiteral("Last 7 days")));
    QVERIFY2(figures->text().startsWith(QLatin1String("80.0 % of 5 checks up")), qPrintable(figures->text()));
    QVERIFY2(outages->text().contains(QLatin1String("for 5 min")), qPrintable(outages->text()));
    QVERIFY2(outages->text().contains(QLatin1String("Connection refused")), qPrintable(outages->text()));
    // A day's axis begins and ends at the same hour: its labels carry the date (11:37 … 11:37 did not).
    auto *chart = view.findChild<QChartView *>();
    QVERIFY(chart);
    const auto axes = chart->chart()->axes(Qt::Horizontal);
    QCOMPARE(axes.size(), 1);
    auto *time = qobject_cast<QCategoryAxis *>(axes.constFirst());
    QVERIFY(time);
    range->setCurrentIndex(range->findText(QStringLiteral("Last 24 hours")));
    const QString today = QLocale().toString(QDate::currentDate(), QLocale::ShortFormat);
    QVERIFY2(time->categoriesLabels().join(QLatin1Char(' ')).contains(today),
             qPrintable(time->categoriesLabels().join(QLatin1String(" | "))));
    // Ticks at round times: every label's time is a whole step from midnight, local time.
    range->setCurrentIndex(range->findText(QStringLiteral("Last hour")));
    QVERIFY(time->count() >= 3);
    for (const QString &label : time->categoriesLabels()) {
        const qint64 at = qint64(time->endValue(label));
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(at).toLocalTime();
        QCOMPARE(local.time().second(), 0);
        QVERIFY2(local.time().minute() % 10 == 0, qPrintable(label)); // an hour: every 10 minutes
        QString hours = QLocale().timeFormat(QLocale::ShortFormat);
        hours.remove(QLatin1String(":ss"));
        QCOMPARE(label, QLocale().toString(local.time(), hours));
    }
}

void TestDashboardView::withoutHistoryItSaysSo()
{
    ProbeEngine engine;
    EndpointConfig config;
    config.settings.probe.url = QUrl(QStringLiteral("http://127.0.0.1:9/"));
    WatchedEndpoint endpoint({&engine, nullptr, nullptr, nullptr}, config);
    DashboardView view;
    view.setEndpoint(&endpoint);
    view.show();
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("rangeFigures"))->text().startsWith(QLatin1String("No history")));
}

void TestDashboardView::elsewhereListsTheOtherVantages()
{
    ProbeEngine engine;
    EndpointConfig config;
    config.settings.probe.url = QUrl(QStringLiteral("http://127.0.0.1:9/"));
    WatchedEndpoint endpoint({&engine, nullptr, nullptr}, config);
    EndpointConfig otherConfig;
    otherConfig.settings.probe.url = QUrl(QStringLiteral("http://127.0.0.1:10/"));
    WatchedEndpoint other({&engine, nullptr, nullptr}, otherConfig);
    DashboardView view;
    view.setEndpoint(&endpoint);
    auto *elsewhere = view.findChild<QLabel *>(QStringLiteral("elsewhereLabel"));
    QVERIFY(elsewhere);
    QVERIFY2(elsewhere->text().startsWith(QLatin1String("Not read")), qPrintable(elsewhere->text()));

    // Two vantages' verdicts from 2024: each named with its kind in words, and stale.
    FakePrometheus prometheus;
    QVERIFY(prometheus.listen(QHostAddress::LocalHost));
    QFile answer(QFINDTESTDATA("data/vantage/two-vantages.json"));
    QVERIFY(answer.open(QIODevice::ReadOnly));
    prometheus.answerBody = answer.readAll();
    VantageReader reader(QStringLiteral("laptop"));
    view.setVantageReader(&reader);
    VantageSource source;
    source.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(prometheus.serverPort()));
    source.refreshS = 3600;
    reader.setSource(source);
    QTRY_VERIFY_WITH_TIMEOUT(elsewhere->text().contains(QLatin1String("eu-1: ")), 10000);
    const QStringList lines = elsewhere->text().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(0).startsWith(QLatin1String("ci: ")), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).startsWith(QLatin1String("eu-1: Connection refused, ")), qPrintable(lines.at(1)));
    for (const QString &line : lines)
        QVERIFY2(line.endsWith(QLatin1String("ago (stale: not counted)")), qPrintable(line));

    // A fresh verdict from eu-1, 3 s old, checking every 10 s: counted, so not marked stale.
    const double checked = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0 - 3;
    prometheus.answerBody =
        QStringLiteral("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                       "{\"metric\":{\"endpoint\":\"api\",\"url\":\"http://127.0.0.1:9/\",\"vantage\":\"eu-1\","
                       "\"kind\":\"connection_refused\"},\"value\":[%1,\"%1\"]},"
                       "{\"metric\":{\"endpoint\":\"api\",\"url\":\"http://127.0.0.1:9/\",\"vantage\":\"eu-1\""
                       "},\"value\":[%1,\"10\"]}]}}")
            .arg(checked, 0, 'f', 3)
            .toUtf8();
    reader.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(!elsewhere->text().contains(QLatin1String("stale")), 10000);
    static const QRegularExpression fresh(QStringLiteral("^eu-1: Connection refused, \\d+ s ago$"));
    QVERIFY2(fresh.match(elsewhere->text()).hasMatch(), qPrintable(elsewhere->text()));

    // Another endpoint, watched by nobody else: said so, not another's readings.
    view.setEndpoint(&other);
    QCOMPARE(elsewhere->text(), QStringLiteral("No other vantage point watches this URL"));
    // Prometheus gone (nothing listens on its port now): not known, and why.
    prometheus.close();
    reader.setSource(source);
    QTRY_VERIFY_WITH_TIMEOUT(elsewhere->text().startsWith(QLatin1String("Not known: Prometheus at")), 10000);
}

// The counts by kind read as the banner and the log do ("Connection refused"); the name exports and
// metrics carry is the tooltip (connection_refused beside friendly titles was two names for one
// failure).
void TestDashboardView::kindsAreCountedInWords()
{
    NetPulse::Demo::FaultServer server;
    QVERIFY(server.start());
    ProbeEngine engine;
    EndpointConfig config;
    config.settings.probe.url = server.refusedUrl();
    config.settings.intervalMs = 60000;
    config.settings.retries = 0;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr, nullptr}, config);
    DashboardView view;
    view.setEndpoint(&endpoint);
    view.show();
    endpoint.start();
    auto *counts = view.findChild<QTableWidget *>(QStringLiteral("kindCounts"));
    QVERIFY(counts);
    QTRY_COMPARE_WITH_TIMEOUT(counts->rowCount(), 1, 10000);
    QCOMPARE(counts->item(0, 0)->text(), QStringLiteral("Connection refused"));
    QCOMPARE(counts->item(0, 0)->toolTip(), QStringLiteral("connection_refused"));
    QCOMPARE(counts->item(0, 1)->text(), QStringLiteral("1"));
    endpoint.stop();
}

// One number per question, and the same one the sidebar shows: the range's uptime moves with
// each check (it waited for the next history read, up to 10 s), and the outage under way starts
// at the episode's first failure and grows with the clock (it stayed as long as the history had
// it at the last read: "for 1.3 s (ongoing)" beside "Down for 12 s").
void TestDashboardView::figuresFollowEachCheckAndTheOutageUnderWay()
{
    NetPulse::Demo::FaultServer server;
    QVERIFY(server.start());
    HistoryStore history{QString()};
    ProbeEngine engine;
    EndpointConfig config;
    config.settings.probe.url = server.refusedUrl();
    config.settings.retries = 0;             // down at the first refusal
    config.settings.downIntervalMs = 600000; // and no check after it: only the clock moves
    config.settings.recoveryWatch = false;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr, &history}, config);
    DashboardView view;
    view.setEndpoint(&endpoint);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto *figures = view.findChild<QLabel *>(QStringLiteral("rangeFigures"));
    auto *outages = view.findChild<QLabel *>(QStringLiteral("outagesList"));
    QCOMPARE(figures->text(), QStringLiteral("No checks in this range yet."));
    endpoint.start();
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.settledState(), MonitorState::Down, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(figures->text(), QStringLiteral("0 % of 1 check up"), 10000);
    const QDateTime since = endpoint.failingSince();
    QVERIFY(since.isValid());
    QTRY_VERIFY2_WITH_TIMEOUT(outages->text().contains(QStringLiteral("(ongoing) · Connection refused")),
                              qPrintable(outages->text()), 10000);
    QVERIFY2(outages->text().startsWith(QLocale().toString(since.toLocalTime(), QLocale::ShortFormat)),
             qPrintable(outages->text()));
    const QString earlier = outages->text();
    QTRY_VERIFY_WITH_TIMEOUT(outages->text() != earlier, 10000); // a second later, a second longer
    QCOMPARE(endpoint.stats().sessionAttempts(), 1);             // with no check in between
    // Stopped, nothing is under way any more: the outage ends at the last check, as the sidebar
    // says "Stopped" (it went on growing, "(ongoing)", beside it).
    endpoint.stop();
    QTRY_VERIFY2_WITH_TIMEOUT(!outages->text().contains(QLatin1String("(ongoing)")), qPrintable(outages->text()), 5000);
    QVERIFY2(outages->text().contains(QStringLiteral("· Connection refused")), qPrintable(outages->text()));
}

// The day's and the week's charts draw the checks the history kept (before a restart, or before
// the session's samples begin): the 24-hour chart showed no latency line.
void TestDashboardView::longRangesDrawTheHistory()
{
    HistoryStore history{QString()};
    EndpointConfig config;
    config.settings.probe.url = QUrl(QStringLiteral("http://127.0.0.1:9/"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    constexpr qint64 kHourMs = 3600 * 1000;
    ProbeResult ok;
    ok.kind = FailureKind::Ok;
    ProbeResult refused;
    refused.kind = FailureKind::ConnectionRefused;
    for (int hour = 60; hour >= 2; --hour) { // every hour for the last 2.5 days, refused 5 hours ago
        ProbeResult &result = hour == 5 ? refused : ok;
        result.timeline.finishedNs = qint64(20 + hour) * 1000 * 1000;
        history.recordAttempt(config.id, result, hour == 5 ? MonitorState::Down : MonitorState::Up,
                              now - hour * kHourMs);
    }
    ProbeEngine engine;
    WatchedEndpoint endpoint({&engine, nullptr, nullptr, &history}, config);
    DashboardView view;
    view.setEndpoint(&endpoint);
    view.show();
    auto *range = view.findChild<QComboBox *>(QStringLiteral("rangeCombo"));
    auto *chart = view.findChild<QChartView *>()->chart();
    auto drawn = [chart](const QString &name) {
        int points = 0;
        for (QAbstractSeries *series : chart->series()) {
            if (auto *xy = qobject_cast<QXYSeries *>(series); xy && xy->name() == name)
                points += int(xy->count());
        }
        return points;
    };
    range->setCurrentIndex(range->findText(QStringLiteral("Last 24 hours")));
    QCOMPARE(drawn(QStringLiteral("Latency (ok)")), 21); // hours 23 … 2, but 5
    QCOMPARE(drawn(QStringLiteral("Failed below HTTP")), 1);
    history.maintain(now); // older than a day: hourly rollups
    range->setCurrentIndex(range->findText(QStringLiteral("Last 7 days")));
    QCOMPARE(drawn(QStringLiteral("Latency (ok)")), 58);
    range->setCurrentIndex(range->findText(QStringLiteral("Last 15 minutes")));
    QCOMPARE(drawn(QStringLiteral("Latency (ok)")), 0);
    // The chart's text equivalent: its columns as a table, from a button the keyboard reaches.
    range->setCurrentIndex(range->findText(QStringLiteral("Last 24 hours")));
    QVERIFY2(view.findChild<QChartView *>()->accessibleDescription().contains(QLatin1String("failures in 1 of 22")),
             qPrintable(view.findChild<QChartView *>()->accessibleDescription()));
    int rows = -1;
    QString failedCell;
    QTimer::singleShot(0, &view, [&] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        auto *table = dialog ? dialog->findChild<QTableWidget *>(QStringLiteral("chartTable")) : nullptr;
        if (table) {
            rows = table->rowCount();
            for (int row = 0; row < rows; ++row) {
                if (table->item(row, 2)->text() != QLatin1String("no"))
                    failedCell = table->item(row, 2)->text();
            }
        }
        if (dialog)
            dialog->reject();
    });
    QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("chartTableButton")), Qt::LeftButton);
    QCOMPARE(rows, 22);
    QCOMPARE(failedCell, QStringLiteral("below HTTP"));
}

QTEST_MAIN(TestDashboardView)
#include "TestDashboardView.moc"
