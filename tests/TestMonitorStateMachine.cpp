// The retry schedule as decisions: results go in with a time, the status with the next delay
// comes out. Exact under a fixed random source; no timers, no sockets.
#include <QTest>

#include "base/Duration.h"
#include "monitor/MonitorStateMachine.h"

using namespace NetPulse;

namespace {

const QDateTime kWallNow(QDate(2026, 11, 29), QTime(12, 0), Qt::UTC);

ProbeResult result(FailureKind kind, std::optional<int> status = {}, double totalMs = 5.0)
{
    ProbeResult r;
    r.kind = kind;
    r.httpStatus = status;
    r.timeline.finishedNs = qint64(totalMs * 1e6);
    return r;
}

ProbeResult withRetryAfter(int status, const QByteArray &value)
{
    ProbeResult r = result(status == 429 ? FailureKind::RateLimited : FailureKind::HttpServerError, status);
    r.responseHeaders = {{"Retry-After", value}};
    return r;
}

MonitorSettings settings()
{
    MonitorSettings s;
    s.probe.url = QUrl(QStringLiteral("http://127.0.0.1:1/"));
    s.intervalMs = 5000;
    s.retries = 3;
    s.backoff = {1000, 2.0, 60000, JitterMode::Full};
    s.downIntervalMs = 30000;
    s.slowThresholdMs = 2000;
    return s;
}

struct Step
{
    MonitorState state;
    std::optional<qint64> nextMs;
};

} // namespace

class TestMonitorStateMachine : public QObject
{
    Q_OBJECT

private slots:
    void episodeRetriesThenGivesUpThenRecovers();
    void budgetIsRefilledOnlyBySuccess();
    void retryAfterOverridesTheBackoff_data();
    void retryAfterOverridesTheBackoff();
    void notRetriedFailuresSayWhy_data();
    void notRetriedFailuresSayWhy();
    void slowOkIsDegraded();
    void offlinePausesWithoutSpendingRetries();
    void cancelledResultChangesNothing();
    void netpulseBusyLeavesTheEpisodeAsItWas();
    void flappingIsDetectedAndSettles();
    void flappingEndsWhenItStaysDown();
    void zeroRetriesGoStraightDown();
    void downChecksGrowTowardsTheDownInterval_data();
    void downChecksGrowTowardsTheDownInterval();
    void recoveryWatchOnlyBelowHttp_data();
    void recoveryWatchOnlyBelowHttp();
    void noWatchBeforeACheckThatComesSoonAnyway();
};

