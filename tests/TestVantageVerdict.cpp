// Is it just me? The verdict of this machine's check against what the other vantage points last
// said (docs/vantage.md): stale and offline vantages are shown but never counted, and Prometheus'
// answer is read by URL and vantage, the newest verdict standing for a vantage.
#include <QFile>
#include <QTest>

#include "vantage/ElsewhereReading.h"
#include "vantage/VantageReader.h"

using namespace NetPulse;

class TestVantageVerdict : public QObject
{
    Q_OBJECT

private slots:
    void verdicts_data();
    void verdicts();
    void wordsNameTheVantages();
    void prometheusAnswersAreRead();
    void badAnswersAreSaid_data();
    void badAnswersAreSaid();
    void theQueryLeavesThisVantageOut();
    void scrapeIntervalsAreRead();
};

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 12, 6), QTime(12, 0), Qt::UTC);

ElsewhereReading reading(const char *vantage, const char *kind, int ageS, double intervalS = 10)
{
    ElsewhereReading r;
    r.vantage = QString::fromLatin1(vantage);
    r.kind = QString::fromLatin1(kind);
    r.checkedAt = kNow.addSecs(-ageS);
    r.intervalS = intervalS;
    return r;
}

} // namespace

void TestVantageVerdict::verdicts_data()
{
    QTest::addColumn<int>("here"); // 1 ok, 0 failing, -1 no verdict yet
    QTest::addColumn<QList<ElsewhereReading>>("others");
    QTest::addColumn<QString>("verdict");
    const QList<ElsewhereReading> okFresh{reading("eu-1", "ok", 5)};
    const QList<ElsewhereReading> refusedFresh{reading("eu-1", "connection_refused", 5)};
    QTest::newRow("nobody else") << 0 << QList<ElsewhereReading>{} << QString();
    QTest::newRow("only here") << 0 << okFresh << QStringLiteral("only_here");
    QTest::newRow("everywhere") << 0 << refusedFresh << QStringLiteral("everywhere");
    QTest::newRow("elsewhere") << 1 << refusedFresh << QStringLiteral("elsewhere");
    QTest::newRow("all ok") << 1 << okFresh << QStringLiteral("all_ok");
    QTest::newRow("no verdict here yet") << -1 << okFresh << QString();
    // One other answers: enough to say the service is up.
    QTest::newRow("one of two answers") << 0
                                        << QList<ElsewhereReading>{reading("eu-1", "connection_refused", 5),
                                                                   reading("us-1", "ok", 5)}
                                        << QStringLiteral("only_here");
    // Stale: two checks missed, beyond the scrape and refresh a verdict takes to be seen
    // (2 × 10 s + 15 s + 15 s).
    QTest::newRow("stale is not counted") << 0 << QList<ElsewhereReading>{reading("eu-1", "ok", 51)} << QString();
    QTest::newRow("fresh until two checks are missed")
        << 0 << QList<ElsewhereReading>{reading("eu-1", "ok", 49)} << QStringLiteral("only_here");
    QTest::newRow("a long interval") << 0 << QList<ElsewhereReading>{reading("eu-1", "ok", 140, 60)}
                                     << QStringLiteral("only_here");
    QTest::newRow("stopped there") << 0 << QList<ElsewhereReading>{reading("eu-1", "ok", 1, 0)} << QString();
    // A vantage that is offline itself says nothing about the service.
    QTest::newRow("offline there") << 0 << QList<ElsewhereReading>{reading("eu-1", "offline", 1)} << QString();
    QTest::newRow("offline there, another fails")
        << 0 << QList<ElsewhereReading>{reading("eu-1", "offline", 1), reading("us-1", "connect_timeout", 3)}
        << QStringLiteral("everywhere");
}

void TestVantageVerdict::verdicts()
{
    QFETCH(int, here);
    QFETCH(QList<ElsewhereReading>, others);
    QFETCH(QString, verdict);
    const std::optional<bool> hereOk = here < 0 ? std::nullopt : std::optional<bool>(here == 1);
    QCOMPARE(vantageVerdictName(vantageVerdict(hereOk, others, kNow)), verdict);
}

void TestVantageVerdict::wordsNameTheVantages()
{
    const QList<ElsewhereReading> others{reading("ci-runner", "ok", 12), reading("eu-1", "ok", 20),
                                         reading("old", "ok", 3600), reading("us-1", "connection_refused", 4)};
    QCOMPARE(vantageVerdictWords(VantageVerdict::OnlyHere, QStringLiteral("Connection refused"), others, kNow),
             QStringLiteral("Connection refused from here, but answering from ci-runner and eu-1 (12 s ago): the "
                            "service is up; look at this machine's network, VPN, firewall or DNS."));
    QCOMPARE(vantageVerdictWords(VantageVerdict::Everywhere, QStringLiteral("No answer"),
                                 {reading("eu-1", "response_timeout", 7)}, kNow),
             QStringLiteral("No answer from here, and failing from eu-1 (7 s ago) too: the service is down for every "
                            "vantage point watching it, not only here."));
    QCOMPARE(vantageVerdictWords(VantageVerdict::Elsewhere, QString(), others, kNow),
             QStringLiteral("Answering here, but failing from us-1 (4 s ago): people on that side of the network may "
                            "not reach it."));
    QVERIFY(vantageVerdictWords(VantageVerdict::AllOk, QString(), others, kNow).isEmpty());
    QVERIFY(vantageVerdictWords(VantageVerdict::None, QString(), others, kNow).isEmpty());
}

