#include "WindowOverHeadless.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include "DemoFleet.h"
#include "Measure.h"

namespace NetPulse::Bench {

namespace {

struct Run
{
    double cpuPercent = 0; // of one core, over the measured seconds
    double peakMiB = 0;
};

// Waits `ms` with the event loop running (the child processes need nothing from it).
void pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

Run runProgram(const QString &program, const QStringList &arguments, const QString &home, int warmupMs, int seconds)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // A profile of its own per run: no history, cache or settings carried from the last one.
    QDir(home).removeRecursively();
    QDir().mkpath(home);
    QFile::setPermissions(home, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    for (const char *name : {"HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR"})
        environment.insert(QString::fromLatin1(name), home);
    if (!environment.contains(QStringLiteral("QT_QPA_PLATFORM")))
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setStandardErrorFile(QProcess::nullDevice());
    process.start(program, arguments);
    Run run;
    if (!process.waitForStarted(5000)) {
        std::fprintf(stderr, "window-fleet: %s did not start\n", qPrintable(program));
        return run;
    }
    pause(warmupMs); // every endpoint's first checks and the window's first paint are not the steady state
    const double start = processCpuSeconds(process.processId());
    pause(seconds * 1000);
    run.cpuPercent = 100.0 * (processCpuSeconds(process.processId()) - start) / seconds;
    run.peakMiB = double(processStatusKiB(process.processId(), "VmHWM")) / 1024.0;
    process.terminate();
    if (!process.waitForFinished(10000))
        process.kill();
    return run;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

} // namespace

int windowOverHeadless(int endpoints, int seconds, int intervalMs, int rounds)
{
    const QDir binaries(QCoreApplication::applicationDirPath());
    QProcess server;
    const QJsonObject urls = startDemoServer(&server, "window-fleet");
    if (urls.isEmpty())
        return 1;
    QTemporaryDir dir;
    const QJsonArray list = halfOkHalfRefused(urls, endpoints);
    QJsonObject defaults;
    defaults.insert(QStringLiteral("interval_ms"), intervalMs);
    const QString path = dir.filePath(QStringLiteral("fleet.json"));
    if (!writeEndpointFile(path, defaults, list, "window-fleet"))
        return 1;

    const int warmupMs = 15000;
    const QString platform = qEnvironmentVariableIsSet("QT_QPA_PLATFORM") ? qEnvironmentVariable("QT_QPA_PLATFORM")
                                                                          : QStringLiteral("offscreen");
    std::printf("window-fleet %d endpoints at %d ms (half 200, half refused; server in another process), %d s "
                "measured after %d s, %d rounds, window on the %s platform\n",
                endpoints, intervalMs, seconds, warmupMs / 1000, rounds, qPrintable(platform));
    std::vector<double> headless, window, difference;
    for (int round = 0; round < rounds; ++round) {
        // Alternating, one at a time: the two never share the machine's cores.
        const Run h = runProgram(binaries.filePath(QStringLiteral("netpulse")),
                                 {QStringLiteral("--headless"), QStringLiteral("--config"), path},
                                 dir.filePath(QStringLiteral("headless")), warmupMs, seconds);
        const Run w =
            runProgram(binaries.filePath(QStringLiteral("netpulse-window")), {QStringLiteral("--config"), path},
                       dir.filePath(QStringLiteral("window")), warmupMs, seconds);
        std::printf("  round %d: headless %.1f %% of a core (peak rss %.0f MB), window %.1f %% (peak rss %.0f MB): "
                    "%+.1f points\n",
                    round + 1, h.cpuPercent, h.peakMiB, w.cpuPercent, w.peakMiB, w.cpuPercent - h.cpuPercent);
        std::fflush(stdout);
        headless.push_back(h.cpuPercent);
        window.push_back(w.cpuPercent);
        difference.push_back(w.cpuPercent - h.cpuPercent);
    }
    std::printf("window-fleet median: headless %.1f %%, window %.1f %%: the window adds %+.1f points of a core "
                "(bound: 5)\n",
                median(headless), median(window), median(difference));
    server.closeWriteChannel();
    server.waitForFinished(5000);
    return 0;
}

} // namespace NetPulse::Bench
