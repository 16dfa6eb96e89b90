#pragma once

// Real gateways and forward proxies from Debian packages, started by a test on loopback ports with
// a generated configuration (../shared/REFERENCES.md, "Gateways"): what each answers in front of a
// refused port, a silent server and a reset is the product's own, not our idea of it.
//
// A reverse proxy gets two fronts: one whose upstream is a port that refuses, one whose upstream
// is the fault server (the request's path picks the fault: /hang, /reset-at-once). A forward proxy
// (tinyproxy, Squid) gets one port, and the test asks it for the fault server's URLs.
// Upstream limits are one second, so a silent upstream costs a test one second.

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>

#include "FreePort.h"

class RealGateway
{
public:
    enum class Product
    {
        Nginx,
        Haproxy,
        Caddy,
        Varnish,
        Apache,
        Lighttpd,
        Tinyproxy,
        Squid,
    };

    struct Program
    {
        const char *executable;
        const char *package;
    };

    static Program program(Product product)
    {
        switch (product) {
        case Product::Nginx:
            return {"nginx", "nginx-light"};
        case Product::Haproxy:
            return {"haproxy", "haproxy"};
        case Product::Caddy:
            return {"caddy", "caddy"};
        case Product::Varnish:
            return {"varnishd", "varnish"};
        case Product::Apache:
            return {"apache2", "apache2"};
        case Product::Lighttpd:
            return {"lighttpd", "lighttpd"};
        case Product::Tinyproxy:
            return {"tinyproxy", "tinyproxy"};
        case Product::Squid:
            return {"squid", "squid"};
        }
        return {"", ""};
    }

    static bool isForwardProxy(Product product) { return product == Product::Tinyproxy || product == Product::Squid; }

    // The program is looked for on PATH and in /usr/sbin (where Debian puts most of them).
    static QString find(Product product)
    {
        const QString name = QString::fromLatin1(program(product).executable);
        QString path = QStandardPaths::findExecutable(name);
        if (path.isEmpty())
            path = QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
        return path;
    }

    RealGateway() = default;
    RealGateway(const RealGateway &) = delete;
    RealGateway &operator=(const RealGateway &) = delete;
    ~RealGateway() { stop(); }

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

    // Starts `product` in front of `refusedPort` and the fault server's `faultPort`. Tries other
    // ports when the program exits at once (a port found free was taken before it bound it).
    // `extra` is appended to the generated configuration (tinyproxy's BasicAuth).
    // `tlsPort`: the fault server's TLS port (a self-signed certificate nobody trusts), for the
    // products that can verify an upstream's certificate here (nginx, HAProxy, Caddy, Apache); 0: none.
    bool start(Product product, const QString &executable, quint16 refusedPort, quint16 faultPort, QString *error,
               const QString &extra = {}, quint16 tlsPort = 0)
    {
        m_product = product;
        m_extra = extra;
        m_tlsPort = tlsPort;
        for (int attempt = 0; attempt < 3; ++attempt) {
            const QList<quint16> ports = freePorts(4);
            m_refusedFront = ports[0];
            m_faultFront = ports[1];
            m_rejectFront = m_product == Product::Haproxy ? ports[2] : 0;
            m_tlsFront = m_tlsPort != 0 ? ports[3] : 0;
            if (!writeConfiguration(refusedPort, faultPort, error))
                return false;
            m_process.setProcessChannelMode(QProcess::MergedChannels);
            m_process.start(executable, arguments());
            if (!m_process.waitForStarted(10000)) {
                *error = QStringLiteral("%1 did not start: %2").arg(executable, m_process.errorString());
                return false;
            }
            if (waitUntilListening())
                return true;
            stop();
        }
        *error = QStringLiteral("%1 did not listen on its ports; it said:\n%2\n%3")
                     .arg(executable, QString::fromLocal8Bit(m_process.readAll()), logTail());
        return false;
    }