void TestMonitorStateMachine::episodeRetriesThenGivesUpThenRecovers()
{
    MonitorStateMachine machine(settings(), [] { return 0.5; });
    qint64 now = 0;
    QCOMPARE(machine.start(now).state, MonitorState::Probing);

    const QList<Step> expected = {
        {MonitorState::Retrying, 500},  // retry 1 of 3: full jitter, half of 1 s
        {MonitorState::Retrying, 1000}, // retry 2 of 3
        {MonitorState::Retrying, 2000}, // retry 3 of 3
        {MonitorState::Down, 5000},     // budget spent: from the interval...
        {MonitorState::Down, 10000},    // ...doubling towards the down interval
        {MonitorState::Down, 20000},    {MonitorState::Down, 30000}, {MonitorState::Down, 30000},
    };
    for (int i = 0; i < expected.size(); ++i) {
        machine.probeStarted(now);
        QCOMPARE(machine.status().lastAttempt, i + 1);
        const MonitorStatus status = machine.probeFinished(result(FailureKind::ConnectionRefused), now, kWallNow);
        QCOMPARE(monitorStateName(status.state), monitorStateName(expected.at(i).state));
        QCOMPARE(status.nextAttemptInMs, expected.at(i).nextMs);
        QCOMPARE(status.nextAttemptAt, kWallNow.addMSecs(*expected.at(i).nextMs));
        QCOMPARE(status.retriesUsed, std::min(i + 1, 3));
        QCOMPARE(status.retryBudget, 3);
        QCOMPARE(status.attempt, i + 1);
        now += *expected.at(i).nextMs;
    }
    QCOMPARE(machine.status().sentence(machine.status().nextAttemptInMs),
             QStringLiteral("gave up retrying after 3 retries; next check in 30 s; watching the port, will check as "
                            "soon as it accepts"));
    QCOMPARE(machine.status().sentence(1500), QStringLiteral("gave up retrying after 3 retries; next check in 1.5 s; "
                                                             "watching the port, will check as soon as it accepts"));

    machine.probeStarted(now);
    MonitorStatus status = machine.probeFinished(result(FailureKind::Ok, 200), now, kWallNow);
    QCOMPARE(status.state, MonitorState::Degraded);
    QVERIFY(status.recovered);
    // The whole outage, from the first failure to this check: not "after 3 retries".
    QCOMPARE(status.reason, QStringLiteral("recovered after %1 (8 failed checks)").arg(durationText(98500)));
    QCOMPARE(status.lastAttempt, 9);
    QCOMPARE(status.recoveryWatch, RecoveryWatchMode::None);
    QCOMPARE(status.nextAttemptInMs, std::optional<qint64>(5000));
    QCOMPARE(status.retriesUsed, 0);
    QCOMPARE(status.attempt, 0);

    machine.probeStarted(now);
    status = machine.probeFinished(result(FailureKind::Ok, 200), now, kWallNow);
    QCOMPARE(status.state, MonitorState::Up); // the next clean interval clears "recovered"
    QVERIFY(!status.recovered);
    QCOMPARE(status.lastAttempt, 1);
}

void TestMonitorStateMachine::budgetIsRefilledOnlyBySuccess()
{
    MonitorStateMachine machine(settings(), [] { return 1.0; });
    machine.start(0);
    machine.probeFinished(result(FailureKind::ConnectTimeout), 0, kWallNow);
    machine.probeStarted(0); // a manual "retry now" is just an early probe
    MonitorStatus status = machine.probeFinished(result(FailureKind::ConnectTimeout), 0, kWallNow);
    QCOMPARE(status.retriesUsed, 2);
    QCOMPARE(status.nextAttemptInMs, std::optional<qint64>(2000));
    machine.probeStarted(0);
    status = machine.probeFinished(result(FailureKind::Ok, 200), 0, kWallNow);
    QCOMPARE(status.retriesUsed, 0);
    machine.probeStarted(0);
    status = machine.probeFinished(result(FailureKind::ConnectTimeout), 0, kWallNow);
    QCOMPARE(status.retriesUsed, 1); // a new episode starts from the first delay again
    QCOMPARE(status.nextAttemptInMs, std::optional<qint64>(1000));
}

void TestMonitorStateMachine::retryAfterOverridesTheBackoff_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<qint64>("expectedMs");
    QTest::addColumn<QString>("reasonMentions");
    QTest::newRow("429 seconds") << 429 << QByteArray("7") << qint64(7000) << "Retry-After";
    QTest::newRow("503 seconds") << 503 << QByteArray("2") << qint64(2000) << "Retry-After";
    QTest::newRow("429 date") << 429 << QByteArray("Sun, 29 Nov 2026 12:00:09 GMT") << qint64(9000) << "Retry-After";
    QTest::newRow("clamped to the cap") << 429 << QByteArray("3600") << qint64(60000) << "capped";
    QTest::newRow("malformed: backoff, with a note") << 503 << QByteArray("soon") << qint64(500) << "ignored";
    QTest::newRow("negative: backoff, with a note") << 429 << QByteArray("-3") << qint64(500) << "negative";
    QTest::newRow("500 ignores Retry-After") << 500 << QByteArray("7") << qint64(500) << "backoff";
}

