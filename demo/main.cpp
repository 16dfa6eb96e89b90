// netpulse-demo-server: the demo's fault server (which the tests use too), run as a program. `netpulse` starts it when
// given no URL, so a newcomer sees refused → retrying → recovered at once; it is also handy to point curl at.
#include <cstdio>
#include <unistd.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>

#include "FaultServer.h"

using NetPulse::Demo::FaultServer;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("netpulse-demo-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NETPULSE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A loopback HTTP server that fails in every way NetPulse names."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Main port (0: any free port)."),
                                        QStringLiteral("PORT"), QStringLiteral("0"));
    const QCommandLineOption upOption(QStringLiteral("flap-up"), QStringLiteral("Flapping port: up for MS."),
                                      QStringLiteral("MS"), QStringLiteral("8000"));
    const QCommandLineOption downOption(QStringLiteral("flap-down"), QStringLiteral("Flapping port: down for MS."),
                                        QStringLiteral("MS"), QStringLiteral("12000"));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Print the URLs as one JSON line (for programs)."));
    const QCommandLineOption stdinOption(QStringLiteral("exit-with-stdin"),
                                         QStringLiteral("Exit when standard input closes (the parent went away)."));
    parser.addOptions({portOption, upOption, downOption, jsonOption, stdinOption});
    parser.process(app);

    bool portOk = false;
    bool upOk = false;
    bool downOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    const int upMs = parser.value(upOption).toInt(&upOk);
    const int downMs = parser.value(downOption).toInt(&downOk);
    if (!portOk || port > 65535 || !upOk || upMs < 100 || !downOk || downMs < 100) {
        std::fprintf(stderr, "netpulse-demo-server: --port must be 0-65535 and --flap-up/--flap-down at least 100\n");
        return 2;
    }

    FaultServer server;
    QString error;
    if (!server.start(quint16(port), &error) || !server.startTls(&error) ||
        !server.startFlapping({upMs, downMs, true}, 0, &error)) {
        std::fprintf(stderr, "netpulse-demo-server: cannot listen: %s\n", qPrintable(error));
        return 1;
    }

    QJsonObject urls;
    urls.insert(QStringLiteral("flapping"), server.flappingUrl().toString());
    urls.insert(QStringLiteral("base"), server.url(QString()).toString());
    urls.insert(QStringLiteral("ok"), server.url(QStringLiteral("/ok")).toString());
    urls.insert(QStringLiteral("tls"), server.tlsUrl(QStringLiteral("/ok")).toString());
    urls.insert(QStringLiteral("refused"), server.refusedUrl().toString());
    urls.insert(QStringLiteral("connect_timeout"), server.connectTimeoutUrl().toString());
    urls.insert(QStringLiteral("tls_silent"), server.silentUrl(QStringLiteral("https")).toString());
    if (parser.isSet(jsonOption)) {
        std::printf("%s\n", QJsonDocument(urls).toJson(QJsonDocument::Compact).constData());
    } else {
        std::printf("NetPulse demo server on 127.0.0.1\n\n");
        std::printf("  %-34s up %d ms, then refusing %d ms, repeating\n", qPrintable(server.flappingUrl().toString()),
                    upMs, downMs);
        std::printf("  %-34s self-signed TLS\n", qPrintable(server.tlsUrl(QStringLiteral("/ok")).toString()));
        std::printf("  %-34s connection refused\n", qPrintable(server.refusedUrl().toString()));
        std::printf("  %-34s connect timeout (SYNs dropped)\n", qPrintable(server.connectTimeoutUrl().toString()));
        std::printf("  %-34s TLS handshake never answered\n",
                    qPrintable(server.silentUrl(QStringLiteral("https")).toString()));
        std::printf("\nPaths on %s:\n", qPrintable(server.url(QString()).toString()));
        for (const auto &path : FaultServer::paths())
            std::printf("  %-34s %s\n", qPrintable(path.first), qPrintable(path.second));
    }
    std::fflush(stdout);

    if (parser.isSet(stdinOption)) {
        auto *notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app, notifier] {
            char buffer[256];
            if (::read(STDIN_FILENO, buffer, sizeof buffer) <= 0) {
                notifier->setEnabled(false);
                app.quit();
            }
        });
    }
    return app.exec();
}
