// netpulse-bench: the speed and memory figures behind docs/PERFORMANCE.md. Loopback only: it talks
// to fault servers on 127.0.0.1 (in this process, or in their own where a peer is compared), with
// bounded counts and durations.
//   netpulse-bench probes [N]           sequential probes: refused and ok, microseconds each
//   netpulse-bench compare [N] [--json] [--quick]  one probe's cost against curl and blackbox_exporter
//   netpulse-bench latency [CHANGES]   result -> banner painted, process start -> first paint (offscreen)
//   netpulse-bench probe-loop URL [N] [plain]  N requests to URL only, for a profiler (plain: bare QNAM)
//   netpulse-bench soak [ENDPOINTS] [S] ENDPOINTS watched at 1 s for S seconds: RSS and CPU over time
//   netpulse-bench window [ENDPOINTS] [S]  the same with the whole window live (offscreen)
//   netpulse-bench log [EVENTS]         the window's event log model absorbing a burst
//   netpulse-bench history [DAYS]       one endpoint every 5 s for DAYS: write cost, size, 30-day view
//   netpulse-bench history-fleet [N]    N endpoints with 30 days each: the overview of all of them
//   netpulse-bench fleet [N] [S] [hostile]  N endpoints of an endpoint file at 1 s, half refused, half a
//                                       200 from a server in another process: CPU, event-loop lag, peak
//                                       RSS; `hostile` adds six hostile endpoints on a second server and
//                                       counts the healthy verdicts they made wrong
//   netpulse-bench window-fleet [N] [S] [MS] [ROUNDS]  N endpoints at MS in `netpulse --headless` and in
//                                       `netpulse-window` (offscreen), S s each: what the window adds
//   netpulse-bench recovery [TRIALS]    a refusing port opens: how long until the endpoint is up
//   netpulse-bench hostile [S]          peak RSS under an endless body, a header flood and compression
//                                       bombs at once, against as many plain 200s (bench/HostileMemory.cpp)
#include "DemoFleet.h"
#include "FaultServer.h"
#include "HostileMemory.h"
#include "Measure.h"
#include "PeerComparison.h"
#include "WindowOverHeadless.h"

#include "cache/ResponseCache.h"
#include "endpoints/EndpointFileWatcher.h"
#include "endpoints/EndpointList.h"
#include "endpoints/EventLog.h"
#include "history/HistoryStore.h"
#include "metrics/Gzip.h"
#include "metrics/MetricsCollector.h"
#include "monitor/EndpointMonitor.h"
#include "probe/Probe.h"
#include "probe/ProbeEngine.h"
#include "vantage/VantageReader.h"

#ifdef NETPULSE_BENCH_GUI
#include <QApplication>

#include "EndpointListModel.h"
#include "EventLogModel.h"
#include "EventLogPage.h"
#include "MainWindow.h"
#include "StatusBanner.h"
#endif

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

using namespace NetPulse;
using NetPulse::Demo::FaultServer;
using namespace NetPulse::Bench;