void TestMonitorStateMachine::retryAfterOverridesTheBackoff()
{
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QFETCH(qint64, expectedMs);
    QFETCH(QString, reasonMentions);
    MonitorStateMachine machine(settings(), [] { return 0.5; });
    machine.start(0);
    const MonitorStatus after = machine.probeFinished(withRetryAfter(status, retryAfter), 0, kWallNow);
    QCOMPARE(after.state, MonitorState::Retrying);
    QCOMPARE(after.nextAttemptInMs, std::optional<qint64>(expectedMs));
    QVERIFY2(after.reason.contains(reasonMentions), qPrintable(after.reason));
}

void TestMonitorStateMachine::notRetriedFailuresSayWhy_data()
{
    QTest::addColumn<FailureKind>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<bool>("allowNonIdempotent");
    QTest::addColumn<QString>("why");
    QTest::newRow("404") << FailureKind::HttpClientError << 404 << QByteArray("GET") << false
                         << "the server refused this request itself (HTTP 404)";
    QTest::newRow("TLS") << FailureKind::TlsError << 0 << QByteArray("GET") << false << "certificate or handshake";
    QTest::newRow("POST refused") << FailureKind::ConnectionRefused << 0 << QByteArray("POST") << false
                                  << "not idempotent";
    QTest::newRow("POST refused, opted in") << FailureKind::ConnectionRefused << 0 << QByteArray("POST") << true << "";
}

void TestMonitorStateMachine::notRetriedFailuresSayWhy()
{
    QFETCH(FailureKind, kind);
    QFETCH(int, status);
    QFETCH(QByteArray, method);
    QFETCH(bool, allowNonIdempotent);
    QFETCH(QString, why);
    MonitorSettings s = settings();
    s.probe.method = method;
    s.allowRetryNonIdempotent = allowNonIdempotent;
    MonitorStateMachine machine(s, [] { return 0.5; });
    machine.start(0);
    const MonitorStatus after =
        machine.probeFinished(result(kind, status ? std::optional<int>(status) : std::nullopt), 0, kWallNow);
    if (why.isEmpty()) {
        QCOMPARE(after.state, MonitorState::Retrying);
        QVERIFY(after.notRetried.isEmpty());
    } else {
        QCOMPARE(after.state, MonitorState::Down);
        QVERIFY2(after.notRetried.contains(why), qPrintable(after.notRetried));
        QCOMPARE(after.retriesUsed, 0);
        QCOMPARE(after.nextAttemptInMs, std::optional<qint64>(5000)); // the normal pace, not the retry pace
    }
}

void TestMonitorStateMachine::slowOkIsDegraded()
{
    MonitorStateMachine machine(settings());
    machine.start(0);
    MonitorStatus status = machine.probeFinished(result(FailureKind::Ok, 200, 2500.0), 0, kWallNow);
    QCOMPARE(status.state, MonitorState::Degraded);
    QVERIFY(status.slow);
    QVERIFY2(status.reason.contains(QLatin1String("2500 ms")), qPrintable(status.reason));
    machine.probeStarted(0);
    status = machine.probeFinished(result(FailureKind::Ok, 200, 100.0), 0, kWallNow);
    QCOMPARE(status.state, MonitorState::Up);
}

