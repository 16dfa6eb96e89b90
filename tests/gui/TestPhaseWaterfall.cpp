// The last request's waterfall: the phases add up to the total, and a phase without a duration
// says why (not used, part of TLS, not measured, no headers), never a bare "not reached" for
// something that did happen.
#include <QTest>

#include "PhaseWaterfall.h"
#include "Presentation.h"

#include "probe/ProbeResult.h"

using namespace NetPulse;

namespace {

constexpr qint64 kMs = 1000000;

ProbeResult result(const char *url, FailureKind kind, std::optional<int> status)
{
    ProbeResult r;
    r.url = QUrl(QString::fromLatin1(url));
    r.kind = kind;
    r.httpStatus = status;
    return r;
}

} // namespace

class TestPhaseWaterfall : public QObject
{
    Q_OBJECT

private slots:
    void phasesAddUpToTheTotal();
    void missingPhasesSayWhy_data();
    void missingPhasesSayWhy();
    void aRefusalIsNoFullWidthBar();
};

void TestPhaseWaterfall::phasesAddUpToTheTotal()
{
    ProbeResult r = result("http://127.0.0.1/ok", FailureKind::Ok, 200);
    r.timeline.connectingNs = 3 * kMs / 2; // Qt's queue before it: most of a loopback request
    r.timeline.requestSentNs = r.timeline.lastRequestSentNs = 16 * kMs / 10;
    r.timeline.headersNs = 19 * kMs / 10;
    r.timeline.finishedNs = 2 * kMs;
    PhaseWaterfall waterfall;
    waterfall.setResult(&r);
    double sum = 0;
    for (const PhaseWaterfall::Phase &phase : waterfall.phases())
        sum += phase.ms.value_or(0.0);
    QCOMPARE(waterfall.phases().size(), 5);
    QCOMPARE(waterfall.phases().at(0).ms.value_or(-1), 1.5);
    QVERIFY(qAbs(sum - *r.timeline.totalMs()) < 1e-9);
    // Drawn only, the bars are also said: the same phases in words for a screen reader.
    const QString said = waterfall.accessibleDescription();
    QVERIFY2(said.startsWith(QStringLiteral("Setup: %1").arg(Presentation::milliseconds(1.5))), qPrintable(said));
    QVERIFY2(said.contains(QLatin1String("TLS: not used")), qPrintable(said));
}

void TestPhaseWaterfall::missingPhasesSayWhy_data()
{
    QTest::addColumn<ProbeResult>("probe");
    QTest::addColumn<int>("phase"); // 1 connect, 2 TLS, 3 waiting
    QTest::addColumn<QString>("says");

    ProbeResult plain = result("http://127.0.0.1/ok", FailureKind::Ok, 200);
    plain.timeline = {};
    plain.timeline.connectingNs = kMs;
    plain.timeline.requestSentNs = plain.timeline.lastRequestSentNs = 2 * kMs;
    plain.timeline.headersNs = 3 * kMs;
    plain.timeline.finishedNs = 4 * kMs;
    QTest::newRow("plain http: TLS not used") << plain << 2 << "not used";

    ProbeResult secure = result("https://127.0.0.1/ok", FailureKind::Ok, 200);
    secure.timeline = plain.timeline;
    secure.timeline.encryptedNs = 3 * kMs / 2;
    QTest::newRow("https: connect is in TLS") << secure << 1 << "in TLS";

    ProbeResult selfSigned = result("https://127.0.0.1/ok", FailureKind::TlsError, std::nullopt);
    selfSigned.timeline.connectingNs = kMs;
    selfSigned.timeline.finishedNs = 2 * kMs;
    QTest::newRow("failed handshake: connect not measured") << selfSigned << 1 << "not measured";
    QTest::newRow("failed handshake: TLS failed") << selfSigned << 2 << "failed";

    ProbeResult garbage = result("http://127.0.0.1/garbage", FailureKind::ProtocolError, std::nullopt);
    garbage.timeline.connectingNs = kMs;
    garbage.timeline.requestSentNs = garbage.timeline.lastRequestSentNs = 2 * kMs;
    garbage.timeline.finishedNs = 3 * kMs;
    QTest::newRow("not HTTP: no headers") << garbage << 3 << "no headers";

    ProbeResult refused = result("http://127.0.0.1:1/", FailureKind::ConnectionRefused, std::nullopt);
    refused.timeline.connectingNs = kMs;
    refused.timeline.finishedNs = 2 * kMs;
    QTest::newRow("refused: waiting not reached") << refused << 3 << "not reached";
}

void TestPhaseWaterfall::missingPhasesSayWhy()
{
    QFETCH(ProbeResult, probe);
    QFETCH(int, phase);
    QFETCH(QString, says);
    PhaseWaterfall waterfall;
    waterfall.setResult(&probe);
    const PhaseWaterfall::Phase &shown = waterfall.phases().at(phase);
    QVERIFY(!shown.ms);
    QCOMPARE(shown.withoutTime, says);
}

// A refused check spends microseconds before the refusal: its one bar was drawn across the whole
// width, labelled "< 0.01 ms". The width stands for at least a millisecond.
void TestPhaseWaterfall::aRefusalIsNoFullWidthBar()
{
    ProbeResult refused = result("http://127.0.0.1:1/", FailureKind::ConnectionRefused, std::nullopt);
    refused.timeline.connectingNs = 5000; // 0.005 ms of setup, then refused
    refused.timeline.finishedNs = 6000;
    PhaseWaterfall waterfall;
    waterfall.setResult(&refused);
    QCOMPARE(waterfall.scaleMs(), 1.0);
    ProbeResult plain = result("http://127.0.0.1/ok", FailureKind::Ok, 200);
    plain.timeline.connectingNs = kMs;
    plain.timeline.requestSentNs = plain.timeline.lastRequestSentNs = 2 * kMs;
    plain.timeline.headersNs = 3 * kMs;
    plain.timeline.finishedNs = 4 * kMs;
    waterfall.setResult(&plain);
    QCOMPARE(waterfall.scaleMs(), 4.0); // the phases' total, when it is more
}

QTEST_MAIN(TestPhaseWaterfall)
#include "TestPhaseWaterfall.moc"
