// The probe against real sockets: every failure kind produced by the fault server on 127.0.0.1 and
// classified, the phase timeline, the body cap, cancellation in every phase, exactly-once results.
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTest>

#include "FaultCases.h"
#include "FaultServer.h"

#include "probe/Probe.h"

using namespace NetPulse;
using NetPulse::Demo::FaultServer;

Q_DECLARE_METATYPE(NetPulse::ProbePhase)

class TestProbe : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void classifiesEveryKind_data();
    void classifiesEveryKind();
    void proxyFailureIsProxyError();
    void timelineIsOrderedAndPlausible();
    void httpsRecordsCertificateAndTlsTiming();
    void redirectChainIsRecorded();
    void aRedirectHopIsBlamedForItsOwnFailure();
    void bodyCapKeepsMemoryBounded();
    void qtSilentResendIsCounted();
    void sendsHeadersMethodAndFreshConnection();
    void headRequestWithLengthIsOk();
    void cancelInEveryPhase_data();
    void cancelInEveryPhase();
    void cancelDuringDiagnosis();
    void cancelAtTheConnectGate();
    void splitAtEveryOffset();
    void tricklingNeighbourKeepsNoSilentProbeAlive();
    void connectGateTakesNames_data();
    void connectGateTakesNames();
    void cancelBeforeStartAndAfterFinish();
    void destroyingRunningProbeReportsOnce();

private:
    QUrl target(const QString &where, const QString &path);
    ProbeResult run(const ProbeOptions &options, QNetworkAccessManager *manager = nullptr, bool connectFirst = false);

    FaultServer m_server;
    QNetworkAccessManager m_manager;
};

void TestProbe::initTestCase()
{
    qRegisterMetaType<ProbeResult>();
    qRegisterMetaType<ProbePhase>();
    QString error;
    QVERIFY2(m_server.start(0, &error), qPrintable(error));
    QVERIFY2(m_server.startTls(&error), qPrintable(error));
    m_manager.setProxy(QNetworkProxy::NoProxy);
}

QUrl TestProbe::target(const QString &where, const QString &path)
{
    return Test::faultTarget(m_server, where, path);
}

ProbeResult TestProbe::run(const ProbeOptions &options, QNetworkAccessManager *manager, bool connectFirst)
{
    Probe probe(manager ? manager : &m_manager, options);
    probe.setConnectFirst(connectFirst);
    QSignalSpy finished(&probe, &Probe::finished);
    probe.start();
    if (finished.isEmpty() && !finished.wait(20000))
        return {};
    // Exactly once: nothing more arrives, even after the event loop has run on for a while.
    if (finished.wait(100))
        qWarning("finished() fired twice");
    if (finished.size() != 1)
        return {};
    return finished.at(0).at(0).value<ProbeResult>();
}

void TestProbe::classifiesEveryKind_data()
{
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<int>("deadlineMs");
    QTest::addColumn<qint64>("maxBody");
    QTest::addColumn<bool>("insecure");
    QTest::addColumn<QString>("expectedKind");
    QTest::addColumn<int>("expectedStatus"); // -1: no status
    QTest::addColumn<QString>("detailMentions");
    for (const Test::FaultCase &c : Test::faultCases())
        QTest::newRow(c.name) << QString::fromLatin1(c.where) << QString::fromLatin1(c.path) << c.timeoutMs
                              << c.deadlineMs << c.maxBody << c.insecure << QString::fromLatin1(c.kind) << c.status
                              << QString::fromLatin1(c.detail);
}