    // Reverse proxies: a URL through the front whose upstream refuses, and one through the front
    // whose upstream is the fault server (append the fault's path).
    QUrl refusedFront() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_refusedFront)); }
    QUrl faultFront(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_faultFront).arg(path));
    }
    // A front whose upstream is https with a certificate that fails verification.
    QUrl tlsFront() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/ok").arg(m_tlsFront)); }
    // HAProxy only: a front that closes every connection right after accepting it.
    QUrl rejectFront() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/ok").arg(m_rejectFront)); }
    // Forward proxies: the port to set on the manager.
    quint16 proxyPort() const { return m_refusedFront; }
    QString output() { return QString::fromLocal8Bit(m_process.readAll()) + logTail(); }

private:
    QString dir() const { return m_dir.path(); }

    QString logTail() const
    {
        QString tail;
        for (const QString &name : {QStringLiteral("error.log"), QStringLiteral("cache.log")}) {
            QFile log(m_dir.filePath(name));
            if (log.open(QIODevice::ReadOnly))
                tail += QString::fromLocal8Bit(log.readAll().right(2000));
        }
        return tail;
    }

    // The TLS front's configuration, in the product's own words: verify the upstream's certificate
    // against the system's roots (which do not hold the fault server's self-signed one).
    QString tlsFrontConfiguration() const
    {
        if (m_tlsFront == 0)
            return QString();
        const QString front = QString::number(m_tlsFront), upstream = QString::number(m_tlsPort);
        switch (m_product) {
        case Product::Nginx:
            return QStringLiteral("  server { listen 127.0.0.1:%1; location / { proxy_pass https://127.0.0.1:%2; "
                                  "proxy_ssl_verify on; "
                                  "proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt; } }\n")
                .arg(front, upstream);
        case Product::Haproxy:
            return QStringLiteral("frontend tls\n  bind 127.0.0.1:%1\n  default_backend tls\n"
                                  "backend tls\n  server s 127.0.0.1:%2 ssl verify required ca-file "
                                  "/etc/ssl/certs/ca-certificates.crt\n")
                .arg(front, upstream);
        case Product::Caddy:
            return QStringLiteral("http://127.0.0.1:%1 {\n  reverse_proxy https://127.0.0.1:%2\n}\n")
                .arg(front, upstream);
        case Product::Apache:
            return QStringLiteral("LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\n"
                                  "Listen 127.0.0.1:%1\n<VirtualHost 127.0.0.1:%1>\n  SSLProxyEngine on\n"
                                  "  SSLProxyVerify require\n"
                                  "  SSLProxyCACertificateFile /etc/ssl/certs/ca-certificates.crt\n"
                                  "  ProxyPass / https://127.0.0.1:%2/ timeout=1 retry=0\n</VirtualHost>\n")
                .arg(front, upstream);
        // Varnish Cache has no TLS to its backends, and lighttpd's mod_proxy speaks only plain HTTP
        // to its: neither can be put in front of an https upstream.
        default:
            return QString();
        }
    }

    bool writeFile(const QString &name, const QString &text, QString *error)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write((text + m_extra).toUtf8()) < 0) {
            *error = QStringLiteral("cannot write %1").arg(file.fileName());
            return false;
        }
        // Varnish and Squid read their configuration, and Squid writes its log, as their own user.
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
        return true;
    }

    bool writeConfiguration(quint16 refused, quint16 fault, QString *error)
    {
        if (!m_dir.isValid()) {
            *error = QStringLiteral("no temporary folder");
            return false;
        }
        QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup |
                                                QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther |
                                                QFile::WriteOther | QFile::ExeOther);
        const QString a = QString::number(m_refusedFront), b = QString::number(m_faultFront);
        const QString r = QString::number(refused), f = QString::number(fault);
        switch (m_product) {
        case Product::Nginx:
            return writeFile(
                QStringLiteral("nginx.conf"),
                QStringLiteral("daemon off;\nworker_processes 1;\npid %1/nginx.pid;\nerror_log %1/error.log;\n"
                               "events { worker_connections 64; }\n"
                               "http {\n  access_log off;\n  client_body_temp_path %1/body;\n"
                               "  proxy_temp_path %1/proxy;\n  fastcgi_temp_path %1/fastcgi;\n"
                               "  uwsgi_temp_path %1/uwsgi;\n  scgi_temp_path %1/scgi;\n"
                               "  proxy_connect_timeout 1s;\n  proxy_read_timeout 1s;\n"
                               "  server { listen 127.0.0.1:%2; location / { proxy_pass http://127.0.0.1:%4; } }\n"
                               "  server { listen 127.0.0.1:%3; location / { proxy_pass http://127.0.0.1:%5; } }\n"
                               "%6}\n")
                    .arg(dir(), a, b, r, f, tlsFrontConfiguration()),
                error);
        case Product::Haproxy:
            return writeFile(QStringLiteral("haproxy.cfg"),
                             QStringLiteral("global\n  log stderr format raw local0 emerg\n"
                                            "defaults\n  mode http\n  timeout connect 1s\n  timeout client 10s\n"
                                            "  timeout server 1s\n"
                                            "frontend refused\n  bind 127.0.0.1:%1\n  default_backend refused\n"
                                            "backend refused\n  server s 127.0.0.1:%3\n"
                                            "frontend faults\n  bind 127.0.0.1:%2\n  default_backend faults\n"
                                            "backend faults\n  server s 127.0.0.1:%4\n"
                                            // Closes each connection right after accepting it, as a
                                            // blocklist or a connection-rate limit does.
                                            "frontend reject\n  bind 127.0.0.1:%5\n"
                                            "  tcp-request connection reject\n  default_backend faults\n")
                                     .arg(a, b, r, f, QString::number(m_rejectFront)) +
                                 tlsFrontConfiguration(),
                             error);
        case Product::Caddy:
            return writeFile(QStringLiteral("Caddyfile"),
                             QStringLiteral("{\n  admin off\n  auto_https off\n  storage file_system %1/data\n}\n"
                                            "http://127.0.0.1:%2 {\n  reverse_proxy 127.0.0.1:%4\n}\n"
                                            "http://127.0.0.1:%3 {\n  reverse_proxy 127.0.0.1:%5 {\n"
                                            "    transport http {\n      response_header_timeout 1s\n    }\n  }\n}\n")
                                     .arg(dir(), a, b, r, f) +
                                 tlsFrontConfiguration(),
                             error);
        case Product::Varnish:
            return writeFile(QStringLiteral("gateway.vcl"),
                             QStringLiteral("vcl 4.1;\nimport std;\n"
                                            "backend refused { .host = \"127.0.0.1\"; .port = \"%2\"; "
                                            ".connect_timeout = 1s; .first_byte_timeout = 1s; }\n"
                                            "backend faults { .host = \"127.0.0.1\"; .port = \"%3\"; "
                                            ".connect_timeout = 1s; .first_byte_timeout = 1s; }\n"
                                            "sub vcl_recv {\n  if (std.port(server.ip) == %1) "
                                            "{ set req.backend_hint = refused; } else { set req.backend_hint = "
                                            "faults; }\n  return (pass);\n}\n")
                                 .arg(a, r, f),
                             error);
        case Product::Apache:
            return writeFile(
                QStringLiteral("httpd.conf"),
                QStringLiteral("ServerRoot %1\nPidFile %1/httpd.pid\nErrorLog %1/error.log\n"
                               "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n"
                               "LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n"
                               "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n"
                               "LoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so\n"
                               "ServerName localhost\nListen 127.0.0.1:%2\nListen 127.0.0.1:%3\n"
                               "<VirtualHost 127.0.0.1:%2>\n  ProxyPass / http://127.0.0.1:%4/ retry=0\n"
                               "</VirtualHost>\n"
                               "<VirtualHost 127.0.0.1:%3>\n  ProxyPass / http://127.0.0.1:%5/ timeout=1 retry=0\n"
                               "</VirtualHost>\n%6")
                    .arg(dir(), a, b, r, f, tlsFrontConfiguration()),
                error);
        case Product::Lighttpd:
            return writeFile(QStringLiteral("lighttpd.conf"),
                             QStringLiteral("server.document-root = \"%1\"\nserver.bind = \"127.0.0.1\"\n"
                                            "server.port = %2\nserver.modules = (\"mod_proxy\")\n"
                                            "server.errorlog = \"%1/error.log\"\n"
                                            "proxy.server = (\"\" => (( \"host\" => \"127.0.0.1\", \"port\" => %4 )))\n"
                                            "$SERVER[\"socket\"] == \"127.0.0.1:%3\" {\n"
                                            "  proxy.server = (\"\" => (( \"host\" => \"127.0.0.1\", \"port\" => %5, "
                                            "\"connect-timeout\" => 1, \"read-timeout\" => 1 )))\n}\n")
                                 .arg(dir(), a, b, r, f),
                             error);
        case Product::Tinyproxy:
            return writeFile(
                QStringLiteral("tinyproxy.conf"),
                QStringLiteral("Port %1\nListen 127.0.0.1\nAllow 127.0.0.1\nTimeout 1\nLogLevel Error\n").arg(a),
                error);
        case Product::Squid:
            return writeFile(QStringLiteral("squid.conf"),
                             QStringLiteral("http_port 127.0.0.1:%2\nhttp_access allow all\ncache deny all\n"
                                            "pid_filename %1/squid.pid\ncache_log %1/cache.log\naccess_log none\n"
                                            "cache_store_log none\ncoredump_dir %1\nread_timeout 1 seconds\n"
                                            "connect_timeout 1 seconds\nshutdown_lifetime 0 seconds\n")
                                 .arg(dir(), a),
                             error);
        }
        return false;
    }

    QStringList arguments() const
    {
        switch (m_product) {
        case Product::Nginx:
            return {QStringLiteral("-p"), dir(),
                    QStringLiteral("-e"), m_dir.filePath(QStringLiteral("error.log")),
                    QStringLiteral("-c"), m_dir.filePath(QStringLiteral("nginx.conf"))};
        case Product::Haproxy:
            return {QStringLiteral("-db"), QStringLiteral("-f"), m_dir.filePath(QStringLiteral("haproxy.cfg"))};
        case Product::Caddy:
            return {QStringLiteral("run"), QStringLiteral("--config"), m_dir.filePath(QStringLiteral("Caddyfile")),
                    QStringLiteral("--adapter"), QStringLiteral("caddyfile")};
        case Product::Varnish:
            return {QStringLiteral("-F"),
                    QStringLiteral("-a"),
                    QStringLiteral("127.0.0.1:%1").arg(m_refusedFront),
                    QStringLiteral("-a"),
                    QStringLiteral("127.0.0.1:%1").arg(m_faultFront),
                    QStringLiteral("-f"),
                    m_dir.filePath(QStringLiteral("gateway.vcl")),
                    QStringLiteral("-n"),
                    m_dir.filePath(QStringLiteral("work")),
                    QStringLiteral("-s"),
                    QStringLiteral("malloc,16m")};
        case Product::Apache:
            return {QStringLiteral("-f"), m_dir.filePath(QStringLiteral("httpd.conf")), QStringLiteral("-DFOREGROUND")};
        case Product::Lighttpd:
            return {QStringLiteral("-D"), QStringLiteral("-f"), m_dir.filePath(QStringLiteral("lighttpd.conf"))};
        case Product::Tinyproxy:
            return {QStringLiteral("-d"), QStringLiteral("-c"), m_dir.filePath(QStringLiteral("tinyproxy.conf"))};
        case Product::Squid:
            return {QStringLiteral("-N"), QStringLiteral("-f"), m_dir.filePath(QStringLiteral("squid.conf"))};
        }
        return {};
    }

    // Polls the ports until each accepts a connection, or the program exits (30 s at most: Squid
    // and Varnish take a few seconds on a busy machine).
    bool waitUntilListening()
    {
        const QDeadlineTimer deadline(30000);
        QList<quint16> ports{m_refusedFront};
        if (!isForwardProxy(m_product))
            ports.append(m_faultFront);
        if (m_rejectFront != 0)
            ports.append(m_rejectFront);
        if (m_tlsFront != 0)
            ports.append(m_tlsFront);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            bool all = true;
            for (quint16 port : ports) {
                QTcpSocket probe;
                probe.connectToHost(QHostAddress::LocalHost, port);
                if (!probe.waitForConnected(500)) {
                    all = false;
                    break;
                }
            }
            if (all)
                return true;
            m_process.waitForFinished(100); // a short wait that ends at once if the program exits
        }
        return false;
    }

    Product m_product = Product::Nginx;
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_refusedFront = 0;
    quint16 m_faultFront = 0;
    quint16 m_rejectFront = 0;
    quint16 m_tlsPort = 0;
    quint16 m_tlsFront = 0;
    QString m_extra;
};
