// netpulse: parses the command line and wires core to either the headless printer or the window.
// Built twice (app/CMakeLists.txt): netpulse without the desktop UI, netpulse-window with it.
// Longer than "thin": runGui is the window's wiring in one place (the objects live on its stack, in
// the order they must die), and the profile's hand-over applies a command line exactly as start-up
// does, through the same lambda. The next seam is a WindowSession class owning those objects.
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <memory>
#include <optional>

#include <QCoreApplication>
#include <QLocale>
#include <QLoggingCategory>

#include "CommandLine.h"

#include "base/OpenFileLimit.h"
#include "base/ProfileLock.h"
#include "base/Vantage.h"
#include "headless/HeadlessRunner.h"
#include "history/HistoryStore.h"

#ifdef NETPULSE_HAVE_GUI
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>

#include "DemoService.h"
#include "HandOver.h"
#include "MainWindow.h"
#include "ReportSettingsDialog.h"
#include "Theme.h"
#include "Translations.h"
#include "VantageSettingsDialog.h"

#include "cache/ResponseCache.h"
#include "endpoints/EndpointFile.h"
#include "endpoints/EndpointFileWatcher.h"
#include "endpoints/EndpointList.h"
#include "endpoints/EventLog.h"
#include "metrics/MetricsCollector.h"
#include "metrics/MetricsServer.h"
#include "probe/ProbeEngine.h"
#include "reports/AlertNotifier.h"
#include "reports/ReportDelivery.h"
#include "reports/Reporter.h"
#include "reports/ReportSettings.h"
#include "vantage/VantageReader.h"
#include "vantage/VantageSettings.h"
#endif

using namespace NetPulse;