void TestProbe::classifiesEveryKind()
{
    QFETCH(QString, where);
    QFETCH(QString, path);
    QFETCH(int, timeoutMs);
    QFETCH(int, deadlineMs);
    QFETCH(qint64, maxBody);
    QFETCH(bool, insecure);
    QFETCH(QString, expectedKind);
    QFETCH(int, expectedStatus);
    QFETCH(QString, detailMentions);

    ProbeOptions options;
    options.url = target(where, path);
    options.inactivityTimeoutMs = timeoutMs;
    options.totalDeadlineMs = deadlineMs;
    options.maxBodyBytes = maxBody;
    options.insecure = insecure;
    // Each case twice: as a plain request, and behind the connect gate a monitor puts in front of
    // an endpoint that was refused last time. The gate may make a probe cheaper, never say
    // something else: same kind, same status, same words.
    QString plainDetail;
    for (const bool connectFirst : {false, true}) {
        const ProbeResult result = run(options, nullptr, connectFirst);
        const QString how =
            connectFirst ? QStringLiteral("with the connect gate") : QStringLiteral("as a plain request");
        QVERIFY2(failureKindName(result.kind) == expectedKind,
                 qPrintable(QStringLiteral("%1 %2: %3").arg(how, failureKindName(result.kind), result.detail)));
        QCOMPARE(result.httpStatus.value_or(-1), expectedStatus);
        QVERIFY2(result.detail.contains(detailMentions, Qt::CaseInsensitive), qPrintable(result.detail));
        QVERIFY(result.timeline.totalMs().has_value());
        if (expectedKind == QLatin1String("http_client_error") || expectedKind == QLatin1String("http_server_error"))
            QVERIFY2(result.body.contains("this body explains the error"), result.body.constData());
        if (!connectFirst)
            plainDetail = result.detail;
        else if (expectedKind == QLatin1String("connection_refused"))
            QCOMPARE(result.detail, plainDetail);
        if (connectFirst && expectedKind == QLatin1String("ok")) // the request's own timings, not the gate's
            QVERIFY(result.timeline.connectingNs >= 0 && result.timeline.requestSentNs > result.timeline.connectingNs);
    }
}

void TestProbe::proxyFailureIsProxyError()
{
    QNetworkAccessManager viaProxy;
    const QUrl proxyUrl = m_server.refusedUrl();
    viaProxy.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, proxyUrl.host(), quint16(proxyUrl.port())));
    ProbeOptions options;
    // A name only the proxy would resolve: no DNS query is made for it here. (Qt sends loopback
    // targets through the manager's proxy too; TestGateways does that with real proxies.)
    options.url = QUrl(QStringLiteral("http://service.netpulse-test.invalid/ok"));
    const ProbeResult result = run(options, &viaProxy);
    QCOMPARE(result.kind, FailureKind::ProxyError);
    QVERIFY2(result.detail.contains(QStringLiteral("proxy 127.0.0.1:%1").arg(proxyUrl.port())),
             qPrintable(result.detail));
}

void TestProbe::timelineIsOrderedAndPlausible()
{
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/delay/80"));
    const ProbeResult result = run(options);
    QCOMPARE(result.kind, FailureKind::Ok);
    const ProbeTimeline &t = result.timeline;
    QVERIFY(t.connectingNs >= 0);
    QVERIFY(t.connectingNs <= t.requestSentNs);
    QVERIFY(t.requestSentNs <= t.headersNs);
    QVERIFY(t.headersNs <= t.firstByteNs);
    QVERIFY(t.firstByteNs <= t.finishedNs);
    QVERIFY(t.encryptedNs < 0);
    QVERIFY(t.connectMs().has_value());
    QVERIFY(!t.tlsMs().has_value());
    // The server waits 80 ms before answering: that wait is time to first byte, not connect.
    QVERIFY2(*t.ttfbMs() >= 70.0, qPrintable(QString::number(*t.ttfbMs())));
    QVERIFY(*t.connectMs() < *t.ttfbMs());
    QVERIFY(*t.totalMs() >= *t.ttfbMs());
    QCOMPARE(result.requestsSent, 1);
    QCOMPARE(result.bytesReceived, qint64(result.body.size()));
    QVERIFY(result.startedAt.isValid());
}

void TestProbe::httpsRecordsCertificateAndTlsTiming()
{
    ProbeOptions options;
    options.url = m_server.tlsUrl(QStringLiteral("/ok"));
    options.insecure = true;
    const ProbeResult result = run(options);
    QCOMPARE(result.kind, FailureKind::Ok);
    QVERIFY(result.timeline.tlsMs().has_value());
    QVERIFY(!result.timeline.connectMs().has_value()); // Qt gives no separate TCP-connected moment for https
    QVERIFY(result.timeline.encryptedNs <= result.timeline.requestSentNs);
    QCOMPARE(result.certificate.subject, QStringLiteral("NetPulse Test Server"));
    QCOMPARE(result.certificate.expiresAt.date().year(), 2126);

    // A rejected certificate is still described, so the user sees what was offered.
    options.insecure = false;
    const ProbeResult rejected = run(options);
    QCOMPARE(rejected.kind, FailureKind::TlsError);
    QCOMPARE(rejected.certificate.issuer, QStringLiteral("NetPulse Test Server"));
}

