#include "HostileMemory.h"

#include <cstdio>

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include "Measure.h"

namespace NetPulse::Bench {

namespace {

struct Watched
{
    QString name;
    QString path;
    QJsonObject headers;
};

struct Run
{
    long peakKiB = -1;
    QHash<QString, QHash<QString, int>> kinds; // endpoint name -> kind -> checks
};

// One run of the real program over an endpoint file, history and cache on, lines to a file.
Run runProgram(const QString &base, const QList<Watched> &endpoints, int seconds, const QTemporaryDir &dir,
               const QString &label)
{
    QJsonArray list;
    for (const Watched &w : endpoints) {
        QJsonObject endpoint;
        endpoint.insert(QStringLiteral("name"), w.name);
        endpoint.insert(QStringLiteral("url"), QString(base + w.path));
        if (!w.headers.isEmpty())
            endpoint.insert(QStringLiteral("headers"), w.headers);
        list.append(endpoint);
    }
    const QJsonObject root{{QStringLiteral("version"), 1},
                           {QStringLiteral("defaults"), QJsonObject{{QStringLiteral("interval_ms"), 1000},
                                                                    {QStringLiteral("down_interval_ms"), 1000},
                                                                    {QStringLiteral("retries"), 0}}},
                           {QStringLiteral("endpoints"), list}};
    const QString config = dir.filePath(label + QStringLiteral(".json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson()) < 0) {
        std::fprintf(stderr, "hostile: cannot write %s\n", qPrintable(config));
        return {};
    }
    file.close();

    QProcess netpulse;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"})
        environment.insert(QString::fromLatin1(name), dir.filePath(label + QLatin1Char('-') + QLatin1String(name)));
    netpulse.setProcessEnvironment(environment);
    const QString errorsPath = dir.filePath(label + QStringLiteral(".stderr"));
    netpulse.setStandardErrorFile(errorsPath);
    const QString linesPath = dir.filePath(label + QStringLiteral(".jsonl"));
    netpulse.setStandardOutputFile(linesPath);
    netpulse.start(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("netpulse")),
                   {QStringLiteral("--headless"), QStringLiteral("--config"), config});
    Run run;
    if (!netpulse.waitForStarted(5000))
        return run;
    QEventLoop loop;
    QTimer::singleShot(seconds * 1000, &loop, [&] {
        run.peakKiB = processStatusKiB(netpulse.processId(), "VmHWM");
        loop.quit();
    });
    loop.exec();
    netpulse.terminate();
    netpulse.waitForFinished(10000);
    QFile lines(linesPath);
    lines.open(QIODevice::ReadOnly);
    for (const QByteArray &line : lines.readAll().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (!o.isEmpty())
            ++run.kinds[o.value(QStringLiteral("name")).toString()][o.value(QStringLiteral("kind")).toString()];
    }
    if (run.kinds.isEmpty()) { // it said nothing on stdout: show why
        QFile errors(errorsPath);
        if (errors.open(QIODevice::ReadOnly))
            std::fprintf(stderr, "hostile: netpulse (%s) said:\n%s\n", qPrintable(label), errors.readAll().constData());
    }
    return run;
}

} // namespace

int benchHostileMemory(int seconds)
{
    QProcess server;
    server.start(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("netpulse-demo-server")),
                 {QStringLiteral("--json"), QStringLiteral("--exit-with-stdin")});
    if (!server.waitForReadyRead(10000)) {
        std::fprintf(stderr, "hostile: netpulse-demo-server did not start\n");
        return 1;
    }
    const QString base = QJsonDocument::fromJson(server.readLine()).object().value(QStringLiteral("base")).toString();
    QJsonObject askForCompression;
    askForCompression.insert(QStringLiteral("Accept-Encoding"), QStringLiteral("gzip, deflate"));
    // Each hostile endpoint with the limits a user gets by default: 10 MiB body cap, 5 s
    // inactivity, 30 s deadline.
    const QList<Watched> hostile = {
        {QStringLiteral("endless body"), QStringLiteral("/endless"), {}},
        {QStringLiteral("header flood"), QStringLiteral("/endless-headers?interval=0"), {}},
        {QStringLiteral("deflate bomb"), QStringLiteral("/deflate-bomb"), {}},
        {QStringLiteral("deflate bomb, compression asked for"), QStringLiteral("/deflate-bomb"), askForCompression},
    };
    QList<Watched> plain;
    for (int i = 0; i < hostile.size(); ++i)
        plain.append({QStringLiteral("ok %1").arg(i), QStringLiteral("/ok"), {}});
    QTemporaryDir dir;
    const Run baseline = runProgram(base, plain, seconds, dir, QStringLiteral("plain"));
    const Run attacked = runProgram(base, hostile, seconds, dir, QStringLiteral("hostile"));
    server.closeWriteChannel();
    server.waitForFinished(5000);
    if (baseline.peakKiB < 0 || attacked.peakKiB < 0) {
        std::fprintf(stderr, "hostile: netpulse did not run\n");
        return 1;
    }
    std::printf("hostile memory, %d s each, netpulse --headless --config (history and cache on), checks every 1 s\n",
                seconds);
    for (const Watched &w : hostile) {
        QStringList kinds;
        const QHash<QString, int> counts = attacked.kinds.value(w.name);
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            kinds << QStringLiteral("%1 x%2").arg(it.key()).arg(it.value());
        std::printf("  %-40s %s\n", qPrintable(w.name), qPrintable(kinds.join(QStringLiteral(", "))));
    }
    std::printf("peak rss: %d x /ok %.1f MiB; the four hostile servers together %.1f MiB; growth %.1f MiB (goal <= "
                "32)\n",
                int(plain.size()), double(baseline.peakKiB) / 1024.0, double(attacked.peakKiB) / 1024.0,
                double(attacked.peakKiB - baseline.peakKiB) / 1024.0);
    return 0;
}

} // namespace NetPulse::Bench