void TestMonitorStateMachine::offlinePausesWithoutSpendingRetries()
{
    MonitorStateMachine machine(settings(), [] { return 0.5; });
    machine.start(0);
    machine.probeFinished(result(FailureKind::ConnectionRefused), 0, kWallNow);
    QCOMPARE(machine.status().retriesUsed, 1);

    // The platform says disconnected: pause, nothing planned, budget untouched.
    MonitorStatus status = machine.networkChanged(true, true, kWallNow);
    QCOMPARE(status.state, MonitorState::Offline);
    QVERIFY(!status.nextAttemptInMs.has_value());
    QCOMPARE(status.retriesUsed, 1);
    // Back: check at once.
    status = machine.networkChanged(false, true, kWallNow);
    QCOMPARE(status.nextAttemptInMs, std::optional<qint64>(0));

    // A probe that itself says offline: no retry spent; with a platform that will call back,
    // nothing is planned, without one the normal interval polls.
    machine.probeStarted(0);
    status = machine.probeFinished(result(FailureKind::Offline), 0, kWallNow);
    QCOMPARE(status.state, MonitorState::Offline);
    QCOMPARE(status.retriesUsed, 1);
    QVERIFY(!status.nextAttemptInMs.has_value());
    machine.networkChanged(false, false, kWallNow);
    machine.probeStarted(0);
    status = machine.probeFinished(result(FailureKind::Offline), 0, kWallNow);
    QCOMPARE(status.nextAttemptInMs, std::optional<qint64>(5000));
}

void TestMonitorStateMachine::cancelledResultChangesNothing()
{
    MonitorStateMachine machine(settings(), [] { return 0.5; });
    machine.start(0);
    const MonitorStatus before = machine.probeFinished(result(FailureKind::ConnectionRefused), 0, kWallNow);
    const MonitorStatus after = machine.probeFinished(result(FailureKind::Cancelled), 0, kWallNow);
    QCOMPARE(after.retriesUsed, before.retriesUsed);
    QCOMPARE(after.state, before.state);
}

void TestMonitorStateMachine::netpulseBusyLeavesTheEpisodeAsItWas()
{
    // A check NetPulse could not make in time says nothing about the server: the state, the
    // retries spent and the attempt count stay as they were before that check, and the next one
    // comes after the same wait.
    MonitorStateMachine machine(settings(), [] { return 0.5; });
    machine.start(0);
    const MonitorStatus failing = machine.probeFinished(result(FailureKind::ConnectionRefused), 0, kWallNow);
    QCOMPARE(failing.state, MonitorState::Retrying);
    QCOMPARE(machine.probeStarted(500).state, MonitorState::Probing);
    const MonitorStatus busy = machine.probeFinished(result(FailureKind::NetPulseBusy), 500, kWallNow);
    QCOMPARE(monitorStateName(busy.state), monitorStateName(MonitorState::Retrying));
    QCOMPARE(busy.retriesUsed, failing.retriesUsed);
    QCOMPARE(busy.attempt, failing.attempt);
    QCOMPARE(busy.lastAttempt, failing.lastAttempt);
    QCOMPARE(busy.nextAttemptInMs, failing.nextAttemptInMs); // the same backoff wait again

    // Up stays up: no failure episode begins.
    MonitorStateMachine up(settings(), [] { return 0.5; });
    up.start(0);
    QCOMPARE(up.probeFinished(result(FailureKind::Ok, 200), 0, kWallNow).state, MonitorState::Up);
    up.probeStarted(5000);
    const MonitorStatus stillUp = up.probeFinished(result(FailureKind::NetPulseBusy), 5000, kWallNow);
    QCOMPARE(stillUp.state, MonitorState::Up);
    QCOMPARE(stillUp.retriesUsed, 0);
    QCOMPARE(stillUp.attempt, 0);
}

void TestMonitorStateMachine::flappingIsDetectedAndSettles()
{
    MonitorSettings s = settings();
    s.flapTransitions = 4;
    s.flapWindowMs = 60000;
    MonitorStateMachine machine(s, [] { return 0.5; });
    machine.start(0);
    qint64 now = 0;
    bool up = true;
    // Six changes between healthy and failing, 5 s apart: more than four in a minute.
    for (int i = 0; i < 7; ++i) {
        machine.probeStarted(now);
        machine.probeFinished(result(up ? FailureKind::Ok : FailureKind::ConnectionRefused, up ? 200 : 0), now,
                              kWallNow);
        QCOMPARE(machine.status().flapping, i >= 5);
        up = !up;
        now += 5000;
    }
    // Settles: steady answers until the changes fall out of the window.
    now += 60000;
    machine.probeStarted(now);
    machine.probeFinished(result(FailureKind::Ok, 200), now, kWallNow);
    QVERIFY(!machine.status().flapping);
}