namespace {

// Headless output is a contract: stdout carries only JSON lines, stderr only one-line messages,
// each named by its area ("netpulse: cache: …"). Which lines pass is up to the logging rules.
void headlessMessageHandler(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    const QLatin1String category(context.category ? context.category : "default");
    const QLatin1String ours("netpulse.");
    if (category.startsWith(ours))
        std::fprintf(stderr, "netpulse: %s: %s\n", category.data() + ours.size(), qPrintable(message));
    else
        std::fprintf(stderr, "netpulse: [%s] %s\n", category.data(), qPrintable(message));
}

// How long a headless run waits for another to let go of its profile before refusing.
constexpr int kProfileWaitMs = 3000;

// The profile's folder: --data-dir, or the history's usual place.
QString profileDirectory(const CommandLine &command)
{
    return command.headless.dataDirectory.isEmpty() ? HistoryStore::defaultDirectory() : command.headless.dataDirectory;
}

int runHeadless(int argc, char *argv[], const CommandLine &command)
{
    qInstallMessageHandler(headlessMessageHandler);
    // English on purpose, numbers too: scripts read the words ("6.2 s" whatever LANG says).
    QLocale::setDefault(QLocale::c());
    // Our warnings by default; Qt's own chatter (missing network-information backends and the like)
    // and every debug line only with --verbose. QT_LOGGING_RULES is applied after these, so it can
    // still turn any category on or off.
    QLoggingCategory::setFilterRules(command.verbose ? QStringLiteral("netpulse.*.debug=true")
                                                     : QStringLiteral("*.debug=false\n"
                                                                      "qt.*.warning=false\n"
                                                                      "default.warning=false"));
    // Qt's own event dispatcher rather than GLib's: no window means no GLib-based plugin to serve,
    // and every probe crosses the event loop several times (docs/PERFORMANCE.md: 10-15 % of a
    // probe's CPU). Set before the application object, which picks the dispatcher; a value the
    // user set wins.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    // One writer per profile: a run that keeps a history takes its folder, or says whose it is.
    // Without a history it writes nothing there and may run beside anything.
    std::optional<ProfileLock> profile;
    if (command.headless.useHistory) {
        profile.emplace(profileDirectory(command));
        // Two --once runs from cron in the same second take turns instead of one failing.
        switch (profile->tryLock(kProfileWaitMs)) {
        case ProfileLock::Outcome::Locked:
            break;
        case ProfileLock::Outcome::HeldElsewhere:
            std::fprintf(stderr,
                         "netpulse: the profile %s is in use by another NetPulse (pid %lld); one profile has one "
                         "writer: give this run its own with --data-dir DIR, or --no-history\n",
                         qPrintable(profile->directory()), static_cast<long long>(profile->holderPid()));
            return 2;
        case ProfileLock::Outcome::Unusable:
            std::fprintf(stderr,
                         "netpulse: the profile cannot be used: %s; give this run --data-dir DIR, or "
                         "--no-history\n",
                         qPrintable(profile->problem()));
            return 2;
        }
    }
    Vantage::setName(vantageName(command.headless));
    HeadlessRunner runner(command.headless);
    QObject::connect(&runner, &HeadlessRunner::done, &app, [&app](int code) { app.exit(code); });
    runner.start();
    return app.exec();
}

#if !defined(NETPULSE_HAVE_GUI) && defined(NETPULSE_WINDOW_PROGRAM)
// The window is the program beside this one (app/CMakeLists.txt): this process becomes it, with the
// same arguments, so the window's libraries are loaded only when a window is wanted.
int execWindowProgram(char *argv[])
{
    char self[PATH_MAX] = {};
    const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    std::string program = length > 0 ? std::string(self, size_t(length)) : std::string(argv[0]);
    const size_t slash = program.rfind('/');
    program = (slash == std::string::npos ? std::string() : program.substr(0, slash + 1)) + NETPULSE_WINDOW_PROGRAM;
    ::execv(program.c_str(), argv);
    std::fprintf(stderr, "netpulse: the window program %s could not be started (%s); use --headless\n", program.c_str(),
                 std::strerror(errno));
    return 2;
}
#endif

#ifdef NETPULSE_HAVE_GUI
// Core's sentences start in lower case (they are also parts of longer ones); a line of its own
// starts with a capital.
QString capitalized(const QString &text)
{
    return text.left(1).toUpper() + text.mid(1);
}

int runGui(int argc, char *argv[], const CommandLine &command)
{
    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("NetPulse"));
    QGuiApplication::setDesktopFileName(QStringLiteral("dev.netpulse.NetPulse")); // the installed .desktop
    installTranslations(app);
    Theme::apply(command.theme); // checked by CommandLine
    // One profile, one writer: a window already on this profile gets this launch's request (a URL,
    // a file) and comes to the front; this process writes nothing and leaves.
    ProfileLock profile(profileDirectory(command));
    const ProfileLock::Outcome lock = profile.tryLock();
    if (lock == ProfileLock::Outcome::HeldElsewhere) {
        const HandOverReply reply =
            handOver(profile.channelName(), QCoreApplication::arguments(), QDir::currentPath(), 10000);
        if (reply.delivered) {
            std::fprintf(reply.ok ? stdout : stderr, "netpulse: NetPulse already runs on this profile (pid %lld): %s\n",
                         static_cast<long long>(profile.holderPid()), qPrintable(reply.message));
            return reply.ok ? 0 : 2;
        }
        std::fprintf(stderr,
                     "netpulse: the profile %s is in use by another NetPulse (pid %lld) that takes no hand-over (%s); "
                     "one profile has one writer: quit it, or start this one with --data-dir DIR\n",
                     qPrintable(profile.directory()), static_cast<long long>(profile.holderPid()),
                     qPrintable(reply.message));
        return 2;
    }
    // Closing the window quits: watching on from the tray alone is not offered yet.
    QApplication::setQuitOnLastWindowClosed(true);
    Vantage::setName(vantageName(command.headless));
    ProbeEngine engine;
    engine.setLaneCount(probeLaneCount(command.headless));
    std::unique_ptr<ResponseCache> cache;
    if (command.headless.useCache)
        cache = std::make_unique<ResponseCache>(command.headless.cacheDirectory.isEmpty()
                                                    ? ResponseCache::defaultDirectory()
                                                    : command.headless.cacheDirectory);
    EventLog log;
    HistoryStore history(profileDirectory(command));
    // The settings are the profile's too: beside the history with --data-dir, else where Qt keeps
    // an application's settings (~/.config/netpulse/netpulse.ini).
    const std::unique_ptr<QSettings> settingsFile =
        command.headless.dataDirectory.isEmpty()
            ? std::make_unique<QSettings>(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("netpulse"),
                                          QStringLiteral("netpulse"))
            : std::make_unique<QSettings>(QDir(command.headless.dataDirectory).filePath(QStringLiteral("netpulse.ini")),
                                          QSettings::IniFormat);
    QSettings &settings = *settingsFile;
    // Reports wait in the history's database; both follow the app's settings, or the command line
    // for this run.
    Reporter reporter(&history, engine.network());
    AlertNotifier alerts(engine.network());
    QStringList reportProblems;
    ReportSettings outbound = ReportSettings::load(&settings, &reportProblems);
    auto applyOutbound = [&reporter, &alerts, &command](const ReportSettings &saved) {
        reporter.setTarget(command.headless.reports.isValid() ? command.headless.reports : saved.reports);
        alerts.setTarget(command.headless.alerts.isValid() ? command.headless.alerts : saved.alerts);
    };
    applyOutbound(outbound);
    EndpointList endpoints({&engine, cache.get(), &log, &history, &reporter, &alerts});
    const QStringList restoreProblems = endpoints.restore(&settings);
    // The log starts with the last day's attempts of these endpoints, as the history kept them.
    endpoints.replayHistory(QDateTime::currentMSecsSinceEpoch() - 24LL * 3600 * 1000, 2000);
    MainWindow window(&endpoints, &log, &settings);
    if (cache)
        QObject::connect(cache.get(), &ResponseCache::warningRaised, &window,
                         [&window](const QString &warning) { window.setNote(QObject::tr("Cache: %1").arg(warning)); });
    // A backend or Alertmanager that stops answering is said once, in the log and the status bar,
    // and once more when it answers again.
    auto notice = [&window, &log](const QString &source, const QString &message) {
        log.append(LogEvent::notice(source, message));
        window.setNote(message);
    };
    QObject::connect(reporter.delivery(), &ReportDelivery::deliveryFailed, &window,
                     [notice](const QString &problem) { notice(QObject::tr("Reports"), capitalized(problem)); });
    QObject::connect(reporter.delivery(), &ReportDelivery::deliveryRestored, &window,
                     [notice](const QString &message) { notice(QObject::tr("Reports"), capitalized(message)); });
    QObject::connect(&alerts, &AlertNotifier::deliveryFailed, &window,
                     [notice](const QString &problem) { notice(QObject::tr("Alerts"), capitalized(problem)); });
    QObject::connect(&alerts, &AlertNotifier::deliveryRestored, &window,
                     [notice](const QString &message) { notice(QObject::tr("Alerts"), capitalized(message)); });
    // The history file stops taking writes (a full disk, another program's lock) and takes them again.
    QObject::connect(&history, &HistoryStore::warningRaised, &window,
                     [notice](const QString &message) { notice(QObject::tr("History"), capitalized(message)); });
    QObject::connect(&window, &MainWindow::reportSettingsRequested, &window,
                     [&window, &settings, &outbound, &history, &command, applyOutbound] {
                         ReportSettingsDialog dialog(
                             outbound, history.waitingReportCount(),
                             command.headless.reports.isValid() || command.headless.alerts.isValid(), &window);
                         if (dialog.exec() != QDialog::Accepted || dialog.settings() == outbound)
                             return;
                         outbound = dialog.settings();
                         outbound.save(&settings);
                         applyOutbound(outbound);
                     });
    // The other vantage points, read from Prometheus (docs/vantage.md): the command line's for this
    // run, else what File ▸ Vantage points saved.
    QStringList vantageProblems;
    VantageSource savedVantages = VantageSettings::load(&settings, &vantageProblems);
    const bool vantagesOverridden = command.headless.vantages.isValid();
    VantageReader vantages(Vantage::name());
    window.setVantageReader(&vantages);
    vantages.setSource(vantagesOverridden ? command.headless.vantages : savedVantages);
    QObject::connect(&window, &MainWindow::vantageSettingsRequested, &window,
                     [&window, &settings, &savedVantages, &vantages, vantagesOverridden] {
                         VantageSettingsDialog dialog(savedVantages, Vantage::name(), vantagesOverridden, &window);
                         if (dialog.exec() != QDialog::Accepted ||
                             VantageSettings::same(dialog.source(), savedVantages))
                             return;
                         savedVantages = dialog.source();
                         VantageSettings::save(savedVantages, &settings);
                         if (!vantagesOverridden) {
                             vantages.setSource(savedVantages);
                             window.setVantageReader(&vantages); // the status bar's name and source
                         }
                     });
    MetricsCollector metrics;
    metrics.setVantage(Vantage::name());
    MetricsServer metricsServer(&metrics);
    if (!command.headless.metricsAddress.isNull()) {
        metrics.follow(&endpoints);
        QString problem;
        if (command.headless.metricsWebConfig)
            metricsServer.setWebConfig(*command.headless.metricsWebConfig);
        if (!metricsServer.listen(command.headless.metricsAddress, command.headless.metricsPort, &problem))
            notice(QObject::tr("Metrics"), capitalized(problem));
        else if (!metricsServer.exposureWarning().isEmpty())
            notice(QObject::tr("Metrics"), capitalized(metricsServer.exposureWarning()));
    }
    DemoService demo;
    // The demo's endpoints, added when the server is ready: at the first launch, and again whenever
    // the user asks to restore them (never twice the same).
    // What went wrong at start (history, cache, reports, saved settings) stays in the status bar:
    // the demo's hint, which arrives later, does not cover it. It is in the event log as well.
    bool startupWarned = false;
    QObject::connect(&demo, &DemoService::ready, &window,
                     [&window, &endpoints, &startupWarned](const QJsonObject &urls) {
                         int first = -1;
                         // By name, as every way in: a demo endpoint still there is kept; a name the
                         // user has given one of theirs gets a free one.
                         for (EndpointConfig config : DemoService::endpoints(urls)) {
                             const WatchedEndpoint *known = endpoints.at(endpoints.indexOfName(config.name));
                             const WatchedEndpoint *sameUrl =
                                 endpoints.at(endpoints.find(config.settings.probe.url, config.settings.probe.method));
                             if ((known && known->config().demo) || (sameUrl && sameUrl->config().demo))
                                 continue;
                             config.name = endpoints.freeName(config.name);
                             endpoints.add(config);
                             first = first < 0 ? endpoints.count() - 1 : first;
                         }
                         if (first >= 0)
                             window.selectEndpoint(first);
                         if (!startupWarned)
                             window.setNote(QObject::tr(
                                 "Demo service on 127.0.0.1 (not saved): add your own endpoint in the bar above. "
                                 "The flapping one refuses for 12 s, then is up for 8 s."));
                     });
    QObject::connect(&demo, &DemoService::failed, &window, [&window](const QString &reason) {
        window.setNote(QObject::tr("The demo service did not start (%1). Type a URL above to watch it.").arg(reason));
    });
    QObject::connect(&window, &MainWindow::restoreDemoRequested, &demo, &DemoService::start);
    // An endpoint file the app follows: from --config, or chosen under File (and remembered). Its
    // endpoints join the list and follow the file; they are not saved with the app's own.
    std::unique_ptr<EndpointFileWatcher> fileWatcher;
    const QString watchedKey = QStringLiteral("endpoint_file/path");
    auto watchFile = [&](const QString &path) {
        fileWatcher.reset();
        window.setWatchedFile(path);
        if (path.isEmpty()) {
            // Stopped watching: the file's endpoints go with it.
            for (int row = endpoints.count() - 1; row >= 0; --row) {
                if (EndpointFile::isFileId(endpoints.at(row)->config().id))
                    endpoints.remove(row);
            }
            return;
        }
        // Another file replaces the old one's endpoints as a difference, and only once it reads
        // well: a broken one leaves them running.
        fileWatcher = std::make_unique<EndpointFileWatcher>(&endpoints, path);
        const QString fileName = QFileInfo(path).fileName();
        QObject::connect(fileWatcher.get(), &EndpointFileWatcher::rejected, &window,
                         [notice, fileName](const QStringList &problems) {
                             notice(QObject::tr("Endpoint file"),
                                    QObject::tr("%1 not applied; the endpoints read before keep running: %2")
                                        .arg(fileName, problems.join(QStringLiteral("; "))));
                         });
        QObject::connect(fileWatcher.get(), &EndpointFileWatcher::warned, &window,
                         [notice](const QStringList &warnings) {
                             notice(QObject::tr("Endpoint file"), warnings.join(QStringLiteral("; ")));
                         });
        QObject::connect(fileWatcher.get(), &EndpointFileWatcher::applied, &window,
                         [&window, fileName](const EndpointMergeReport &report) {
                             window.setNote(QObject::tr("%1: %2").arg(fileName, report.summary()));
                         });
        fileWatcher->reload();
    };
    QObject::connect(&window, &MainWindow::watchFileRequested, &window, [&](const QString &path) {
        watchFile(path);
        if (command.headless.endpointFile.isEmpty())
            settings.setValue(watchedKey, path); // remembered, unless this run's file came from --config
    });
    // What a command line asks of the window (a URL, a file to watch or import): this launch's, and
    // later launches' on the same profile (HandOver.h). The answer is what that launch prints.
    // `ok` turns false when part of it could not be done.
    auto applyRequest = [&](const CommandLine &request, const QDir &base, bool *ok) {
        QStringList said;
        if (!request.headless.endpointFile.isEmpty()) {
            const QString path = base.absoluteFilePath(request.headless.endpointFile);
            watchFile(path);
            said << QObject::tr("watching %1").arg(QFileInfo(path).fileName());
        }
        if (!request.importFile.isEmpty()) {
            const QString path = base.absoluteFilePath(request.importFile);
            if (EndpointFile::read(path).ok()) {
                said << window.importFrom(path);
            } else {
                // The person is at the window: it lists every problem and offers the valid part
                // (after this answer, which must not wait for the dialog).
                *ok = false;
                said << QObject::tr("nothing imported from %1 yet: it has errors; the window lists them and offers "
                                    "to import the valid endpoints")
                            .arg(QFileInfo(path).fileName());
                QTimer::singleShot(0, &window, [&window, path] { window.importFrom(path, true); });
            }
        }
        if (!request.urlText.isEmpty()) {
            const ProbeOptions &probe = request.headless.monitor.probe;
            int row = endpoints.find(probe.url, probe.method);
            if (row >= 0) {
                endpoints.at(row)->start(); // `netpulse URL` twice does not add it twice
                said << QObject::tr("%1 is already watched").arg(endpoints.at(row)->displayName());
            } else {
                EndpointConfig config;
                config.settings.probe = probe;
                endpoints.add(config);
                row = endpoints.count() - 1;
                said << QObject::tr("added %1").arg(endpoints.at(row)->displayName());
            }
            window.selectEndpoint(row);
        }
        return said;
    };
    const QString rememberedFile = settings.value(watchedKey).toString();
    if (command.headless.endpointFile.isEmpty() && !rememberedFile.isEmpty())
        watchFile(rememberedFile);
    bool startedWell = true;
    applyRequest(command, QDir::current(), &startedWell);
    // An outage that was going on when NetPulse last ran goes on: its clock, and no second "is down".
    // (No check has finished yet: the event loop has not run.)
    endpoints.continueOutages();
    if (command.urlText.isEmpty() && command.importFile.isEmpty() && command.headless.endpointFile.isEmpty() &&
        endpoints.count() == 0)
        demo.start();
    HandOverServer handOvers(profile.channelName(), [&](const QStringList &arguments, const QString &directory) {
        const CommandLine request = CommandLine::parse(arguments);
        if (request.action != CommandLine::Action::RunGui)
            return HandOverServer::Answer{false, request.action == CommandLine::Action::Error
                                                     ? request.error
                                                     : QObject::tr("only a window's request is handed over")};
        bool ok = true;
        QStringList said = applyRequest(request, QDir(directory), &ok);
        // What only a process's start sets is not changed under the running window: said, not
        // silently dropped.
        QStringList ignored;
        const HeadlessConfig &asked = request.headless;
        if (asked.reports.isValid())
            ignored << QStringLiteral("--report-url");
        if (asked.alerts.isValid())
            ignored << QStringLiteral("--alertmanager-url");
        if (!asked.metricsAddress.isNull())
            ignored << QStringLiteral("--metrics-listen");
        if (!asked.useCache || !asked.cacheDirectory.isEmpty())
            ignored << QStringLiteral("--no-cache/--cache-dir");
        if (asked.probeThreads)
            ignored << QStringLiteral("--probe-threads");
        if (asked.vantage)
            ignored << QStringLiteral("--vantage");
        if (asked.vantages.isValid())
            ignored << QStringLiteral("--vantages-from");
        if (asked.proxy)
            ignored << QStringLiteral("--proxy");
        if (!ignored.isEmpty())
            said << QObject::tr("not changed in the running window (set when it starts): %1")
                        .arg(ignored.join(QStringLiteral(", ")));
        window.setWindowState(window.windowState() & ~Qt::WindowMinimized);
        window.show();
        window.raise();
        window.activateWindow();
        if (said.isEmpty())
            said << QObject::tr("brought its window to the front");
        else
            window.setNote(QObject::tr("Another launch handed over: %1").arg(said.join(QStringLiteral("; "))));
        return HandOverServer::Answer{ok, said.join(QStringLiteral("; "))};
    });
    QStringList profileProblems;
    if (lock == ProfileLock::Outcome::Unusable) {
        profileProblems << QObject::tr("the profile cannot be locked (%1): a second launch on it is not noticed")
                               .arg(profile.problem());
    } else if (QString problem; !handOvers.listen(&problem)) {
        profileProblems << QObject::tr("later launches cannot hand over to this window (%1)").arg(problem);
    }
    auto startupNotice = [&notice, &startupWarned](const QString &source, const QStringList &problems) {
        if (problems.isEmpty())
            return;
        notice(source, capitalized(problems.join(QStringLiteral("; "))));
        startupWarned = true;
    };
    startupNotice(QObject::tr("Profile"), profileProblems);
    startupNotice(QObject::tr("History"), history.warnings());
    if (cache)
        startupNotice(QObject::tr("Cache"), cache->warnings());
    startupNotice(QObject::tr("Reports"), reportProblems);
    startupNotice(QObject::tr("Vantage points"), vantageProblems);
    if (!restoreProblems.isEmpty())
        startupNotice(
            QObject::tr("Settings"),
            {QObject::tr("Some saved settings were not usable: %1").arg(restoreProblems.join(QStringLiteral("; ")))});
    window.show();
    return app.exec();
}
#endif

} // namespace

