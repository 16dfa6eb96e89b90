#include "metrics/MetricsServer.h"

#include <memory>

#include <QCoreApplication>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include "base/Logging.h"
#include "metrics/Gzip.h"
#include "metrics/MetricsCollector.h"

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class MetricsServerWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::MetricsServer)
};

} // namespace

namespace {

QByteArray response(const QByteArray &status, const QByteArray &type, const QByteArray &body, bool withBody = true,
                    const QByteArray &extraHeaders = {})
{
    QByteArray out = "HTTP/1.1 " + status + "\r\nContent-Type: " + type +
                     "\r\nContent-Length: " + QByteArray::number(body.size()) +
                     "\r\nConnection: close\r\nCache-Control: no-store\r\n" + extraHeaders + "\r\n";
    if (withBody)
        out += body;
    return out;
}

// The value of a request header (`name` in lower case), from the request's header block.
QByteArray headerValue(const QByteArray &request, const QByteArray &name)
{
    const QList<QByteArray> lines = request.left(request.indexOf("\r\n\r\n")).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == name)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

} // namespace

MetricsServer::MetricsServer(MetricsCollector *collector, QObject *parent)
    : QObject(parent)
    , m_collector(collector)
{
    connect(&m_server, &QTcpServer::newConnection, this, &MetricsServer::onConnection);
}

bool MetricsServer::parseAddress(const QString &text, QHostAddress *address, quint16 *port, QString *problem)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint number = colon >= 0 ? text.mid(colon + 1).toUInt(&ok) : 0;
    if (colon < 0 || !ok || number > 65535) {
        *problem = MetricsServerWords::tr("'%1' is not ADDRESS:PORT (for example 127.0.0.1:9464)").arg(text);
        return false;
    }
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty() || host == QLatin1String("localhost")) {
        *address = QHostAddress(QHostAddress::LocalHost); // loopback unless another address is named
    } else if (!address->setAddress(host)) {
        *problem = MetricsServerWords::tr("'%1' is not an IP address to listen on").arg(host);
        return false;
    }
    *port = quint16(number);
    return true;
}

bool MetricsServer::listen(const QHostAddress &address, quint16 port, QString *problem)
{
    if (m_server.listen(address, port)) {
        qCInfo(lcMetrics).noquote()
            << QStringLiteral("metrics on http://%1:%2/metrics").arg(address.toString()).arg(m_server.serverPort());
        return true;
    }
    *problem = MetricsServerWords::tr("cannot listen on %1:%2 (%3)")
                   .arg(address.toString())
                   .arg(port)
                   .arg(m_server.errorString());
    return false;
}

void MetricsServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        // Scrapes are few; a flood of connections is cut, so it cannot use up the descriptors the
        // probes need.
        if (m_open >= kMaxConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        ++m_open;
        connect(socket, &QObject::destroyed, this, [this] { --m_open; });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        // The request so far; freed with the connection that holds it.
        auto buffer = std::make_shared<QByteArray>();
        // A client that never finishes its request is cut off.
        QTimer::singleShot(kRequestTimeoutMs, socket, [socket] { socket->abort(); });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->read(kMaxRequestBytes + 1 - buffer->size());
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0) {
                if (buffer->size() > kMaxRequestBytes) {
                    socket->write(response("431 Request Header Fields Too Large", "text/plain", "too large\n"));
                    socket->disconnectFromHost();
                }
                return;
            }
            disconnect(socket, &QTcpSocket::readyRead, this, nullptr); // one request per connection
            const QList<QByteArray> first = buffer->left(buffer->indexOf("\r\n")).split(' ');
            const QByteArray method = first.value(0);
            QByteArray path = first.value(1);
            path.truncate(path.indexOf('?') < 0 ? path.size() : path.indexOf('?'));
            const bool head = method == "HEAD";
            if (method != "GET" && !head) {
                socket->write(response("405 Method Not Allowed", "text/plain", "GET /metrics\n"));
            } else if (path == "/metrics") {
                ++m_scrapes;
                const QByteArray page = m_collector->render();
                // Prometheus always asks for gzip; a 1,000-endpoint page shrinks about twentyfold.
                const QByteArray packed =
                    Gzip::accepted(headerValue(*buffer, "accept-encoding")) ? Gzip::compress(page) : QByteArray();
                if (packed.isEmpty())
                    socket->write(
                        response("200 OK", MetricsCollector::contentType(), page, !head, "Vary: Accept-Encoding\r\n"));
                else
                    socket->write(response("200 OK", MetricsCollector::contentType(), packed, !head,
                                           "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n"));
            } else if (path == "/") {
                socket->write(response("200 OK", "text/html; charset=utf-8",
                                       "<html><body><a href=\"/metrics\">NetPulse metrics</a></body></html>\n", !head));
            } else {
                socket->write(response("404 Not Found", "text/plain", "see /metrics\n", !head));
            }
            socket->disconnectFromHost();
        });
    }
}

} // namespace NetPulse