void TestMonitorStateMachine::flappingEndsWhenItStaysDown()
{
    // Up 5 s, down 5 s: seven changes, the last one down; then down for good, checked every 2 s. It has settled once it
    // stays down longer than any phase it flapped with (5 s), not when the flips leave the
    // 10-minute window: then the outage is told.
    MonitorSettings s = settings();
    s.retries = 0;
    s.flapTransitions = 4;
    s.flapWindowMs = 600000;
    MonitorStateMachine machine(s, [] { return 0.5; });
    machine.start(0);
    qint64 now = 0;
    for (int i = 0; i < 8; ++i) {
        machine.probeStarted(now);
        machine.probeFinished(result(i % 2 == 0 ? FailureKind::Ok : FailureKind::ConnectionRefused, i % 2 ? 0 : 200),
                              now, kWallNow);
        now += 5000;
    }
    QVERIFY(machine.status().flapping);
    const qint64 lastFlip = now - 5000;
    QList<bool> flapping;
    for (now = lastFlip + 2000; now <= lastFlip + 8000; now += 2000) {
        machine.probeStarted(now);
        machine.probeFinished(result(FailureKind::ConnectionRefused), now, kWallNow);
        flapping << machine.status().flapping;
    }
    QCOMPARE(flapping, (QList<bool>{true, true, false, false})); // 2, 4 s: within a phase; 6 s: settled
    QCOMPARE(machine.status().state, MonitorState::Down);
}

void TestMonitorStateMachine::zeroRetriesGoStraightDown()
{
    MonitorSettings s = settings();
    s.retries = 0;
    MonitorStateMachine machine(s);
    machine.start(0);
    const MonitorStatus status = machine.probeFinished(result(FailureKind::ConnectionRefused), 0, kWallNow);
    QCOMPARE(status.state, MonitorState::Down);
    QCOMPARE(status.nextAttemptInMs, std::optional<qint64>(5000)); // the interval first, growing from there
}

void TestMonitorStateMachine::downChecksGrowTowardsTheDownInterval_data()
{
    QTest::addColumn<int>("intervalMs");
    QTest::addColumn<int>("downIntervalMs");
    QTest::addColumn<QList<qint64>>("delays");
    QTest::newRow("defaults") << 5000 << 30000 << QList<qint64>{5000, 10000, 20000, 30000, 30000};
    QTest::newRow("not a power of two") << 2000 << 45000 << QList<qint64>{2000, 4000, 8000, 16000, 32000, 45000};
    QTest::newRow("down interval shorter: taken as asked") << 60000 << 30000 << QList<qint64>{30000, 30000};
    QTest::newRow("equal: flat") << 10000 << 10000 << QList<qint64>{10000, 10000};
}

void TestMonitorStateMachine::downChecksGrowTowardsTheDownInterval()
{
    QFETCH(int, intervalMs);
    QFETCH(int, downIntervalMs);
    QFETCH(QList<qint64>, delays);
    MonitorSettings s = settings();
    s.retries = 0;
    s.intervalMs = intervalMs;
    s.downIntervalMs = downIntervalMs;
    MonitorStateMachine machine(s);
    machine.start(0);
    for (qint64 expected : delays) {
        const MonitorStatus status = machine.probeFinished(result(FailureKind::HttpServerError, 500), 0, kWallNow);
        QCOMPARE(status.nextAttemptInMs, std::optional<qint64>(expected));
        QCOMPARE(status.reason.contains(QLatin1String("checks slow down")), expected < downIntervalMs);
        machine.probeStarted(0);
    }
    // Success ends the episode; the next one starts again from the interval.
    machine.probeFinished(result(FailureKind::Ok, 200), 0, kWallNow);
    machine.probeStarted(0);
    QCOMPARE(machine.probeFinished(result(FailureKind::HttpServerError, 500), 0, kWallNow).nextAttemptInMs,
             std::optional<qint64>(delays.first()));
}