namespace {

ProbeResult probeOnce(QNetworkAccessManager *manager, const QUrl &url, bool connectFirst = false)
{
    ProbeOptions options;
    options.url = url;
    Probe probe(manager, options);
    probe.setConnectFirst(connectFirst);
    ProbeResult result;
    QEventLoop loop;
    QObject::connect(&probe, &Probe::finished, &loop, [&](const ProbeResult &r) {
        result = r;
        loop.quit();
    });
    probe.start();
    loop.exec();
    return result;
}

// For profilers (perf, callgrind): `count` sequential requests to `url` and nothing else, through a
// Probe or (`plain`) a bare QNetworkAccessManager request with the same fresh-connection headers,
// which is the floor a Probe builds on. Prints CPU and wall time per request.
int benchProbeLoop(const QUrl &url, int count, bool plain)
{
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    const double cpuStart = cpuSeconds();
    QElapsedTimer clock;
    clock.start();
    int ok = 0;
    for (int i = 0; i < count; ++i) {
        if (plain) {
            QNetworkRequest request(url);
            request.setRawHeader("Connection", "close");
            request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
            QNetworkReply *reply = manager.get(request);
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            loop.exec();
            reply->readAll();
            ok += reply->error() == QNetworkReply::NoError ? 1 : 0;
            delete reply;
        } else {
            ok += probeOnce(&manager, url).isOk() ? 1 : 0;
        }
    }
    std::printf("probe-loop %s %d x %s: cpu %.1f us, wall %.1f us each; ok %d\n", plain ? "plain QNAM" : "Probe", count,
                qPrintable(url.toString()), (cpuSeconds() - cpuStart) * 1e6 / count,
                double(clock.nsecsElapsed()) / 1e3 / count, ok);
    return 0;
}

int benchProbes(int count)
{
    FaultServer server;
    server.start();
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    struct Target
    {
        const char *name;
        QUrl url;
        bool connectFirst;
    };
    const QList<Target> targets = {{"refused", server.refusedUrl(), false},
                                   {"refused-gate", server.refusedUrl(), true},
                                   {"ok", server.url(QStringLiteral("/ok")), false},
                                   {"ok-gate", server.url(QStringLiteral("/ok")), true}};
    for (const Target &target : targets) {
        probeOnce(&manager, target.url); // warm up: first-use costs (TLS backend, DNS cache) apart
        QElapsedTimer clock;
        clock.start();
        int wrong = 0;
        const bool wantOk = QByteArray(target.name).startsWith("ok");
        for (int i = 0; i < count; ++i) {
            const ProbeResult r = probeOnce(&manager, target.url, target.connectFirst);
            wrong += wantOk != r.isOk() ? 1 : 0;
        }
        const double us = double(clock.nsecsElapsed()) / 1000.0 / count;
        std::printf("probes %-12s %6d sequential: %8.1f us each, misclassified %d\n", target.name, count, us, wrong);
    }
    std::printf("probes rss_kib %ld\n", rssKiB());
    return 0;
}

// A service refuses for 8 s, then serves 200; the monitor runs with every default. Measures the time
// from the port opening to the healthy result (what the headless line and the banner show, in the
// same event-loop turn). Trials run side by side, started at staggered moments so the port opens
// at every phase of the recovery watch's period.
int benchRecovery(int trials)
{
    struct Trial
    {
        std::unique_ptr<FaultServer> server;
        std::unique_ptr<EndpointMonitor> monitor;
        QElapsedTimer sinceOpen;
        double seenMs = -1;
        int httpRequests = 0;
    };
    ProbeEngine engine;
    std::vector<Trial> all(size_t(std::max(1, trials)));
    int done = 0;
    for (size_t i = 0; i < all.size(); ++i) {
        Trial &trial = all[i];
        trial.server = std::make_unique<FaultServer>();
        trial.monitor = std::make_unique<EndpointMonitor>(&engine);
        QObject::connect(trial.server.get(), &FaultServer::flappingChanged, [&trial](bool up) {
            if (up && !trial.sinceOpen.isValid())
                trial.sinceOpen.start();
        });
        QObject::connect(trial.monitor.get(), &EndpointMonitor::attemptFinished,
                         [&trial, &done, &all](const ProbeResult &result, const MonitorStatus &) {
                             if (result.isOk() && trial.seenMs < 0 && trial.sinceOpen.isValid()) {
                                 trial.seenMs = double(trial.sinceOpen.nsecsElapsed()) / 1e6;
                                 trial.httpRequests = trial.server->requestsServed();
                                 trial.monitor->stop();
                                 if (++done == int(std::size(all)))
                                     QCoreApplication::quit();
                             }
                         });
        // Staggered by 1/trials of a second: every phase of the one-second watch is sampled.
        QTimer::singleShot(int(i * 1000 / all.size()), [&trial] {
            trial.server->startFlapping({60000, 8000, true});
            MonitorSettings settings; // every default: interval 5 s, 3 retries, full jitter, down 30 s
            settings.probe.url = trial.server->flappingUrl();
            trial.monitor->setSettings(settings);
            trial.monitor->start();
        });
    }
    QTimer::singleShot(60000, [] { QCoreApplication::quit(); }); // bounded, whatever happens
    QCoreApplication::exec();
    std::vector<double> seen;
    for (const Trial &trial : all) {
        if (trial.seenMs >= 0)
            seen.push_back(trial.seenMs);
    }
    std::sort(seen.begin(), seen.end());
    const int within = int(std::count_if(seen.begin(), seen.end(), [](double ms) { return ms <= 1500.0; }));
    std::printf("recovery %d trials (refusing 8 s, then 200; default settings): seen %zu, within 1.5 s: %d\n", trials,
                seen.size(), within);
    if (!seen.empty())
        std::printf("recovery after the port opened: min %.0f ms, median %.0f ms, max %.0f ms\n", seen.front(),
                    seen[seen.size() / 2], seen.back());
    for (size_t i = 0; i < all.size(); ++i)
        std::printf("recovery trial %2zu: %7.0f ms, HTTP requests %d\n", i + 1, all[i].seenMs, all[i].httpRequests);
    return 0;
}

// One endpoint checked every 5 s for `days` days, written through the real store (batches of 250 ms
// worth of rows are not simulated: one flush per simulated minute), then maintained as the app
// does hourly. Reports the write cost per attempt, the file size, and the time to read the 30-day
// and 24-hour views.
int benchHistory(int days)
{
    QTemporaryDir dir;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 start = now - qint64(days) * 24 * 3600 * 1000;
    qint64 attempts = 0;
    double writeSeconds = 0;
    {
        HistoryStore store(dir.path());
        ProbeResult ok;
        ok.kind = FailureKind::Ok;
        ok.httpStatus = 200;
        ok.timeline.connectingNs = 100000;
        ok.timeline.requestSentNs = 300000;
        ok.timeline.headersNs = 2000000;
        ok.timeline.firstByteNs = 2100000;
        ok.timeline.finishedNs = 2500000;
        ok.bytesReceived = 512;
        ProbeResult refused;
        refused.kind = FailureKind::ConnectionRefused;
        refused.timeline.finishedNs = 300000;
        QElapsedTimer clock;
        clock.start();
        for (qint64 at = start; at < now; at += 5000) {
            // An outage of 10 minutes every day at the same hour.
            const bool down = (at / 1000 / 60) % (24 * 60) < 10;
            store.recordAttempt(QStringLiteral("bench"), down ? refused : ok,
                                down ? MonitorState::Down : MonitorState::Up, at);
            ++attempts;
            if (attempts % 12 == 0)
                store.flush();
        }
        store.flush();
        writeSeconds = double(clock.nsecsElapsed()) / 1e9;
        clock.restart();
        store.maintain(now);
        const double maintainMs = double(clock.nsecsElapsed()) / 1e6;
        std::printf("history %d days, 1 endpoint every 5 s: %lld attempts written in %.2f s (%.1f us each, "
                    "flushed 12 at a time); maintenance %.0f ms\n",
                    days, static_cast<long long>(attempts), writeSeconds, writeSeconds * 1e6 / double(attempts),
                    maintainMs);
        for (const auto &[label, spanMs] : {std::pair<const char *, qint64>{"30-day", 30LL * 24 * 3600 * 1000},
                                            std::pair<const char *, qint64>{"24-hour", 24LL * 3600 * 1000}}) {
            double best = 1e9;
            HistorySummary summary;
            for (int i = 0; i < 5; ++i) {
                clock.restart();
                summary = store.summary(QStringLiteral("bench"), now - spanMs, now);
                best = std::min(best, double(clock.nsecsElapsed()) / 1e6);
            }
            std::printf("history %s view: %.1f ms (best of 5); %d checks, uptime %.2f %%, %lld outages%s\n", label,
                        best, summary.checks, summary.uptime().value_or(0) * 100.0,
                        static_cast<long long>(summary.outages.size()),
                        summary.fromRollups ? ", older days from hourly rollups" : "");
        }
    }
    const QFileInfo file(dir.filePath(HistoryStore::fileName()));
    std::printf("history file after maintenance: %.2f MB (raw kept 7 days, rollups beyond)\n",
                double(file.size()) / 1e6);
    {
        // Where the bytes are: pages in use and free, and the rows.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-inspect"));
        db.setDatabaseName(file.filePath());
        if (db.open()) {
            auto one = [&db](const QString &sql) {
                QSqlQuery query(db);
                return query.exec(sql) && query.next() ? query.value(0).toLongLong() : -1;
            };
            std::printf(
                "history pages %lld of %lld bytes, %lld free; attempts %lld, rollups %lld, state changes %lld\n",
                one(QStringLiteral("PRAGMA page_count")), one(QStringLiteral("PRAGMA page_size")),
                one(QStringLiteral("PRAGMA freelist_count")), one(QStringLiteral("SELECT count(*) FROM attempts")),
                one(QStringLiteral("SELECT count(*) FROM rollups")),
                one(QStringLiteral("SELECT count(*) FROM state_changes")));
            QSqlQuery spans(db);
            spans.exec(QStringLiteral("SELECT span, count(*), sum(checks) FROM rollups GROUP BY span"));
            while (spans.next())
                std::printf("history rollups of %lld ms: %lld rows, %lld checks\n", spans.value(0).toLongLong(),
                            spans.value(1).toLongLong(), spans.value(2).toLongLong());
            std::printf("history auto_vacuum %lld\n", one(QStringLiteral("PRAGMA auto_vacuum")));
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-inspect"));
    return 0;
}

// The overview of `endpoints` endpoints (uptime of each over 24 hours and over 30 days), on a
// database holding 30 days of every one of them at one check every 5 s. One endpoint's 30 days are
// written through the store and maintained as the app does; its rollups and its raw rows since the
// last rollup are then copied to the others in SQL (writing 30 days for each would take hours). Raw
// rows older than the rollups are not copied: the overview never reads them, and the bytes they
// take per endpoint are what `history` reports.
int benchHistoryFleet(int endpoints)
{
    QTemporaryDir dir;
    dir.setAutoRemove(qEnvironmentVariableIsEmpty("NETPULSE_BENCH_KEEP"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 start = now - 30LL * 24 * 3600 * 1000;
    {
        HistoryStore store(dir.path());
        ProbeResult ok;
        ok.kind = FailureKind::Ok;
        ok.httpStatus = 200;
        ok.timeline.finishedNs = 2500000;
        ProbeResult refused;
        refused.kind = FailureKind::ConnectionRefused;
        refused.timeline.finishedNs = 300000;
        qint64 written = 0;
        for (qint64 at = start; at < now; at += 5000) {
            const bool down = (at / 1000 / 60) % (24 * 60) < 10;
            store.recordAttempt(QStringLiteral("fleet-0"), down ? refused : ok,
                                down ? MonitorState::Down : MonitorState::Up, at);
            if (++written % 720 == 0)
                store.flush();
        }
        store.flush();
        store.maintain(now);
    }
    QElapsedTimer clock;
    clock.start();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-fleet"));
        db.setDatabaseName(dir.filePath(HistoryStore::fileName()));
        if (!db.open())
            return 1;
        QSqlQuery query(db);
        query.exec(QStringLiteral("PRAGMA journal_mode = WAL"));
        query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'rolled_until_3600000'"));
        const qint64 rolledUntil = query.next() ? query.value(0).toLongLong() : 0;
        db.transaction();
        QSqlQuery copy(db);
        copy.prepare(QStringLiteral("INSERT INTO endpoints(id) VALUES(?)"));
        for (int i = 1; i < endpoints; ++i) {
            copy.addBindValue(QStringLiteral("fleet-%1").arg(i));
            copy.exec();
        }
        query.exec(QStringLiteral("INSERT INTO rollups SELECT e.key, r.span, r.start, r.checks, r.ok, r.lat_min_us, "
                                  "r.lat_max_us, r.p50_us, r.p95_us, r.p99_us, r.failures FROM rollups r, endpoints e "
                                  "WHERE r.endpoint = 1 AND e.key <> 1"));
        query.prepare(QStringLiteral("INSERT INTO attempts SELECT e.key, a.at, a.kind, a.status, a.total_us, "
                                     "a.connect_us, a.tls_us, a.ttfb_us, a.transfer_us, a.bytes, a.state "
                                     "FROM attempts a, endpoints e WHERE a.endpoint = 1 AND e.key <> 1 AND a.at >= ?"));
        query.addBindValue(rolledUntil);
        query.exec();
        db.commit();
        QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-fleet"));
    std::printf("history-fleet: %d endpoints x 30 days prepared in %.1f s; file %.1f MB\n", endpoints,
                double(clock.elapsed()) / 1000.0,
                double(QFileInfo(dir.filePath(HistoryStore::fileName())).size()) / 1e6);
    clock.restart();
    HistoryStore store(dir.path());
    std::printf("history-fleet: open %.1f ms\n", double(clock.nsecsElapsed()) / 1e6);
    for (const auto &[label, spanMs] : {std::pair<const char *, qint64>{"24-hour", 24LL * 3600 * 1000},
                                        std::pair<const char *, qint64>{"30-day", 30LL * 24 * 3600 * 1000}}) {
        // One endpoint's view among many: its rows are spread over the file as they were written.
        double viewBest = 1e9;
        for (int i = 0; i < 5; ++i) {
            clock.restart();
            store.summary(QStringLiteral("fleet-%1").arg(endpoints / 2), now - spanMs, now);
            viewBest = std::min(viewBest, double(clock.nsecsElapsed()) / 1e6);
        }
        std::printf("history-fleet %s view of one endpoint among %d: %.1f ms best of 5\n", label, endpoints, viewBest);
        double first = 0;
        double best = 1e9;
        QHash<QString, HistoryUptime> overview;
        for (int i = 0; i < 5; ++i) {
            clock.restart();
            overview = store.overview(now - spanMs, now);
            const double ms = double(clock.nsecsElapsed()) / 1e6;
            first = i == 0 ? ms : first;
            best = std::min(best, ms);
        }
        const HistoryUptime sample = overview.value(QStringLiteral("fleet-%1").arg(endpoints - 1));
        std::printf(
            "history-fleet %s overview of %lld endpoints: %.0f ms first, %.0f ms best of 5; last one %d checks, "
            "uptime %.2f %%\n",
            label, static_cast<long long>(overview.size()), first, best, sample.checks,
            sample.uptime().value_or(0) * 100.0);
    }
    return 0;
}

// Issue 12's scale figure: `endpoints` endpoints read from an endpoint file (as a team would run
// them), checked every second, half refused and half a 200 from netpulse-demo-server in its own
// process, for `seconds`. Reports this process's CPU (of one core), the event loop's lag (a 50 ms
// timer's lateness: p50/p99/max), peak RSS, and checks done against checks due.
// The hostile endpoints of `fleet … hostile` (the isolation issue's six): path, timeout, deadline, body cap.
struct HostileEndpoint
{
    const char *name;
    const char *path;
    int timeoutMs;
    int deadlineMs;
    int maxBody;
};
constexpr HostileEndpoint kHostileEndpoints[] = {
    {"header-flood", "/endless-headers?interval=0", 5000, 30000, 1 << 20},
    {"drip", "/drip?interval=50&bytes=100000", 600, 600, 1 << 20},
    {"broken-chunking", "/bad-chunked", 400, 30000, 1 << 20},
    {"compression-bomb", "/deflate-bomb", 5000, 30000, 1 << 20},
    {"reset-at-accept", "/reset-at-once", 5000, 30000, 1 << 20},
    {"endless-body", "/endless", 5000, 30000, 200000},
};

int benchFleet(int endpoints, int seconds, bool hostile)
{
    QProcess server;
    const QJsonObject urls = startDemoServer(&server, "fleet");
    if (urls.isEmpty())
        return 1;
    QTemporaryDir dir;
    QJsonArray list = halfOkHalfRefused(urls, endpoints);
    // What each healthy endpoint must be told: its own truth, whatever its neighbours do.
    auto expectedKind = [](const QString &name) {
        return name.mid(1).toInt() % 2 ? QStringLiteral("connection_refused") : QStringLiteral("ok");
    };
    QProcess hostileServer;
    if (hostile) {
        hostileServer.start(
            QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("netpulse-demo-server")),
            {QStringLiteral("--json"), QStringLiteral("--exit-with-stdin")});
        if (!hostileServer.waitForReadyRead(10000)) {
            std::fprintf(stderr, "fleet: the hostile netpulse-demo-server did not start\n");
            return 1;
        }
        const QString base =
            QJsonDocument::fromJson(hostileServer.readLine()).object().value(QStringLiteral("base")).toString();
        for (const HostileEndpoint &h : kHostileEndpoints) {
            QJsonObject endpoint;
            endpoint.insert(QStringLiteral("name"), QString(QStringLiteral("hostile-") + QLatin1String(h.name)));
            endpoint.insert(QStringLiteral("url"), QString(base + QLatin1String(h.path)));
            endpoint.insert(QStringLiteral("timeout_ms"), h.timeoutMs);
            endpoint.insert(QStringLiteral("deadline_ms"), h.deadlineMs);
            endpoint.insert(QStringLiteral("max_body_bytes"), h.maxBody);
            list.append(endpoint);
        }
    }
    QJsonObject defaults;
    defaults.insert(QStringLiteral("interval_ms"), 1000);
    defaults.insert(QStringLiteral("down_interval_ms"), 1000);
    defaults.insert(QStringLiteral("retries"), 0); // a refused endpoint is checked every second, as a 200 is
    defaults.insert(QStringLiteral("recovery_watch"), false);
    const QString path = dir.filePath(QStringLiteral("fleet.json"));
    if (!writeEndpointFile(path, defaults, list, "fleet"))
        return 1;

    ProbeEngine engine;
    // As the headless program has them: a last-good cache, the history database, the event log.
    ResponseCache cache(dir.filePath(QStringLiteral("cache")), CacheLimits());
    HistoryStore history(dir.filePath(QStringLiteral("data")));
    EventLog log;
    EndpointList watched({&engine, &cache, &log, &history});
    qint64 checks = 0;
    qint64 wrong = 0;  // healthy endpoints told something else than their own truth
    qint64 heldUp = 0; // netpulse_busy: said as NetPulse's own, never the server's
    QStringList wrongSeen;
    QObject::connect(&watched, &EndpointList::endpointAdded, [&](int row) {
        WatchedEndpoint *endpoint = watched.at(row);
        const QString name = endpoint->displayName();
        if (name.startsWith(QLatin1String("hostile-")))
            return;
        QObject::connect(endpoint, &WatchedEndpoint::attemptFinished, [&, name](const ProbeResult &result) {
            ++checks;
            if (result.kind == FailureKind::NetPulseBusy)
                ++heldUp;
            else if (isVerdictOnServer(result.kind) && failureKindName(result.kind) != expectedKind(name)) {
                ++wrong;
                if (wrongSeen.size() < 5)
                    wrongSeen << name + QStringLiteral(": ") + failureKindName(result.kind) + QStringLiteral(" ") +
                                     result.detail.left(120);
            }
        });
    });
    EndpointFileWatcher fileWatcher(&watched, path);
    QElapsedTimer clock;
    clock.start();
    if (!fileWatcher.reload())
        return 1;
    const double loadMs = double(clock.nsecsElapsed()) / 1e6;
    // Lag: how late a 50 ms timer fires while all of this runs.
    std::vector<double> lags;
    QElapsedTimer tick;
    tick.start();
    QTimer lagTimer;
    lagTimer.setTimerType(Qt::PreciseTimer);
    lagTimer.setInterval(50);
    QObject::connect(&lagTimer, &QTimer::timeout, [&] {
        lags.push_back(std::max(0.0, double(tick.nsecsElapsed()) / 1e6 - 50.0));
        tick.restart();
    });
    // The first seconds start every endpoint at once; measure the steady state after them.
    const int warmupMs = 5000;
    double cpuStart = 0;
    qint64 checksStart = 0;
    qint64 wrongStart = 0;
    long peakRss = 0;
    QTimer::singleShot(warmupMs, [&] {
        cpuStart = cpuSeconds();
        checksStart = checks;
        wrongStart = wrong;
        lags.clear();
        tick.restart();
        lagTimer.start();
    });
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, [&] { peakRss = std::max(peakRss, rssKiB()); });
    sampler.start(1000);
    QEventLoop loop;
    QTimer::singleShot(warmupMs + seconds * 1000, &loop, &QEventLoop::quit);
    loop.exec();
    const double cpu = cpuSeconds() - cpuStart;
    std::sort(lags.begin(), lags.end());
    auto at = [&lags](double p) {
        return lags.empty() ? 0.0 : lags[std::min(lags.size() - 1, size_t(p * double(lags.size())))];
    };
    std::printf("fleet %d endpoints from an endpoint file, 1 s interval, half refused, half 200 (server in another "
                "process): loaded in %.0f ms\n",
                endpoints, loadMs);
    std::printf("fleet over %d s after a %d s warm-up: cpu %.1f %% of one core; checks %lld of %lld due (%.1f %%); "
                "loop lag p50 %.1f ms p99 %.1f ms max %.1f ms; peak rss %.1f MB\n",
                seconds, warmupMs / 1000, 100.0 * cpu / seconds, static_cast<long long>(checks - checksStart),
                static_cast<long long>(qint64(endpoints) * seconds),
                100.0 * double(checks - checksStart) / double(qint64(endpoints) * seconds), at(0.5), at(0.99),
                lags.empty() ? 0.0 : lags.back(), double(peakRss) / 1024.0);
    std::printf("fleet healthy verdicts wrong: %lld over the measured %d s (%lld in the warm-up, when every hostile "
                "endpoint's first check runs on a shared lane); netpulse_busy %lld%s\n",
                static_cast<long long>(wrong - wrongStart), seconds, static_cast<long long>(wrongStart),
                static_cast<long long>(heldUp), hostile ? " (six hostile endpoints beside them)" : "");
    for (const QString &said : std::as_const(wrongSeen))
        std::printf("  e.g. %s\n", qPrintable(said));
    // The in-process fleet stops first: the two must not share the machine's cores.
    for (int row = 0; row < watched.count(); ++row)
        watched.at(row)->stop();
    // The same file in the real program, as a fleet user runs it (history and cache on, one JSON
    // line per check on stdout, read here): its CPU and peak RSS from /proc.
    QProcess netpulse;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"})
        environment.insert(QString::fromLatin1(name), dir.filePath(QString::fromLatin1(name)));
    netpulse.setProcessEnvironment(environment);
    netpulse.setStandardErrorFile(QProcess::nullDevice());
    // Lines go to a file, counted at the marks: reading 10 MB/s through a pipe here would slow the
    // program down (the first 10,000-endpoint run did), not measure it.
    const QString linesPath = dir.filePath(QStringLiteral("lines.jsonl"));
    netpulse.setStandardOutputFile(linesPath);
    auto linesSoFar = [&linesPath] {
        QFile file(linesPath);
        return file.open(QIODevice::ReadOnly) ? qint64(file.readAll().count('\n')) : 0;
    };
    qint64 lines = 0;
    netpulse.start(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("netpulse")),
                   {QStringLiteral("--headless"), QStringLiteral("--config"), path});
    if (netpulse.waitForStarted(5000)) {
        double processCpuStart = 0;
        qint64 linesStart = 0;
        QTimer::singleShot(warmupMs, [&] {
            processCpuStart = processCpuSeconds(netpulse.processId());
            linesStart = linesSoFar();
        });
        double processCpu = 0;
        long peak = 0;
        QEventLoop processLoop;
        QTimer::singleShot(warmupMs + seconds * 1000, [&] {
            processCpu = processCpuSeconds(netpulse.processId()) - processCpuStart;
            peak = processStatusKiB(netpulse.processId(), "VmHWM");
            lines = linesSoFar();
            processLoop.quit();
        });
        processLoop.exec();
        // The healthy endpoints' lines after the warm-up: their count, and any wrong verdict.
        qint64 healthyLines = 0;
        qint64 processWrong = 0;
        QFile linesFile(linesPath);
        if (linesFile.open(QIODevice::ReadOnly)) {
            qint64 index = 0;
            while (!linesFile.atEnd()) {
                const QByteArray line = linesFile.readLine();
                if (index++ < linesStart)
                    continue;
                const QJsonObject object = QJsonDocument::fromJson(line).object();
                const QString name = object.value(QStringLiteral("name")).toString();
                const QString kind = object.value(QStringLiteral("kind")).toString();
                if (name.startsWith(QLatin1String("hostile-")) || name.isEmpty())
                    continue;
                ++healthyLines;
                if (kind != expectedKind(name) && kind != QLatin1String("netpulse_busy") &&
                    kind != QLatin1String("cancelled"))
                    ++processWrong;
            }
        }
        std::printf(
            "fleet as a process (netpulse --headless --config, history and cache on, lines to a file): cpu %.1f "
            "%% of one core; checks %lld of %lld due (%.1f %%); peak rss %.1f MB; healthy verdicts wrong %lld\n",
            100.0 * processCpu / seconds, static_cast<long long>(healthyLines),
            static_cast<long long>(qint64(endpoints) * seconds),
            100.0 * double(healthyLines) / double(qint64(endpoints) * seconds), double(peak) / 1024.0,
            static_cast<long long>(processWrong));
        netpulse.terminate();
        netpulse.waitForFinished(10000);
    }
    server.closeWriteChannel();
    server.waitForFinished(5000);
    if (hostile) {
        hostileServer.closeWriteChannel();
        hostileServer.waitForFinished(5000);
    }
    return 0;
}

int benchSoak(int endpoints, int seconds, bool withWindow)
{
    // The server in a process of its own, as a watched service is: in this process its answers
    // would wait for the window's painting, and that wait would be the server's, not NetPulse's.
    QProcess server;
    server.start(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("netpulse-demo-server")),
                 {QStringLiteral("--json"), QStringLiteral("--exit-with-stdin"), QStringLiteral("--flap-up"),
                  QStringLiteral("3000"), QStringLiteral("--flap-down"), QStringLiteral("3000")});
    if (!server.waitForReadyRead(10000)) {
        std::fprintf(stderr, "soak: netpulse-demo-server did not start\n");
        return 1;
    }
    const QJsonObject urls = QJsonDocument::fromJson(server.readLine()).object();
    auto url = [&urls](const char *key) { return QUrl(urls.value(QLatin1String(key)).toString()); };
    QUrl status503 = url("base");
    status503.setPath(QStringLiteral("/status/503"));
    ProbeEngine engine;
    EventLog log;
    EndpointList list({&engine, nullptr, &log});
#ifdef NETPULSE_BENCH_GUI
    std::unique_ptr<MainWindow> window; // every view of the window is live
    if (withWindow) {
        window = std::make_unique<MainWindow>(&list, &log, nullptr);
        window->show();
    }
#else
    Q_UNUSED(withWindow);
#endif
    for (int i = 0; i < endpoints; ++i) {
        EndpointConfig config;
        // A mix: healthy, flapping (retries and recoveries), refused, server errors.
        const QUrl targets[] = {url("ok"), url("flapping"), url("refused"), status503};
        config.settings.probe.url = targets[i % 4];
        config.settings.intervalMs = 1000;
        config.settings.downIntervalMs = 1000;
        config.settings.backoff = {200, 2.0, 1000, JitterMode::Full};
        list.add(config);
    }
    // What a loopback 200 reads as: the same server answers in well under a millisecond, so any
    // more is NetPulse's own time charged to it (compare `soak` and `window` of the same size).
    std::vector<double> okMs;
    for (int row = 0; row < list.count(); ++row) {
        if (row % 4 != 0)
            continue;
        QObject::connect(list.at(row), &WatchedEndpoint::attemptFinished, [&okMs](const ProbeResult &result) {
            if (result.isOk() && result.timeline.totalMs())
                okMs.push_back(*result.timeline.totalMs());
        });
    }
    QElapsedTimer clock;
    clock.start();
    const double cpuStart = cpuSeconds();
    std::printf("soak %d endpoints, %d s, %s: t=0 rss_kib %ld\n", endpoints, seconds,
                withWindow ? "with the window" : "core only", rssKiB());
    QTimer report;
    int lastCpuMark = 0;
    double cpuMark = cpuStart;
    QObject::connect(&report, &QTimer::timeout, [&] {
        const int t = int(clock.elapsed() / 1000);
        const double cpu = cpuSeconds();
        std::printf("soak t=%3d s rss_kib %ld heap_kib %ld cpu %.1f %% (last %d s) events %d\n", t, rssKiB(),
                    heapInUseKiB(), 100.0 * (cpu - cpuMark) / std::max(1, t - lastCpuMark), t - lastCpuMark,
                    log.size());
        std::fflush(stdout);
        cpuMark = cpu;
        lastCpuMark = t;
        if (clock.elapsed() >= qint64(seconds) * 1000)
            QCoreApplication::quit();
    });
    report.start(std::max(1000, seconds * 1000 / 6));
    QCoreApplication::exec();
    int attempts = 0;
    for (const WatchedEndpoint *endpoint : list.endpoints())
        attempts += endpoint->stats().sessionAttempts();
    std::printf("soak attempts %d, cpu total %.2f s over %.0f s\n", attempts, cpuSeconds() - cpuStart,
                double(clock.elapsed()) / 1000.0);
    std::sort(okMs.begin(), okMs.end());
    auto at = [&okMs](double p) {
        return okMs.empty() ? 0.0 : okMs[std::min(okMs.size() - 1, size_t(p * double(okMs.size())))];
    };
    std::printf("soak a loopback 200 (server in another process) reads: median %.2f ms, p90 %.2f ms, p99 %.2f ms "
                "over %zu checks\n",
                at(0.5), at(0.9), at(0.99), okMs.size());
    server.closeWriteChannel();
    server.waitForFinished(5000);
    return 0;
}

#ifdef NETPULSE_BENCH_GUI
int benchLog(int events)
{
    ProbeEngine engine;
    EventLog log;
    EndpointList list({&engine, nullptr, &log});
    MainWindow window(&list, &log, nullptr);
    window.show();
    QCoreApplication::processEvents();
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < events; ++i) {
        LogEvent e;
        e.at = QDateTime::currentDateTimeUtc();
        e.endpointId = QStringLiteral("bench");
        e.endpointName = QStringLiteral("bench %1").arg(i % 50);
        e.kind = i % 3 ? FailureKind::Ok : FailureKind::ConnectionRefused;
        e.message = QStringLiteral("burst");
        log.append(e);
    }
    const double appendMs = double(clock.nsecsElapsed()) / 1e6;
    clock.restart();
    window.eventLogPage()->model()->flush();
    QCoreApplication::processEvents();
    const double viewMs = double(clock.nsecsElapsed()) / 1e6;
    std::printf("log burst %d events: append %.1f ms, one view update %.1f ms, rows %d, rss_kib %ld\n", events,
                appendMs, viewMs, window.eventLogPage()->model()->rowCount(), rssKiB());
    return 0;
}
#endif

} // namespace

