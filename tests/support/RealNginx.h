#pragma once

// A real nginx (Debian nginx-light) serving server blocks a test writes, on loopback ports found
// free for it: TestCertificates' chains, TestPageOrigin's CORS answers. The gateways' nginx, in
// front of upstreams, is RealGateway's.

#include <functional>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

#include "FreePort.h"

class RealNginx
{
public:
    // The server blocks for the given ports, in the order asked for ("server { listen … }" lines).
    using Servers = std::function<QString(const QList<quint16> &ports)>;

    static QString find()
    {
        return QStandardPaths::findExecutable(QStringLiteral("nginx"),
                                              {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    }

    RealNginx() = default;
    RealNginx(const RealNginx &) = delete;
    RealNginx &operator=(const RealNginx &) = delete;
    ~RealNginx() { stop(); }

    // Starts nginx with its files in `directory` and `servers(ports)` as its server blocks, and
    // returns when every port accepts on 127.0.0.1. Tries other ports when nginx exits (a port
    // found free was taken before it bound it, by a test running beside this one).
    bool start(const QString &directory, int portCount, const Servers &servers, QString *error)
    {
        const QString executable = find();
        const QDir dir(directory);
        for (int attempt = 0; attempt < 3; ++attempt) {
            m_ports = freePorts(portCount);
            QFile config(dir.filePath(QStringLiteral("nginx.conf")));
            if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
                *error = config.fileName() + QStringLiteral(": ") + config.errorString();
                return false;
            }
            config.write(QStringLiteral("daemon off;\nworker_processes 1;\npid %1/nginx.pid;\nerror_log %1/error.log;\n"
                                        "events { worker_connections 64; }\nhttp {\n  access_log off;\n"
                                        "  client_body_temp_path %1/body;\n  proxy_temp_path %1/proxy;\n"
                                        "  fastcgi_temp_path %1/fastcgi;\n  uwsgi_temp_path %1/uwsgi;\n"
                                        "  scgi_temp_path %1/scgi;\n%2}\n")
                             .arg(directory, servers(m_ports))
                             .toUtf8());
            config.close();
            m_process.setProcessChannelMode(QProcess::MergedChannels);
            m_process.start(executable,
                            {QStringLiteral("-p"), directory, QStringLiteral("-e"),
                             dir.filePath(QStringLiteral("error.log")), QStringLiteral("-c"), config.fileName()});
            if (!m_process.waitForStarted(10000)) {
                *error = QStringLiteral("nginx did not start: ") + m_process.errorString();
                return false;
            }
            if (QTest::qWaitFor([this] { return m_process.state() != QProcess::Running || everyPortAccepts(); },
                                20000) &&
                m_process.state() == QProcess::Running)
                return true;
            stop();
        }
        *error = QStringLiteral("nginx did not listen on its ports; it said:\n") +
                 QString::fromLocal8Bit(m_process.readAll());
        return false;
    }

    const QList<quint16> &ports() const { return m_ports; }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

private:
    bool everyPortAccepts() const
    {
        for (quint16 port : m_ports) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, port);
            if (!socket.waitForConnected(1000))
                return false;
        }
        return true;
    }

    QProcess m_process;
    QList<quint16> m_ports;
};