// A redirect to a port where nothing listens is that port's refusal, not the redirecting server's,
// and carries no status (the 302 was the hop's, not a verdict); a redirect to file: is said as one.
void TestProbe::aRedirectHopIsBlamedForItsOwnFailure()
{
    ProbeOptions options;
    const QUrl refused = m_server.refusedUrl();
    options.url = m_server.url(QStringLiteral("/redirect-to?to=") +
                               QString::fromLatin1(QUrl::toPercentEncoding(refused.toString())));
    const ProbeResult toRefused = run(options);
    QCOMPARE(toRefused.kind, FailureKind::ConnectionRefused);
    QCOMPARE(toRefused.httpStatus, std::nullopt);
    QCOMPARE(toRefused.endpoint(), endpointOf(refused));
    const QString said = toRefused.description().explanation;
    QVERIFY2(said.startsWith(endpointOf(options.url) + QStringLiteral(" redirected to ")) &&
                 said.endsWith(QStringLiteral("Nothing is listening at %1.").arg(endpointOf(refused))),
             qPrintable(said));

    options.url = m_server.url(QStringLiteral("/redirect-to?to=file:///etc/passwd"));
    const ProbeResult toFile = run(options);
    QCOMPARE(toFile.kind, FailureKind::ProtocolError);
    QCOMPARE(toFile.description().title, QStringLiteral("Redirect not followed"));
    QVERIFY2(toFile.description().explanation.contains(QStringLiteral("redirected to a file: URL")),
             qPrintable(toFile.description().explanation));
}

void TestProbe::redirectChainIsRecorded()
{
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/redirect/3"));
    const ProbeResult result = run(options);
    QVERIFY2(result.kind == FailureKind::Ok, qPrintable(result.detail));
    QCOMPARE(result.redirects.size(), 3);
    QCOMPARE(result.redirects.last().path(), QStringLiteral("/ok"));
    QVERIFY(result.body.contains("\"status\":\"ok\""));

    options.maxRedirects = 2;
    QCOMPARE(run(options).kind, FailureKind::RedirectLoop);
}

void TestProbe::bodyCapKeepsMemoryBounded()
{
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/endless"));
    options.maxBodyBytes = 1 << 20;
    const ProbeResult result = run(options);
    QCOMPARE(result.kind, FailureKind::BodyTooLarge);
    // Kept: its first 64 KiB (what a view shows; never cached). Read: past the cap by at most one
    // read-buffer's worth (64 KiB).
    QCOMPARE(result.body.size(), 64 * 1024);
    QVERIFY(result.body.capacity() <= 64 * 1024 + 64); // the rest given back, not only hidden
    QVERIFY(result.bytesReceived > options.maxBodyBytes);
    QVERIFY2(result.bytesReceived <= options.maxBodyBytes + 64 * 1024,
             qPrintable(QString::number(result.bytesReceived)));
}

void TestProbe::qtSilentResendIsCounted()
{
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/close"));
    const ProbeResult result = run(options);
    QCOMPARE(result.kind, FailureKind::RemoteClosed);
    // Qt re-sends once on a fresh connection after an early close; we report it, we do not hide it.
    QVERIFY2(result.requestsSent >= 2, qPrintable(QString::number(result.requestsSent)));
}

void TestProbe::sendsHeadersMethodAndFreshConnection()
{
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/echo"));
    options.method = "DELETE";
    options.headers = {{"X-Probe-Test", "yes"}, {"Authorization", "Bearer abc"}};
    const ProbeResult result = run(options);
    QCOMPARE(result.kind, FailureKind::Ok);
    QVERIFY2(result.body.contains("\"method\":\"DELETE\""), result.body.constData());
    QVERIFY(result.body.contains("\"x-probe-test\":\"yes\""));
    QVERIFY(result.body.contains("\"connection\":\"close\""));
    QVERIFY(result.body.contains("\"accept-encoding\":\"identity\""));
    QVERIFY(result.body.contains("\"user-agent\":\"NetPulse/"));
}

void TestProbe::headRequestWithLengthIsOk()
{
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/ok"));
    options.method = "HEAD";
    const ProbeResult result = run(options);
    // A HEAD answer announces the body's length without sending it: that is not a truncation.
    QCOMPARE(result.kind, FailureKind::Ok);
    QCOMPARE(result.bytesReceived, qint64(0));
}

