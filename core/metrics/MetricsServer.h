#pragma once

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

namespace NetPulse {

class MetricsCollector;

// Serves GET /metrics (the collector's page) over plain HTTP/1.1 for Prometheus to scrape: loopback
// unless the user names another address, one short-lived connection per scrape, requests bounded
// (8 KiB of headers, 5 s to send them), nothing but GET and HEAD. Read-only: a scrape changes
// nothing and can never block monitoring for long (the page is built on the event loop).
class MetricsServer : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxRequestBytes = 8 * 1024;
    static constexpr int kRequestTimeoutMs = 5000;
    static constexpr int kMaxConnections = 32;

    MetricsServer(MetricsCollector *collector, QObject *parent = nullptr);

    // "127.0.0.1:9464", "[::1]:9464", ":9464" (loopback), "0.0.0.0:9464"; the problem in words.
    static bool parseAddress(const QString &text, QHostAddress *address, quint16 *port, QString *problem);
    bool listen(const QHostAddress &address, quint16 port, QString *problem);
    quint16 port() const { return m_server.serverPort(); }
    qint64 scrapes() const { return m_scrapes; }

private:
    void onConnection();

    MetricsCollector *m_collector;
    QTcpServer m_server;
    qint64 m_scrapes = 0;
    int m_open = 0;
};

} // namespace NetPulse
