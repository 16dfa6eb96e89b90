#pragma once

// What the fleet modes share: the demo server in a process of its own (a watched service's
// answers must not wait for the benchmark's own work), and a fleet of endpoints on it.

#include <cstdio>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace NetPulse::Bench {

// Starts netpulse-demo-server beside this program; its URLs by name ("ok", "refused", …), or an
// empty object (said on stderr, with `mode`) when it did not start.
inline QJsonObject startDemoServer(QProcess *server, const char *mode)
{
    server->start(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("netpulse-demo-server")),
                  {QStringLiteral("--json"), QStringLiteral("--exit-with-stdin")});
    if (!server->waitForReadyRead(10000)) {
        std::fprintf(stderr, "%s: netpulse-demo-server did not start\n", mode);
        return {};
    }
    return QJsonDocument::fromJson(server->readLine()).object();
}

// `count` endpoints named e0, e1, …: the even ones a 200, the odd ones refused.
inline QJsonArray halfOkHalfRefused(const QJsonObject &urls, int count)
{
    QJsonArray list;
    for (int i = 0; i < count; ++i) {
        QJsonObject endpoint;
        endpoint.insert(QStringLiteral("name"), QStringLiteral("e%1").arg(i));
        endpoint.insert(QStringLiteral("url"), urls.value(i % 2 ? QStringLiteral("refused") : QStringLiteral("ok")));
        list.append(endpoint);
    }
    return list;
}

// Writes an endpoint file (version 1) of `endpoints` with `defaults` to `path`; false (said on
// stderr, with `mode`) when it cannot.
inline bool writeEndpointFile(const QString &path, const QJsonObject &defaults, const QJsonArray &endpoints,
                              const char *mode)
{
    QJsonObject root;
    root.insert(QStringLiteral("version"), 1);
    root.insert(QStringLiteral("defaults"), defaults);
    root.insert(QStringLiteral("endpoints"), endpoints);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson()) < 0 || !file.flush()) {
        std::fprintf(stderr, "%s: cannot write %s\n", mode, qPrintable(path));
        return false;
    }
    return true;
}

} // namespace NetPulse::Bench