void TestProbe::cancelInEveryPhase_data()
{
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("path");
    QTest::addColumn<ProbePhase>("cancelAt");

    QTest::newRow("queued") << "main"
                            << "/ok" << ProbePhase::Queued;
    QTest::newRow("connecting (SYN dropped)") << "blackhole"
                                              << "" << ProbePhase::Connecting;
    QTest::newRow("connecting (TLS handshake)") << "silent-https"
                                                << "" << ProbePhase::Connecting;
    QTest::newRow("request sent") << "main"
                                  << "/hang" << ProbePhase::RequestSent;
    QTest::newRow("headers") << "main"
                             << "/stall" << ProbePhase::Headers;
    QTest::newRow("body") << "main"
                          << "/drip?interval=20&bytes=1000" << ProbePhase::FirstByte;
}

void TestProbe::cancelInEveryPhase()
{
    QFETCH(QString, where);
    QFETCH(QString, path);
    QFETCH(ProbePhase, cancelAt);

    ProbeOptions options;
    options.url = target(where, path);
    Probe probe(&m_manager, options);
    QSignalSpy finished(&probe, &Probe::finished);
    QSignalSpy phases(&probe, &Probe::phaseReached);
    connect(&probe, &Probe::phaseReached, &probe, [&probe, cancelAt](ProbePhase phase) {
        if (phase == cancelAt)
            probe.cancel();
    });
    probe.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(!finished.wait(200));
    QCOMPARE(finished.size(), 1);
    const ProbeResult result = finished.at(0).at(0).value<ProbeResult>();
    QCOMPARE(result.kind, FailureKind::Cancelled);
    QVERIFY(result.timeline.reached(cancelAt));
    QVERIFY(probe.isFinished());
    probe.cancel(); // a second cancel is a no-op
    QCOMPARE(finished.size(), 1);
}

void TestProbe::cancelDuringDiagnosis()
{
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/garbage"));
    Probe probe(&m_manager, options);
    QSignalSpy finished(&probe, &Probe::finished);
    connect(&probe, &Probe::diagnosisStarted, &probe, &Probe::cancel);
    probe.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(!finished.wait(200));
    QCOMPARE(finished.at(0).at(0).value<ProbeResult>().kind, FailureKind::Cancelled);
}

// A connect that is never answered (SYNs dropped), cancelled while the gate waits: one result,
// cancelled, and no request was ever made.
void TestProbe::cancelAtTheConnectGate()
{
    ProbeOptions options;
    options.url = m_server.connectTimeoutUrl();
    Probe probe(&m_manager, options);
    probe.setConnectFirst(true);
    QSignalSpy finished(&probe, &Probe::finished);
    connect(&probe, &Probe::phaseReached, &probe, [&probe](ProbePhase phase) {
        if (phase == ProbePhase::Connecting)
            QMetaObject::invokeMethod(&probe, &Probe::cancel, Qt::QueuedConnection);
    });
    probe.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(!finished.wait(200));
    const ProbeResult result = finished.at(0).at(0).value<ProbeResult>();
    QCOMPARE(result.kind, FailureKind::Cancelled);
    QCOMPARE(result.requestsSent, 0);

    // And cancelled from inside the "connecting" signal itself, while start() is still running.
    Probe direct(&m_manager, options);
    direct.setConnectFirst(true);
    QSignalSpy directFinished(&direct, &Probe::finished);
    connect(&direct, &Probe::phaseReached, &direct, [&direct](ProbePhase phase) {
        if (phase == ProbePhase::Connecting)
            direct.cancel();
    });
    direct.start();
    QTRY_COMPARE_WITH_TIMEOUT(directFinished.size(), 1, 10000);
    QCOMPARE(directFinished.at(0).at(0).value<ProbeResult>().kind, FailureKind::Cancelled);
}

