#include "PeerComparison.h"

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include "Measure.h"

#include "probe/Probe.h"
#include "probe/ProbeEngine.h"
#include "probe/ProbeHandle.h"

extern char **environ;

namespace NetPulse::Bench {

namespace {

struct Cost
{
    double cpuUs = 0;  // per probe
    double wallUs = 0; // per probe
};

struct Spread
{
    double median = 0;
    double min = 0;
    double max = 0;
};

Spread spreadOf(std::vector<double> values)
{
    if (values.empty())
        return {};
    std::sort(values.begin(), values.end());
    return {values[values.size() / 2], values.front(), values.back()};
}

struct Row
{
    QString caseName;
    QString tool;
    Spread cpuUs;
    Spread wallUs;
    QString skipped; // why there is no figure
};

// A child process run to its end: its own CPU time (wait4's rusage) and the wall time around it.
struct ChildRun
{
    bool started = false;
    int exitCode = -1;
    double cpuSeconds = 0;
    double wallSeconds = 0;
};

ChildRun runChild(const QStringList &arguments, const QStringList &extraEnvironment = {})
{
    ChildRun run;
    std::vector<QByteArray> storage;
    std::vector<char *> argv;
    for (const QString &argument : arguments)
        storage.push_back(argument.toLocal8Bit());
    for (QByteArray &bytes : storage)
        argv.push_back(bytes.data());
    argv.push_back(nullptr);
    std::vector<QByteArray> envStorage;
    for (char **entry = environ; *entry; ++entry)
        envStorage.emplace_back(*entry);
    for (const QString &entry : extraEnvironment)
        envStorage.push_back(entry.toLocal8Bit());
    std::vector<char *> envp;
    for (QByteArray &bytes : envStorage)
        envp.push_back(bytes.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    QElapsedTimer clock;
    clock.start();
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        return run;
    run.started = true;
    int status = 0;
    rusage usage = {};
    wait4(pid, &status, 0, &usage);
    run.wallSeconds = double(clock.nsecsElapsed()) / 1e9;
    run.cpuSeconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

bool waitForPort(quint16 port, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (socket.waitForConnected(200))
            return true;
        QEventLoop loop;
        QTimer::singleShot(50, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return false;
}

// `count` probes of `url`, at most `inFlight` at a time, through the same engine the app uses.
Cost netpulseProbes(ProbeEngine *engine, const QUrl &url, int count, int inFlight, bool connectFirst, int *wrong,
                    bool wantOk)
{
    ProbeOptions options;
    options.url = url;
    QEventLoop loop;
    int started = 0;
    int done = 0;
    std::function<void()> launch = [&] {
        auto *probe = engine->createProbe(options, nullptr);
        probe->setConnectFirst(connectFirst);
        ++started;
        QObject::connect(probe, &ProbeHandle::finished, [&, probe](const ProbeResult &result) {
            *wrong += result.isOk() != wantOk ? 1 : 0;
            probe->deleteLater();
            if (++done == count)
                loop.quit();
            else if (started < count)
                launch();
        });
        probe->start();
    };
    const double cpuStart = cpuSeconds();
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < std::min(inFlight, count); ++i)
        launch();
    loop.exec();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return {(cpuSeconds() - cpuStart) * 1e6 / count, double(clock.nsecsElapsed()) / 1e3 / count};
}

QString globbed(const QUrl &url, int count)
{
    // curl's own loop: one process, one URL pattern, `count` transfers.
    return url.toString() + QStringLiteral("?n=[1-%1]").arg(count);
}

// Bodies go to the child's standard output, which is /dev/null.
QStringList quietCurl(const QString &curl)
{
    return {curl, QStringLiteral("-s")};
}

} // namespace

int comparePeers(const ComparisonOptions &options)
{
    const QString binDir = QCoreApplication::applicationDirPath();
    QProcess server;
    server.start(QDir(binDir).filePath(QStringLiteral("netpulse-demo-server")),
                 {QStringLiteral("--json"), QStringLiteral("--exit-with-stdin")});
    if (!server.waitForReadyRead(10000)) {
        std::fprintf(stderr, "compare: netpulse-demo-server did not start\n");
        return 1;
    }
    const QJsonObject urls = QJsonDocument::fromJson(server.readLine()).object();
    const QUrl okUrl(urls.value(QStringLiteral("ok")).toString());
    const QUrl refusedUrl(urls.value(QStringLiteral("refused")).toString());

    const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
    const QString blackbox = QStandardPaths::findExecutable(QStringLiteral("prometheus-blackbox-exporter"));
    QList<Row> rows;
    ProbeEngine engine;
    int wrong = 0;

    // The blackbox exporter runs for the whole comparison; its CPU is read from /proc around each
    // batch of /probe requests, which curl sends (curl's own CPU is not counted there).
    QTemporaryDir dir;
    QProcess exporter;
    quint16 exporterPort = 0;
    QString blackboxSkip;
    if (blackbox.isEmpty()) {
        blackboxSkip = QStringLiteral("prometheus-blackbox-exporter not installed (apt-get install "
                                      "prometheus-blackbox-exporter)");
    } else if (curl.isEmpty()) {
        blackboxSkip = QStringLiteral("curl not installed: it drives the exporter");
    } else {
        QFile config(dir.filePath(QStringLiteral("blackbox.yml")));
        config.open(QIODevice::WriteOnly);
        config.write("modules:\n  http_2xx:\n    prober: http\n    timeout: 5s\n    http:\n"
                     "      preferred_ip_protocol: ip4\n");
        config.close();
        exporterPort = freePort();
        exporter.start(blackbox, {QStringLiteral("--config.file=%1").arg(config.fileName()),
                                  QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(exporterPort)});
        if (!exporter.waitForStarted(5000) || !waitForPort(exporterPort, 10000))
            blackboxSkip = QStringLiteral("prometheus-blackbox-exporter did not start");
    }
    auto exporterProbe = [&](const QUrl &target, int count) {
        QUrl probe(QStringLiteral("http://127.0.0.1:%1/probe").arg(exporterPort));
        const QString query = QStringLiteral("module=http_2xx&target=%1&n=[1-%2]")
                                  .arg(QString::fromLatin1(QUrl::toPercentEncoding(target.toString())))
                                  .arg(count);
        const double before = processCpuSeconds(exporter.processId());
        QElapsedTimer clock;
        clock.start();
        runChild(quietCurl(curl) << probe.toString() + QLatin1Char('?') + query);
        return Cost{(processCpuSeconds(exporter.processId()) - before) * 1e6 / count,
                    double(clock.nsecsElapsed()) / 1e3 / count};
    };

    struct Case
    {
        QString name;
        QUrl url;
        bool wantOk;
        int inFlight;
    };
    const QList<Case> cases = {
        {QStringLiteral("refused"), refusedUrl, false, 1},
        {QStringLiteral("ok"), okUrl, true, 1},
        {QStringLiteral("ok x%1").arg(options.concurrency), okUrl, true, options.concurrency},
        {QStringLiteral("refused x%1").arg(options.concurrency), refusedUrl, false, options.concurrency}};
    for (const Case &c : cases) {
        const bool refused = !c.wantOk;
        // A warm-up of each, so first-use costs (TLS backend, thread start, page faults) stay apart.
        netpulseProbes(&engine, c.url, 5, 1, false, &wrong, c.wantOk);
        std::vector<double> cpu;
        std::vector<double> wall;
        auto measure = [&](const QString &tool, auto &&once) {
            cpu.clear();
            wall.clear();
            for (int r = 0; r < options.repeats; ++r) {
                const Cost cost = once();
                cpu.push_back(cost.cpuUs);
                wall.push_back(cost.wallUs);
            }
            rows.append({c.name, tool, spreadOf(cpu), spreadOf(wall), QString()});
        };
        if (refused) {
            // What a monitor does once an endpoint was refused: the connect gate settles it.
            measure(QStringLiteral("netpulse"),
                    [&] { return netpulseProbes(&engine, c.url, options.probes, c.inFlight, true, &wrong, false); });
            measure(QStringLiteral("netpulse, full request"),
                    [&] { return netpulseProbes(&engine, c.url, options.probes, c.inFlight, false, &wrong, false); });
        } else {
            measure(QStringLiteral("netpulse"),
                    [&] { return netpulseProbes(&engine, c.url, options.probes, c.inFlight, false, &wrong, true); });
        }
        if (curl.isEmpty()) {
            rows.append({c.name, QStringLiteral("curl"), {}, {}, QStringLiteral("curl not installed")});
        } else {
            measure(QStringLiteral("curl"), [&] {
                QStringList arguments = quietCurl(curl);
                if (c.inFlight > 1)
                    arguments << QStringLiteral("-Z") << QStringLiteral("--parallel-max")
                              << QString::number(c.inFlight);
                arguments << globbed(c.url, options.probes);
                const ChildRun run = runChild(arguments);
                return Cost{run.cpuSeconds * 1e6 / options.probes, run.wallSeconds * 1e6 / options.probes};
            });
        }
        if (c.inFlight == 1) {
            if (!blackboxSkip.isEmpty())
                rows.append({c.name, QStringLiteral("blackbox_exporter"), {}, {}, blackboxSkip});
            else
                measure(QStringLiteral("blackbox_exporter"), [&] { return exporterProbe(c.url, options.probes); });
        }
    }

    // The whole process, as a person would type it: `netpulse --headless --once URL` against
    // `curl URL`, wall time of each run (medians of processRuns). Data and cache go to a scratch
    // directory so the user's own files are not touched.
    std::vector<double> netpulseWall;
    std::vector<double> curlWall;
    const QStringList scratch = {QStringLiteral("XDG_DATA_HOME=%1").arg(dir.filePath(QStringLiteral("data"))),
                                 QStringLiteral("XDG_CACHE_HOME=%1").arg(dir.filePath(QStringLiteral("cache"))),
                                 QStringLiteral("XDG_CONFIG_HOME=%1").arg(dir.filePath(QStringLiteral("config")))};
    for (int r = 0; r < options.processRuns; ++r) {
        const ChildRun once = runChild({QDir(binDir).filePath(QStringLiteral("netpulse")), QStringLiteral("--headless"),
                                        QStringLiteral("--once"), okUrl.toString()},
                                       scratch);
        if (once.started && once.exitCode == 0)
            netpulseWall.push_back(once.wallSeconds * 1e6);
        if (!curl.isEmpty())
            curlWall.push_back(runChild(quietCurl(curl) << okUrl.toString()).wallSeconds * 1e6);
    }
    rows.append({QStringLiteral("--once process"),
                 QStringLiteral("netpulse"),
                 {},
                 spreadOf(netpulseWall),
                 netpulseWall.empty() ? QStringLiteral("netpulse --headless --once did not succeed") : QString()});
    rows.append({QStringLiteral("--once process"),
                 QStringLiteral("curl"),
                 {},
                 spreadOf(curlWall),
                 curl.isEmpty() ? QStringLiteral("curl not installed") : QString()});

    if (exporter.state() != QProcess::NotRunning) {
        exporter.terminate();
        exporter.waitForFinished(5000);
    }
    server.closeWriteChannel();
    server.waitForFinished(5000);

    auto find = [&rows](const QString &caseName, const QString &tool) -> const Row * {
        for (const Row &row : rows) {
            if (row.caseName == caseName && row.tool == tool && row.skipped.isEmpty())
                return &row;
        }
        return nullptr;
    };
    struct Ratio
    {
        QString name;
        QString goal;
        double value = -1;
    };
    auto ratio = [&](const QString &caseName, const QString &top, const QString &bottom, bool wall) {
        const Row *a = find(caseName, top);
        const Row *b = find(caseName, bottom);
        if (!a || !b)
            return -1.0;
        const double den = wall ? b->wallUs.median : b->cpuUs.median;
        return den > 0 ? (wall ? a->wallUs.median : a->cpuUs.median) / den : -1.0;
    };
    const QString parallel = QStringLiteral("ok x%1").arg(options.concurrency);
    const QList<Ratio> ratios = {
        {QStringLiteral("refused: netpulse / curl (cpu)"), QStringLiteral("<= 1.0"),
         ratio(QStringLiteral("refused"), QStringLiteral("netpulse"), QStringLiteral("curl"), false)},
        {QStringLiteral("ok: netpulse / curl (cpu)"), QStringLiteral("<= 3.0"),
         ratio(QStringLiteral("ok"), QStringLiteral("netpulse"), QStringLiteral("curl"), false)},
        {parallel + QStringLiteral(": netpulse / curl -Z (cpu)"), QStringLiteral("<= 1.0"),
         ratio(parallel, QStringLiteral("netpulse"), QStringLiteral("curl"), false)},
        {QStringLiteral("ok: blackbox_exporter / netpulse (cpu)"), QStringLiteral(">= 3.0"),
         ratio(QStringLiteral("ok"), QStringLiteral("blackbox_exporter"), QStringLiteral("netpulse"), false)},
        {QStringLiteral("refused: blackbox_exporter / netpulse (cpu)"), QStringLiteral(">= 3.0"),
         ratio(QStringLiteral("refused"), QStringLiteral("blackbox_exporter"), QStringLiteral("netpulse"), false)},
        {QStringLiteral("--once: netpulse / curl (wall)"), QStringLiteral("<= 2.0"),
         ratio(QStringLiteral("--once process"), QStringLiteral("netpulse"), QStringLiteral("curl"), true)},
    };

    if (options.json) {
        QJsonArray rowArray;
        for (const Row &row : rows) {
            QJsonObject object{{QStringLiteral("case"), row.caseName}, {QStringLiteral("tool"), row.tool}};
            if (!row.skipped.isEmpty()) {
                object.insert(QStringLiteral("skipped"), row.skipped);
            } else {
                auto spread = [](const Spread &s) {
                    return QJsonObject{{QStringLiteral("median"), s.median},
                                       {QStringLiteral("min"), s.min},
                                       {QStringLiteral("max"), s.max}};
                };
                if (row.cpuUs.median > 0)
                    object.insert(QStringLiteral("cpu_us_per_probe"), spread(row.cpuUs));
                object.insert(QStringLiteral("wall_us_per_probe"), spread(row.wallUs));
            }
            rowArray.append(object);
        }
        QJsonArray ratioArray;
        for (const Ratio &r : ratios) {
            QJsonObject object{{QStringLiteral("name"), r.name}, {QStringLiteral("goal"), r.goal}};
            if (r.value >= 0)
                object.insert(QStringLiteral("value"), r.value);
            ratioArray.append(object);
        }
        const QJsonObject root{{QStringLiteral("probes"), options.probes},
                               {QStringLiteral("repeats"), options.repeats},
                               {QStringLiteral("misclassified"), wrong},
                               {QStringLiteral("rows"), rowArray},
                               {QStringLiteral("ratios"), ratioArray}};
        std::printf("%s\n", QJsonDocument(root).toJson(QJsonDocument::Indented).constData());
        return 0;
    }
    std::printf("compare: %d probes per measurement, %d measurements each (median [min-max]); server in its own "
                "process on 127.0.0.1\n\n",
                options.probes, options.repeats);
    std::printf("%-16s %-24s %26s %26s\n", "case", "tool", "cpu us/probe", "wall us/probe");
    for (const Row &row : rows) {
        if (!row.skipped.isEmpty()) {
            std::printf("%-16s %-24s skipped: %s\n", qPrintable(row.caseName), qPrintable(row.tool),
                        qPrintable(row.skipped));
            continue;
        }
        const QString cpuText = row.cpuUs.median > 0 ? QStringLiteral("%1 [%2-%3]")
                                                           .arg(row.cpuUs.median, 0, 'f', 1)
                                                           .arg(row.cpuUs.min, 0, 'f', 1)
                                                           .arg(row.cpuUs.max, 0, 'f', 1)
                                                     : QStringLiteral("-");
        const QString wallText = QStringLiteral("%1 [%2-%3]")
                                     .arg(row.wallUs.median, 0, 'f', 1)
                                     .arg(row.wallUs.min, 0, 'f', 1)
                                     .arg(row.wallUs.max, 0, 'f', 1);
        std::printf("%-16s %-24s %26s %26s\n", qPrintable(row.caseName), qPrintable(row.tool), qPrintable(cpuText),
                    qPrintable(wallText));
    }
    std::printf("\n");
    for (const Ratio &r : ratios) {
        if (r.value < 0)
            std::printf("%-46s goal %-7s not measured\n", qPrintable(r.name), qPrintable(r.goal));
        else
            std::printf("%-46s goal %-7s %.2f\n", qPrintable(r.name), qPrintable(r.goal), r.value);
    }
    std::printf("misclassified: %d\n", wrong);
    return 0;
}

} // namespace NetPulse::Bench
