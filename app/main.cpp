// netpulse: parses the command line and wires core to either the headless printer or the window.
#include "CommandLine.h"
#include "HeadlessRunner.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

#ifdef NETPULSE_HAVE_GUI
#include "DemoService.h"
#include "EndpointConfig.h"
#include "EventLog.h"
#include "MainWindow.h"
#include "ProbeEngine.h"
#include "ResponseCache.h"
#include "WatchedEndpoint.h"

#include <QApplication>
#include <QSettings>
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
QList<EndpointConfig> demoEndpoints(const QJsonObject &urls)
{
    const QString base = urls.value(QStringLiteral("base")).toString();
    auto make = [](const QString &name, const QString &url) {
        EndpointConfig config;
        config.name = name;
        config.demo = true;
        config.settings.probe.url = QUrl(url);
        // Quicker than the defaults, so a newcomer sees refused → retrying → down → recovered
        // within one cycle of the flapping endpoint (12 s refusing, 8 s up).
        config.settings.intervalMs = 2000;
        config.settings.downIntervalMs = 4000;
        // Equal jitter keeps each retry visibly apart: 0.5–1 s, 1–2 s, 2–4 s.
        config.settings.backoff = {1000, 2.0, 4000, JitterMode::Equal};
        return config;
    };
    QList<EndpointConfig> endpoints = {
        make(QObject::tr("Demo: flapping service"), urls.value(QStringLiteral("flapping")).toString()),
        make(QObject::tr("Demo: healthy JSON"), base + QStringLiteral("/ok?max_age=5")),
        make(QObject::tr("Demo: 503 with Retry-After"), base + QStringLiteral("/status/503?retry_after=3")),
        make(QObject::tr("Demo: self-signed TLS"), urls.value(QStringLiteral("tls")).toString()),
        make(QObject::tr("Demo: body cut by a reset"), base + QStringLiteral("/reset")),
        make(QObject::tr("Demo: not HTTP"), base + QStringLiteral("/garbage")),
    };
    endpoints[1].settings.intervalMs = 5000;
    return endpoints;
}

int runGui(int argc, char *argv[], const CommandLine &command)
{
    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("NetPulse"));
    // The tray keeps watching with the window closed only when there is a tray to reopen it from.
    QApplication::setQuitOnLastWindowClosed(true);
    ProbeEngine engine;
    ResponseCache cache(ResponseCache::defaultDirectory());
    engine.setCache(&cache);
    EventLog log;
    QSettings settings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("netpulse"),
                       QStringLiteral("netpulse"));
    MainWindow window(&engine, &log, &settings);
    QStringList notes = cache.warnings();
    QObject::connect(&cache, &ResponseCache::warningRaised, &window,
                     [&window](const QString &warning) { window.setNote(QObject::tr("Cache: %1").arg(warning)); });
    DemoService demo;
    if (!command.urlText.isEmpty()) {
        const ProbeOptions &probe = command.headless.monitor.probe;
        const int known = window.findEndpoint(probe.url, probe.method);
        if (known >= 0) {
            window.selectEndpoint(known); // `netpulse URL` twice does not add it twice
            if (!window.selectedEndpoint()->isRunning())
                window.selectedEndpoint()->start();
        } else {
            EndpointConfig config;
            config.settings.probe = probe;
            window.addEndpoint(config);
        }
    } else if (window.endpointCount() == 0) {
        QObject::connect(&demo, &DemoService::ready, &window, [&window](const QJsonObject &urls) {
            for (const EndpointConfig &config : demoEndpoints(urls))
                window.addEndpoint(config);
            window.selectEndpoint(0);
            window.setNote(QObject::tr("Demo service on 127.0.0.1 (not saved): add your own endpoint with the URL "
                                       "field and +. The flapping one refuses for 12 s, then is up for 8 s."));
        });
        QObject::connect(&demo, &DemoService::failed, &window, [&window](const QString &reason) {
            window.setNote(QObject::tr("The demo service did not start (%1). Enter a URL to watch.").arg(reason));
        });
        demo.start();
    }
    if (!notes.isEmpty())
        window.setNote(QObject::tr("Cache: %1").arg(notes.join(QStringLiteral("; "))));
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