#ifdef NETPULSE_BENCH_GUI
// Paints of one widget, timed: the moment the next one begins after `since` was set.
class PaintClock : public QObject
{
public:
    std::optional<qint64> sinceNs;
    std::vector<double> delaysMs;
    QElapsedTimer *clock = nullptr;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && sinceNs) {
            delaysMs.push_back(double(clock->nsecsElapsed() - *sinceNs) / 1e6);
            sinceNs.reset();
        }
        return QObject::eventFilter(watched, event);
    }
};

// From a result to the banner painted, and from the process start to the first painted window.
// One endpoint on a port that is refused and open in turns (300 ms each), checked every 100 ms
// with retries off, in the whole window (offscreen): for each result that changes the verdict, the
// time until the banner's next paint begins. The probe's own start-to-result time is its timeline.
int benchLatency(int results)
{
    QElapsedTimer clock;
    clock.start();
    // Process start to now: /proc/self/stat's start time (clock ticks after boot) against uptime.
    double startupMs = -1;
    {
        QFile stat(QStringLiteral("/proc/self/stat"));
        QFile uptime(QStringLiteral("/proc/uptime"));
        if (stat.open(QIODevice::ReadOnly) && uptime.open(QIODevice::ReadOnly)) {
            const QByteArray text = stat.readAll();
            const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
            const double startedS = fields.size() > 19 ? fields.at(19).toDouble() / double(sysconf(_SC_CLK_TCK)) : 0;
            startupMs = (uptime.readAll().split(' ').first().toDouble() - startedS) * 1000.0;
        }
    }
    FaultServer server;
    server.start();
    server.startFlapping({300, 300, false});
    ProbeEngine engine;
    EventLog log;
    EndpointList list({&engine, nullptr, &log});
    MainWindow window(&list, &log, nullptr);
    PaintClock firstPaint;
    firstPaint.clock = &clock;
    firstPaint.sinceNs = 0;
    window.installEventFilter(&firstPaint);
    window.show();
    QEventLoop shown;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (!firstPaint.delaysMs.empty())
            shown.quit();
    });
    poll.start(1);
    shown.exec();
    window.removeEventFilter(&firstPaint);
    const double firstPaintMs = firstPaint.delaysMs.front();

    auto *banner = window.findChild<StatusBanner *>();
    PaintClock bannerPaint;
    bannerPaint.clock = &clock;
    banner->installEventFilter(&bannerPaint);
    EndpointConfig config;
    config.settings.probe.url = server.flappingUrl();
    config.settings.intervalMs = 100;
    config.settings.downIntervalMs = 100;
    config.settings.retries = 0;
    config.settings.recoveryWatch = false;
    WatchedEndpoint *endpoint = list.add(config);
    std::vector<double> classifiedMs;
    std::optional<FailureKind> lastKind;
    QEventLoop loop;
    QObject::connect(endpoint, &WatchedEndpoint::attemptFinished, [&](const ProbeResult &result) {
        if (lastKind && *lastKind != result.kind)
            bannerPaint.sinceNs = clock.nsecsElapsed();
        if (result.kind == FailureKind::ConnectionRefused)
            classifiedMs.push_back(result.timeline.totalMs().value_or(-1));
        lastKind = result.kind;
        if (int(bannerPaint.delaysMs.size()) >= results)
            loop.quit();
    });
    QTimer::singleShot(120000, &loop, &QEventLoop::quit); // bounded, whatever happens
    loop.exec();
    std::sort(bannerPaint.delaysMs.begin(), bannerPaint.delaysMs.end());
    std::sort(classifiedMs.begin(), classifiedMs.end());
    auto pick = [](const std::vector<double> &v, double p) {
        return v.empty() ? -1.0 : v[std::min(v.size() - 1, size_t(p * double(v.size())))];
    };
    std::printf("latency: process start to the window's first paint %.0f ms (%.0f ms of it from the application "
                "object to the paint)\n",
                startupMs + firstPaintMs, firstPaintMs);
    std::printf("latency: %zu verdict changes; result to banner paint median %.2f ms, p95 %.2f ms, max %.2f ms\n",
                bannerPaint.delaysMs.size(), pick(bannerPaint.delaysMs, 0.5), pick(bannerPaint.delaysMs, 0.95),
                bannerPaint.delaysMs.empty() ? -1.0 : bannerPaint.delaysMs.back());
    std::printf("latency: refused, probe start to classified result: %zu probes, median %.2f ms, max %.2f ms\n",
                classifiedMs.size(), pick(classifiedMs, 0.5), classifiedMs.empty() ? -1.0 : classifiedMs.back());
    return 0;
}
#endif