// Header bytes are seen on the kernel's side of the connection; a neighbour's bytes to the same
// server must not count as this probe's.
void TestProbe::tricklingNeighbourKeepsNoSilentProbeAlive()
{
    ProbeOptions silentOptions;
    silentOptions.url = m_server.url(QStringLiteral("/hang"));
    silentOptions.inactivityTimeoutMs = 1000;
    ProbeOptions trickleOptions;
    // A line every 250 ms for 4 s: still trickling long after the silent one's limit.
    trickleOptions.url = m_server.url(QStringLiteral("/trickle-headers?interval=250&lines=16"));
    trickleOptions.inactivityTimeoutMs = 1000;
    Probe silent(&m_manager, silentOptions);
    Probe trickling(&m_manager, trickleOptions);
    QSignalSpy silentFinished(&silent, &Probe::finished);
    QSignalSpy tricklingFinished(&trickling, &Probe::finished);
    bool tricklingRanLonger = false;
    connect(&silent, &Probe::finished, &silent, [&] { tricklingRanLonger = trickling.isRunning(); });
    trickling.start();
    silent.start();
    QTRY_COMPARE_WITH_TIMEOUT(silentFinished.size(), 1, 10000);
    const ProbeResult silentResult = silentFinished.at(0).at(0).value<ProbeResult>();
    QCOMPARE(silentResult.kind, FailureKind::ResponseTimeout);
    QVERIFY2(silentResult.detail.contains(QLatin1String("inactivity timeout of 1000")),
             qPrintable(silentResult.detail));
    QVERIFY(tricklingRanLonger);
    QTRY_COMPARE_WITH_TIMEOUT(tricklingFinished.size(), 1, 15000);
    const ProbeResult tricklingResult = tricklingFinished.at(0).at(0).value<ProbeResult>();
    QCOMPARE(tricklingResult.kind, FailureKind::Ok);
}

// The same small 200 sent as two TCP segments, split at every byte: the same verdict, status and
// body every time, wherever the boundary falls (status line, headers, the blank line, the body).
void TestProbe::splitAtEveryOffset()
{
    const int length = 101; // the response /split writes, in bytes
    QStringList wrong;
    for (int at = 1; at < length; ++at) {
        ProbeOptions options;
        options.url = m_server.url(QStringLiteral("/split?at=%1").arg(at));
        Probe probe(&m_manager, options);
        QSignalSpy finished(&probe, &Probe::finished);
        probe.start();
        QVERIFY(finished.wait(10000));
        const ProbeResult result = finished.at(0).at(0).value<ProbeResult>();
        if (result.kind != FailureKind::Ok || result.httpStatus != 200 || result.body != "{\"ok\":true}")
            wrong << QStringLiteral("at %1: %2 %3").arg(at).arg(failureKindName(result.kind), result.detail);
    }
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QStringLiteral("; "))));
}

// A name goes through QTcpSocket (resolved, every address tried) rather than the raw socket an IP
// literal gets: the same verdicts either way.
void TestProbe::connectGateTakesNames_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("open");
    QTest::addColumn<QString>("expectedKind");
    QTest::newRow("name, refused") << "localhost" << false << "connection_refused";
    QTest::newRow("name, open") << "localhost" << true << "ok";
    QTest::newRow("IPv4 literal, open") << "127.0.0.1" << true << "ok";
}

void TestProbe::connectGateTakesNames()
{
    QFETCH(QString, host);
    QFETCH(bool, open);
    QFETCH(QString, expectedKind);
    ProbeOptions options;
    options.url = open ? m_server.url(QStringLiteral("/ok")) : m_server.refusedUrl();
    options.url.setHost(host);
    const ProbeResult result = run(options, nullptr, true);
    QVERIFY2(failureKindName(result.kind) == expectedKind, qPrintable(result.detail));
}

void TestProbe::cancelBeforeStartAndAfterFinish()
{
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/ok"));
    Probe notStarted(&m_manager, options);
    QSignalSpy early(&notStarted, &Probe::finished);
    notStarted.cancel();
    QCOMPARE(early.size(), 1);
    QCOMPARE(early.at(0).at(0).value<ProbeResult>().kind, FailureKind::Cancelled);
    notStarted.start(); // single use: starting a finished probe sends nothing
    QVERIFY(!early.wait(200));
    QCOMPARE(early.size(), 1);

    Probe done(&m_manager, options);
    QSignalSpy finished(&done, &Probe::finished);
    done.start();
    QVERIFY(finished.wait(10000));
    done.cancel();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).value<ProbeResult>().kind, FailureKind::Ok);
}

void TestProbe::destroyingRunningProbeReportsOnce()
{
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/hang"));
    auto *probe = new Probe(&m_manager, options);
    QList<ProbeResult> results;
    connect(probe, &Probe::finished, this, [&results](const ProbeResult &result) { results.append(result); });
    QSignalSpy sent(probe, &Probe::phaseReached);
    probe->start();
    QTRY_VERIFY_WITH_TIMEOUT(probe->result().timeline.reached(ProbePhase::RequestSent), 10000);
    delete probe;
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.first().kind, FailureKind::Cancelled);
}

QTEST_GUILESS_MAIN(TestProbe)
#include "TestProbe.moc"
