// The fault matrix: every failure kind of the fault server, at least 20 trials each, in shuffled
// order with several probes in flight at once, half of them behind the connect gate. Counts
// misclassifications per kind (the goal is zero) and checks that every probe ends within its limit
// plus 10 %, and reports the table (docs/RELIABILITY.md).
#include <algorithm>
#include <map>
#include <random>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include "FaultCases.h"
#include "FaultServer.h"

#include "probe/ProbeEngine.h"
#include "probe/ProbeHandle.h"

using namespace NetPulse;
using NetPulse::Demo::FaultServer;

namespace {

constexpr int kTrials = 20;
constexpr int kInFlight = 8;

struct Trial
{
    const Test::FaultCase *fault;
    bool connectFirst;
};

struct Tally
{
    int trials = 0;
    int misclassified = 0;
    int late = 0;
    double slowestMs = 0;
    QStringList seen; // what was said instead, once each
};

} // namespace

class TestFaultMatrix : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyKindManyTimesShuffledAndConcurrent();

private:
    FaultServer m_server;
    // The product's own path: probes on lanes, a check held up by NetPulse tried again on the
    // rescue lane. What the matrix judges is what a user would be told.
    ProbeEngine m_engine;
};

void TestFaultMatrix::initTestCase()
{
    qRegisterMetaType<ProbeResult>();
    QString error;
    QVERIFY2(m_server.start(0, &error), qPrintable(error));
    QVERIFY2(m_server.startTls(&error), qPrintable(error));
}

void TestFaultMatrix::everyKindManyTimesShuffledAndConcurrent()
{
    std::vector<Trial> trials;
    for (const Test::FaultCase &fault : Test::faultCases()) {
        for (int i = 0; i < kTrials; ++i)
            trials.push_back({&fault, i % 2 == 1});
    }
    // A fixed seed unless NETPULSE_MATRIX_SEED names another: CI shuffles the same way on every
    // commit, and a failing order can be replayed.
    const unsigned seed = qEnvironmentVariableIsSet("NETPULSE_MATRIX_SEED")
                              ? unsigned(qEnvironmentVariableIntValue("NETPULSE_MATRIX_SEED"))
                              : 20261130u;
    std::mt19937 random(seed);
    std::shuffle(trials.begin(), trials.end(), random);
    qInfo("fault matrix: %zu trials, %d at a time, seed %u (NETPULSE_MATRIX_SEED replays it)", trials.size(), kInFlight,
          seed);

    std::map<QString, Tally> tallies; // by case name
    std::map<const char *, int> placements;
    size_t next = 0;
    int running = 0;
    int done = 0;
    // Owns the probes, and is the receiver of their results: if the wait above gives up, it goes
    // first (its connections with it), so no probe still in flight can call into the locals here.
    auto ownerScope = std::make_unique<QObject>();
    QObject &owner = *ownerScope;
    // Each case is one endpoint, and an endpoint has one check in flight at a time, as in the
    // product: the next trial is the first waiting one whose case is not running.
    std::map<const char *, bool> caseRunning;
    std::vector<Trial> waiting(trials.begin(), trials.end());
    std::function<void()> launch = [&] {
        const auto pick =
            std::find_if(waiting.begin(), waiting.end(), [&](const Trial &t) { return !caseRunning[t.fault->name]; });
        if (pick == waiting.end())
            return;
        const Trial trial = *pick;
        waiting.erase(pick);
        ++next;
        caseRunning[trial.fault->name] = true;
        const Test::FaultCase &fault = *trial.fault;
        ProbeOptions options;
        options.url = Test::faultTarget(m_server, QString::fromLatin1(fault.where), QString::fromLatin1(fault.path));
        options.inactivityTimeoutMs = fault.timeoutMs;
        options.totalDeadlineMs = fault.deadlineMs;
        options.maxBodyBytes = fault.maxBody;
        options.insecure = fault.insecure;
        // Each case is one endpoint, with its place on the lanes, as in the product.
        if (!placements.count(fault.name))
            placements[fault.name] = m_engine.placeEndpoint();
        auto *probe = m_engine.createProbe(options, &owner, placements[fault.name]);
        probe->setConnectFirst(trial.connectFirst);
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        ++running;
        connect(probe, &ProbeHandle::finished, &owner, [&, probe, clock, trial](const ProbeResult &result) {
            const Test::FaultCase &f = *trial.fault;
            const double ms = double(clock->nsecsElapsed()) / 1e6;
            Tally &tally = tallies[QString::fromLatin1(f.name)];
            ++tally.trials;
            tally.slowestMs = std::max(tally.slowestMs, ms);
            const bool right = failureKindName(result.kind) == QLatin1String(f.kind) &&
                               result.httpStatus.value_or(-1) == f.status &&
                               result.detail.contains(QLatin1String(f.detail), Qt::CaseInsensitive);
            if (!right) {
                ++tally.misclassified;
                const QString said =
                    QStringLiteral("%1%2: %3")
                        .arg(failureKindName(result.kind), trial.connectFirst ? QStringLiteral(" (gate)") : QString(),
                             result.detail.left(120));
                if (!tally.seen.contains(said))
                    tally.seen.append(said);
            }
            // Every probe ends within its limit plus 10 %: the inactivity timeout, plus a
            // diagnosis (at most as long again, and 2 s) where the classifier asks for one, or
            // the total deadline, whichever comes first; and 300 ms for eight probes, their TLS
            // handshakes and the fault server sharing one busy thread. Far stricter than the
            // issue's "total deadline + 10 %" (30 s for most cases here).
            const int limitMs = std::min(f.deadlineMs, f.timeoutMs + std::min(2000, f.timeoutMs));
            // A first try held up by NetPulse itself is made again at once on the rescue lane: the
            // user waits for both, each within its limit.
            const double bound = (limitMs * 1.1 + 300) * (result.retriedAfterOwnDelay ? 2 : 1);
            if (ms > bound)
                ++tally.late;
            probe->deleteLater();
            --running;
            ++done;
            caseRunning[f.name] = false;
            while (running < kInFlight && !waiting.empty() && running < int(trials.size() - done)) {
                const int before = running;
                launch();
                if (running == before)
                    break; // every waiting case is in flight already
            }
        });
        probe->start();
    };
    while (running < kInFlight && !waiting.empty()) {
        const int before = running;
        launch();
        if (running == before)
            break;
    }
    QTRY_VERIFY_WITH_TIMEOUT(done == int(trials.size()), 180000);
    ownerScope.reset();

    int misclassified = 0;
    int late = 0;
    qInfo("%-48s %6s %13s %6s %10s", "case", "trials", "misclassified", "late", "slowest");
    for (const auto &[name, tally] : tallies) {
        qInfo("%-48s %6d %13d %6d %8.0f ms", qPrintable(name), tally.trials, tally.misclassified, tally.late,
              tally.slowestMs);
        for (const QString &said : tally.seen)
            qInfo("    said instead: %s", qPrintable(said));
        misclassified += tally.misclassified;
        late += tally.late;
    }
    qInfo("fault matrix: %d fault cases, %zu trials, misclassified %d, late %d", int(tallies.size()), trials.size(),
          misclassified, late);
    QCOMPARE(misclassified, 0);
    QCOMPARE(late, 0);
}

QTEST_GUILESS_MAIN(TestFaultMatrix)
#include "TestFaultMatrix.moc"