// The metrics page of one agent with `endpoints` endpoints, as Prometheus scrapes it: the time to
// build it, its size plain and gzipped, and the time gzip adds (docs/PERFORMANCE.md, "Metrics").
// Every endpoint has answered once; one in ten has failed, with a gateway for some.
int benchMetrics(int endpoints)
{
    NetPulse::MetricsCollector collector;
    collector.setVantage(QStringLiteral("agent-1"));
    const NetPulse::FailureKind kinds[] = {NetPulse::FailureKind::ConnectionRefused,
                                           NetPulse::FailureKind::ResponseTimeout,
                                           NetPulse::FailureKind::HttpServerError};
    for (int i = 0; i < endpoints; ++i) {
        const NetPulse::ReportSubject subject{QStringLiteral("e%1").arg(i), QStringLiteral("service %1").arg(i),
                                              QUrl(QStringLiteral("http://127.0.0.1:8080/service/%1/health").arg(i)),
                                              "GET"};
        NetPulse::ProbeResult result;
        result.url = subject.url;
        result.kind = i % 10 == 3 ? kinds[(i / 10) % 3] : NetPulse::FailureKind::Ok;
        result.httpStatus = result.kind == NetPulse::FailureKind::Ok                ? std::optional<int>(200)
                            : result.kind == NetPulse::FailureKind::HttpServerError ? std::optional<int>(502)
                                                                                    : std::nullopt;
        result.timeline.finishedNs = 3'000'000;
        NetPulse::MonitorStatus status;
        status.state = result.isOk() ? NetPulse::MonitorState::Up : NetPulse::MonitorState::Retrying;
        status.nextAttemptInMs = 10'000;
        collector.recordAttempt(subject, result, status);
    }
    std::vector<double> buildMs, gzipMs;
    QByteArray page, packed;
    for (int round = 0; round < 21; ++round) {
        QElapsedTimer clock;
        clock.start();
        page = collector.render();
        buildMs.push_back(double(clock.nsecsElapsed()) / 1e6);
        clock.restart();
        packed = NetPulse::Gzip::compress(page);
        gzipMs.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    std::sort(buildMs.begin(), buildMs.end());
    std::sort(gzipMs.begin(), gzipMs.end());
    std::printf("metrics: %d endpoints, %lld lines, %.1f KB plain, %.1f KB gzip; build median %.1f ms (max %.1f), "
                "gzip median %.1f ms; on the wire after build+gzip %.1f ms\n",
                endpoints, qint64(page.count('\n')), double(page.size()) / 1024.0, double(packed.size()) / 1024.0,
                buildMs[buildMs.size() / 2], buildMs.back(), gzipMs[gzipMs.size() / 2],
                buildMs[buildMs.size() / 2] + gzipMs[gzipMs.size() / 2]);
    return 0;
}

// What a reader of other vantage points costs (docs/PERFORMANCE.md, "Vantage points at scale"):
// `rounds` refreshes against the Prometheus at `url`, each one query for every endpoint and the
// targets; the time from sending to readings ready, and how many URLs and readings came back.
int benchVantageRead(const QUrl &url, int rounds)
{
    NetPulse::VantageReader reader(QStringLiteral("bench-reader"));
    std::vector<double> ms, readMs;
    qsizetype urls = 0, readings = 0;
    NetPulse::VantageSource source;
    source.url = url;
    source.refreshS = 3600; // refreshed here, not by its timer
    QEventLoop loop;
    QObject::connect(&reader, &NetPulse::VantageReader::refreshed, &loop, &QEventLoop::quit);
    reader.setSource(source); // the first refresh
    loop.exec();
    for (int round = 0; round < rounds; ++round) {
        reader.refresh();
        loop.exec();
        if (!reader.problem().isEmpty()) {
            std::fprintf(stderr, "vantage-read: %s\n", qPrintable(reader.problem()));
            return 1;
        }
        ms.push_back(reader.lastRefreshMs());
        readMs.push_back(reader.lastReadMs());
        urls = reader.allReadings().size();
        readings = 0;
        for (const auto &list : reader.allReadings())
            readings += list.size();
    }
    std::sort(ms.begin(), ms.end());
    std::sort(readMs.begin(), readMs.end());
    std::printf("vantage-read: %d refreshes, %lld URLs, %lld readings; refresh median %.1f ms, max %.1f ms; of "
                "it, reading the answer: median %.1f ms\n",
                rounds, qint64(urls), qint64(readings), ms[ms.size() / 2], ms.back(), readMs[readMs.size() / 2]);
    return 0;
}

int main(int argc, char *argv[])
{
    const QByteArray mode = argc > 1 ? QByteArray(argv[1]) : QByteArray("probes");
#ifdef NETPULSE_BENCH_GUI
    if (mode == "log") {
        QApplication app(argc, argv);
        return benchLog(argc > 2 ? std::atoi(argv[2]) : 10000);
    }
    if (mode == "latency") {
        QApplication app(argc, argv);
        return benchLatency(argc > 2 ? std::max(1, std::atoi(argv[2])) : 40);
    }
    if (mode == "window") {
        QApplication app(argc, argv);
        return benchSoak(argc > 2 ? std::max(1, std::atoi(argv[2])) : 50,
                         argc > 3 ? std::max(1, std::atoi(argv[3])) : 60, true);
    }
#endif
    if (mode == "window-fleet") { // before QT_NO_GLIB below: the programs it starts inherit the environment
        QCoreApplication app(argc, argv);
        return windowOverHeadless(
            argc > 2 ? std::max(1, std::atoi(argv[2])) : 1000, argc > 3 ? std::max(5, std::atoi(argv[3])) : 40,
            argc > 4 ? std::max(100, std::atoi(argv[4])) : 1000, argc > 5 ? std::max(1, std::atoi(argv[5])) : 3);
    }
    // The core-only modes run as the headless program does (app/main.cpp): Qt's own event
    // dispatcher. `QT_NO_GLIB= netpulse-bench ...` (set, empty) measures with GLib's instead.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    if (mode == "compare") {
        ComparisonOptions options;
        const QStringList args = QCoreApplication::arguments().mid(2);
        if (args.contains(QStringLiteral("--quick"))) // proves the program works; figures mean nothing
            options = {40, 1, 10, 2, false};
        options.json = args.contains(QStringLiteral("--json"));
        for (const QString &arg : args) {
            bool ok = false;
            const int probes = arg.toInt(&ok);
            if (ok && probes > 0)
                options.probes = probes;
        }
        return comparePeers(options);
    }
    if (mode == "probe-loop" && argc > 2)
        return benchProbeLoop(QUrl(QString::fromLocal8Bit(argv[2])), argc > 3 ? std::max(1, std::atoi(argv[3])) : 2000,
                              argc > 4 && QByteArray(argv[4]) == "plain");
    if (mode == "probes")
        return benchProbes(argc > 2 ? std::max(1, std::atoi(argv[2])) : 2000);
    if (mode == "history")
        return benchHistory(argc > 2 ? std::max(1, std::atoi(argv[2])) : 30);
    if (mode == "fleet")
        return benchFleet(argc > 2 ? std::max(1, std::atoi(argv[2])) : 1000,
                          argc > 3 ? std::max(5, std::atoi(argv[3])) : 60,
                          argc > 4 && QByteArray(argv[4]) == "hostile");
    if (mode == "vantage-read-query" && argc > 2) { // the PromQL a reader named argv[2] sends
        std::printf("%s\n", qPrintable(NetPulse::VantageReader::query(QString::fromLocal8Bit(argv[2]))));
        return 0;
    }
    if (mode == "vantage-read" && argc > 2)
        return benchVantageRead(QUrl(QString::fromLocal8Bit(argv[2])), argc > 3 ? std::max(1, std::atoi(argv[3])) : 20);
    if (mode == "metrics")
        return benchMetrics(argc > 2 ? std::max(1, std::atoi(argv[2])) : 1000);
    if (mode == "history-fleet")
        return benchHistoryFleet(argc > 2 ? std::max(1, std::atoi(argv[2])) : 1000);
    if (mode == "hostile")
        return benchHostileMemory(argc > 2 ? std::max(5, std::atoi(argv[2])) : 30);
    if (mode == "recovery")
        return benchRecovery(argc > 2 ? std::max(1, std::atoi(argv[2])) : 20);
    if (mode == "soak")
        return benchSoak(argc > 2 ? std::max(1, std::atoi(argv[2])) : 50,
                         argc > 3 ? std::max(1, std::atoi(argv[3])) : 60, false);
    std::fprintf(stderr,
                 "usage: netpulse-bench probes [N] | recovery [TRIALS] | history [DAYS] | soak|window "
                 "[ENDPOINTS] [SECONDS] | log [EVENTS] | hostile [SECONDS] | metrics [ENDPOINTS] | vantage-read "
                 "PROMETHEUS_URL [ROUNDS]\n");
    return 2;
}