void TestVantageVerdict::prometheusAnswersAreRead()
{
    // Shaped as Prometheus 2.42 (Debian 12) answers query(): one vantage watches the URL under two
    // names, and its verdict changed kind (the old kind's series is older).
    QFile file(QFINDTESTDATA("data/vantage/two-vantages.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString problem;
    const QHash<QString, QList<ElsewhereReading>> readings = VantageReader::readAnswer(file.readAll(), &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(readings.size(), 1); // a URL with only an interval, and a series without a URL, say nothing
    const QList<ElsewhereReading> api = readings.value(QStringLiteral("http://127.0.0.1:9/"));
    QCOMPARE(api.size(), 2);
    QCOMPARE(api.at(0).vantage, QStringLiteral("ci"));
    QCOMPARE(api.at(0).kind, QStringLiteral("ok"));
    QCOMPARE(api.at(0).intervalS, 5.0);
    QCOMPARE(api.at(1).vantage, QStringLiteral("eu-1"));
    QCOMPARE(api.at(1).kind, QStringLiteral("connection_refused")); // the newest of its verdicts
    QCOMPARE(api.at(1).intervalS, 10.0);
    QCOMPARE(api.at(1).checkedAt, QDateTime::fromMSecsSinceEpoch(1733486390500, Qt::UTC));
}

void TestVantageVerdict::badAnswersAreSaid_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QString>("problem");
    QTest::newRow("not JSON") << QByteArray("<html>502</html>") << QStringLiteral("the answer is not Prometheus' JSON");
    QTest::newRow("an error") << QByteArray(
                                     "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}")
                              << QStringLiteral("the query failed: parse error");
    QTest::newRow("a matrix") << QByteArray(
                                     "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}")
                              << QStringLiteral("the answer is not a vector of samples");
    QTest::newRow("empty") << QByteArray("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}")
                           << QString();
}

void TestVantageVerdict::badAnswersAreSaid()
{
    QFETCH(QByteArray, answer);
    QFETCH(QString, problem);
    QString said;
    QVERIFY(VantageReader::readAnswer(answer, &said).isEmpty());
    QCOMPARE(said, problem);
}

void TestVantageVerdict::theQueryLeavesThisVantageOut()
{
    const QString query = VantageReader::query(QStringLiteral("lab \"2\""));
    QVERIFY2(query.contains(QStringLiteral("vantage!=\"lab \\\"2\\\"\"")), qPrintable(query));
    QVERIFY(query.contains(QStringLiteral("netpulse_probe_verdict_timestamp_seconds")));
    QVERIFY(query.contains(QStringLiteral("netpulse_probe_interval_seconds")));
}

// A verdict is seen only once scraped and read: a vantage scraped every minute is given that
// minute; the targets say each one's interval.
void TestVantageVerdict::scrapeIntervalsAreRead()
{
    QCOMPARE(VantageReader::goDurationS(QStringLiteral("15s")), 15.0);
    QCOMPARE(VantageReader::goDurationS(QStringLiteral("1m30s")), 90.0);
    QCOMPARE(VantageReader::goDurationS(QStringLiteral("500ms")), 0.5);
    QCOMPARE(VantageReader::goDurationS(QStringLiteral("1h")), 3600.0);
    QCOMPARE(VantageReader::goDurationS(QStringLiteral("15 s")), 0.0);
    QCOMPARE(VantageReader::goDurationS(QString()), 0.0);
    const QHash<QString, double> intervals = VantageReader::readTargets(
        "{\"status\":\"success\",\"data\":{\"activeTargets\":[{\"labels\":{\"instance\":\"10.0.0.5:9464\","
        "\"job\":\"netpulse\"},\"scrapeInterval\":\"1m\",\"health\":\"up\"},{\"labels\":{\"instance\":"
        "\"b:1\"},\"scrapeInterval\":\"bad\"}]}}");
    QCOMPARE(intervals.size(), 1);
    QCOMPARE(intervals.value(QStringLiteral("10.0.0.5:9464")), 60.0);
    ElsewhereReading scrapedSlowly = reading("eu-1", "ok", 90, 10);
    QVERIFY(!scrapedSlowly.isFresh(kNow));
    scrapedSlowly.allowanceS = 60 + 15; // scraped every minute, read every 15 s
    QVERIFY(scrapedSlowly.isFresh(kNow));
}

QTEST_GUILESS_MAIN(TestVantageVerdict)
#include "TestVantageVerdict.moc"