void TestMonitorStateMachine::recoveryWatchOnlyBelowHttp_data()
{
    QTest::addColumn<FailureKind>("kind");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<RecoveryWatchMode>("mode");
    QTest::newRow("refused") << FailureKind::ConnectionRefused << 0 << RecoveryWatchMode::Port;
    QTest::newRow("connect timeout") << FailureKind::ConnectTimeout << 0 << RecoveryWatchMode::Port;
    QTest::newRow("name not found") << FailureKind::HostNotFound << 0 << RecoveryWatchMode::Name;
    QTest::newRow("offline") << FailureKind::Offline << 0 << RecoveryWatchMode::Network;
    // The server answered (or accepted): a connect would succeed while it is still broken.
    QTest::newRow("silent server") << FailureKind::ResponseTimeout << 0 << RecoveryWatchMode::None;
    QTest::newRow("reset") << FailureKind::RemoteClosed << 0 << RecoveryWatchMode::None;
    QTest::newRow("503") << FailureKind::HttpServerError << 503 << RecoveryWatchMode::None;
    QTest::newRow("tls") << FailureKind::TlsError << 0 << RecoveryWatchMode::None;
    QTest::newRow("ok") << FailureKind::Ok << 200 << RecoveryWatchMode::None;
}

void TestMonitorStateMachine::recoveryWatchOnlyBelowHttp()
{
    QFETCH(FailureKind, kind);
    QFETCH(int, httpStatus);
    MonitorSettings s = settings();
    s.retries = 0; // straight to a 5 s down check: long enough to watch before it
    MonitorStateMachine machine(s);
    machine.start(0);
    const MonitorStatus status =
        machine.probeFinished(result(kind, httpStatus ? std::optional<int>(httpStatus) : std::nullopt), 0, kWallNow);
    QTEST(status.recoveryWatch, "mode");
    // Switched off per endpoint: never.
    s.recoveryWatch = false;
    MonitorStateMachine off(s);
    off.start(0);
    QCOMPARE(off.probeFinished(result(kind, httpStatus ? std::optional<int>(httpStatus) : std::nullopt), 0, kWallNow)
                 .recoveryWatch,
             RecoveryWatchMode::None);
}

void TestMonitorStateMachine::noWatchBeforeACheckThatComesSoonAnyway()
{
    MonitorStateMachine machine(settings(), [] { return 0.5; });
    machine.start(0);
    // Retry 1 of 3 in 500 ms: sooner than a watch period.
    MonitorStatus status = machine.probeFinished(result(FailureKind::ConnectionRefused), 0, kWallNow);
    QCOMPARE(status.nextAttemptInMs, std::optional<qint64>(500));
    QCOMPARE(status.recoveryWatch, RecoveryWatchMode::None);
    machine.probeStarted(0);
    machine.probeFinished(result(FailureKind::ConnectionRefused), 0, kWallNow); // 1000 ms: not more than a period
    QCOMPARE(machine.status().recoveryWatch, RecoveryWatchMode::None);
    machine.probeStarted(0);
    QCOMPARE(machine.status().recoveryWatch, RecoveryWatchMode::None); // never while a check is in flight
    status = machine.probeFinished(result(FailureKind::ConnectionRefused), 0, kWallNow); // 2000 ms
    QCOMPARE(status.recoveryWatch, RecoveryWatchMode::Port);
    QVERIFY(status.sentence(2000).endsWith(QLatin1String("watching the port, will check as soon as it accepts")));
    QCOMPARE(machine.stop().recoveryWatch, RecoveryWatchMode::None);
}

QTEST_GUILESS_MAIN(TestMonitorStateMachine)
#include "TestMonitorStateMachine.moc"
