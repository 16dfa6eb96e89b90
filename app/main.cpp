// netpulse: parses the command line and wires core to either the headless printer or the window.
#include "CommandLine.h"
#include "HeadlessRunner.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

#ifdef NETPULSE_HAVE_GUI
#include "DemoService.h"
#include "MainWindow.h"
#include "ProbeEngine.h"
#include "ResponseCache.h"

#include <QApplication>
#include <QMessageBox>
#endif

using namespace NetPulse;

namespace {

// Headless output is a contract: stdout carries only JSON lines, stderr only our own one-line
// errors. Qt's chatter (missing network-information backends and the like) is dropped unless
// NETPULSE_DEBUG is set.
void quietMessageHandler(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg || qEnvironmentVariableIsSet("NETPULSE_DEBUG"))
        std::fprintf(stderr, "netpulse: %s\n", qPrintable(message));
}

int runHeadless(int argc, char *argv[], const CommandLine &command)
{
    qInstallMessageHandler(quietMessageHandler);
    QCoreApplication app(argc, argv);
    HeadlessRunner runner(command.headless);
    QObject::connect(&runner, &HeadlessRunner::done, &app, [&app](int code) { app.exit(code); });
    runner.start();
    return app.exec();
}

#ifdef NETPULSE_HAVE_GUI
int runGui(int argc, char *argv[], const CommandLine &command)
{
    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("NetPulse"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/netpulse/icons/netpulse.svg")));
    ProbeEngine engine;
    ResponseCache cache(ResponseCache::defaultDirectory());
    engine.setCache(&cache);
    MainWindow window(&engine);
    if (!cache.warnings().isEmpty())
        window.setNote(QObject::tr("Cache: %1").arg(cache.warnings().join(QStringLiteral("; "))));
    QObject::connect(&cache, &ResponseCache::warningRaised, &window,
                     [&window](const QString &warning) { window.setNote(QObject::tr("Cache: %1").arg(warning)); });
    DemoService demo;
    if (command.urlText.isEmpty()) {
        // Quicker than the defaults, so a newcomer sees refused → retrying → down → recovered
        // within one cycle of the demo's flapping endpoint (12 s refusing, 8 s up).
        MonitorSettings demoSettings;
        demoSettings.intervalMs = 2000;
        demoSettings.downIntervalMs = 4000;
        demoSettings.backoff = {500, 2.0, 4000, JitterMode::Full};
        window.setMonitorSettings(demoSettings);
        QObject::connect(&demo, &DemoService::ready, &window, [&window](const QJsonObject &urls) {
            window.setUrlText(urls.value(QStringLiteral("flapping")).toString());
            window.setNote(QObject::tr("Demo service: this endpoint refuses connections for 12 s, then is up for "
                                       "8 s, and so on (checks every 2 s here). Other faults to try: %1 (TLS), "
                                       "%2 (connect timeout), %3/garbage, %3/reset, %3/status/503.")
                               .arg(urls.value(QStringLiteral("tls")).toString(),
                                    urls.value(QStringLiteral("connect_timeout")).toString(),
                                    urls.value(QStringLiteral("base")).toString()));
            window.startWatching();
        });
        QObject::connect(&demo, &DemoService::failed, &window, [&window](const QString &reason) {
            window.setNote(QObject::tr("The demo service did not start (%1). Enter a URL to watch.").arg(reason));
        });
        demo.start();
    } else {
        window.setUrlText(command.urlText);
        window.startWatching();
    }
    window.show();
    return app.exec();
}
#endif

} // namespace

int main(int argc, char *argv[])
{
    // Names the cache folder (~/.cache/netpulse) in both modes.
    QCoreApplication::setApplicationName(QStringLiteral("netpulse"));
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
#ifdef NETPULSE_HAVE_GUI
        return runGui(argc, argv, command);
#else
        std::fprintf(stderr, "netpulse: built without the desktop UI; use --headless\n");
        return 2;
#endif
    }
    return 1;
}
