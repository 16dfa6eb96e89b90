#pragma once

#include <memory>

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

#include "metrics/WebConfig.h"

namespace NetPulse {

class BasicAuthCheck;
class MetricsCollector;

// Serves GET /metrics (the collector's page) over HTTP/1.1 for Prometheus to scrape: loopback
// unless the user names another address, one short-lived connection per scrape, requests bounded
// (8 KiB of headers, 5 s to send them), nothing but GET and HEAD. Read-only: a scrape changes
// nothing and can never block monitoring for long (the page is built on the event loop).
// With a web configuration (--web-config) it serves over TLS (QSslServer) and asks for a user and
// password (401, no detail, until they match a bcrypt hash), as Prometheus' exporters do.
class MetricsServer : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxRequestBytes = 8 * 1024;
    static constexpr int kRequestTimeoutMs = 5000;
    static constexpr int kMaxConnections = 32;

    MetricsServer(MetricsCollector *collector, QObject *parent = nullptr);
    ~MetricsServer() override;

    // Before listen(): how to serve (TLS, users, headers).
    void setWebConfig(const WebConfig &config);

    // "127.0.0.1:9464", "[::1]:9464", ":9464" (loopback), "0.0.0.0:9464"; the problem in words.
    static bool parseAddress(const QString &text, QHostAddress *address, quint16 *port, QString *problem);
    bool listen(const QHostAddress &address, quint16 port, QString *problem);
    // What serving on `address` as `config` says exposes, in words; empty on loopback, or with both
    // TLS and a password.
    static QString exposure(const QHostAddress &address, const WebConfig &config);
    quint16 port() const { return m_server->serverPort(); }
    // After listen(): what a reachable address serves to anyone who can reach it, in words;
    // empty on loopback or with both TLS and a password.
    QString exposureWarning() const { return m_exposureWarning; }
    qint64 scrapes() const { return m_scrapes; }

private:
    void onConnection();
    void answer(QTcpSocket *socket, const QByteArray &request);
    void write(QTcpSocket *socket, const QByteArray &status, const QByteArray &type, const QByteArray &body,
               bool withBody = true, const QByteArray &extraHeaders = {});

    MetricsCollector *m_collector;
    std::unique_ptr<QTcpServer> m_server;
    WebConfig m_webConfig;
    BasicAuthCheck *m_auth = nullptr;
    QString m_exposureWarning;
    qint64 m_scrapes = 0;
    int m_open = 0;
};

} // namespace NetPulse