int main(int argc, char *argv[])
{
#ifdef __GLIBC__
    // A body of megabytes (up to the 10 MiB cap) lives for one check. glibc would raise its mmap
    // threshold after the first such block is freed and keep the next ones on the heap, which it
    // does not give back: peak memory then holds a cap's worth more for the whole run. A fixed
    // threshold keeps large blocks mapped and returned when freed (docs/RELIABILITY.md, memory).
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
    raiseOpenFileLimit();
    // Names the cache folder (~/.cache/netpulse) in both modes.
    QCoreApplication::setApplicationName(QStringLiteral("netpulse"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NETPULSE_VERSION)); // reports carry it
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const CommandLine command = CommandLine::parse(arguments);
    switch (command.action) {
    case CommandLine::Action::ShowHelp:
        std::printf("%s", qPrintable(command.helpText));
        return 0;
    case CommandLine::Action::ShowVersion:
        std::printf("netpulse %s\n", NETPULSE_VERSION);
        return 0;
    case CommandLine::Action::Error:
        std::fprintf(stderr, "netpulse: %s\nTry 'netpulse --help'.\n", qPrintable(command.error));
        return 2;
    case CommandLine::Action::RunHeadless:
        return runHeadless(argc, argv, command);
    case CommandLine::Action::RunGui:
#if defined(NETPULSE_HAVE_GUI)
        return runGui(argc, argv, command);
#elif defined(NETPULSE_WINDOW_PROGRAM)
        return execWindowProgram(argv);
#else
        std::fprintf(stderr, "netpulse: built without the desktop UI; use --headless\n");
        return 2;
#endif
    }
    return 1;
}
