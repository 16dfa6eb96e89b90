#include "metrics/MetricsServer.h"

#include <memory>

#include <QCoreApplication>
#include <QPointer>
#include <QSslServer>
#include <QTcpSocket>
#include <QTimer>

#include "base/Logging.h"
#include "metrics/BasicAuthCheck.h"
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
    , m_server(std::make_unique<QTcpServer>())
{
    connect(m_server.get(), &QTcpServer::newConnection, this, &MetricsServer::onConnection);
}

MetricsServer::~MetricsServer() = default;

void MetricsServer::setWebConfig(const WebConfig &config)
{
    m_webConfig = config;
    delete std::exchange(m_auth, nullptr);
    if (config.needsPassword())
        m_auth = new BasicAuthCheck(config.users, this);
    if (!config.tls)
        return;
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setLocalCertificateChain(config.certificateChain);
    ssl.setPrivateKey(config.privateKey);
    if (config.minVersion == QLatin1String("TLS13"))
        ssl.setProtocol(QSsl::TlsV1_3OrLater);
    else if (config.maxVersion == QLatin1String("TLS12"))
        ssl.setProtocol(QSsl::TlsV1_2);
    else
        ssl.setProtocol(QSsl::TlsV1_2OrLater);
    switch (config.clientAuth) {
    case WebConfig::ClientAuth::None:
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        break;
    case WebConfig::ClientAuth::Request:
        ssl.setPeerVerifyMode(QSslSocket::QueryPeer);
        break;
    case WebConfig::ClientAuth::RequireAndVerify:
        ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
        ssl.setCaCertificates(config.clientCas);
        break;
    }
    auto server = std::make_unique<QSslServer>();
    server->setSslConfiguration(ssl);
    // A client that connects and never finishes the handshake holds a descriptor; not for long.
    server->setHandshakeTimeout(kRequestTimeoutMs);
    // QSslServer queues a connection once its handshake is done, and says so with this signal.
    connect(server.get(), &QTcpServer::pendingConnectionAvailable, this, &MetricsServer::onConnection);
    // A scraper that does not trust the certificate, speaks plain HTTP, or sends no client
    // certificate when one is required: said in the debug log, never to the scraper.
    connect(server.get(), &QSslServer::peerVerifyError, this, [](QSslSocket *, const QSslError &error) {
        qCDebug(lcMetrics).noquote() << "a scraper's certificate:" << error.errorString();
    });
    connect(server.get(), &QSslServer::errorOccurred, this, [](QSslSocket *socket, QAbstractSocket::SocketError) {
        qCDebug(lcMetrics).noquote() << "a scraper's TLS connection failed:" << socket->errorString();
    });
    m_server = std::move(server);
}

void MetricsServer::write(QTcpSocket *socket, const QByteArray &status, const QByteArray &type, const QByteArray &body,
                          bool withBody, const QByteArray &extraHeaders)
{
    QByteArray out = "HTTP/1.1 " + status + "\r\nContent-Type: " + type +
                     "\r\nContent-Length: " + QByteArray::number(body.size()) +
                     "\r\nConnection: close\r\nCache-Control: no-store\r\n" + extraHeaders;
    for (const auto &[name, value] : std::as_const(m_webConfig.headers))
        out += name + ": " + value + "\r\n";
    out += "\r\n";
    if (withBody)
        out += body;
    socket->write(out);
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

QString MetricsServer::exposure(const QHostAddress &address, const WebConfig &config)
{
    if (address.isLoopback() || (config.tls && config.needsPassword()))
        return QString();
    const QString missing = !config.tls && !config.needsPassword()
                                ? MetricsServerWords::tr("without TLS and without a password")
                            : !config.tls ? MetricsServerWords::tr("without TLS (passwords travel readable)")
                                          : MetricsServerWords::tr("without a password");
    return MetricsServerWords::tr("metrics on %1 are served %2: anyone who can reach this port reads the endpoints "
                                  "you watch (--web-config, docs/metrics.md)")
        .arg(address.toString(), missing);
}

bool MetricsServer::listen(const QHostAddress &address, quint16 port, QString *problem)
{
    const QString scheme = m_webConfig.tls ? QStringLiteral("https") : QStringLiteral("http");
    if (m_server->listen(address, port)) {
        qCInfo(lcMetrics).noquote() << QStringLiteral("metrics on %1://%2:%3/metrics")
                                           .arg(scheme, address.toString())
                                           .arg(m_server->serverPort());
        m_exposureWarning = exposure(address, m_webConfig);
        if (!m_exposureWarning.isEmpty())
            qCWarning(lcMetrics).noquote() << m_exposureWarning;
        return true;
    }
    *problem = MetricsServerWords::tr("cannot listen on %1:%2 (%3)")
                   .arg(address.toString())
                   .arg(port)
                   .arg(m_server->errorString());
    return false;
}

void MetricsServer::onConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
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
                    write(socket, "431 Request Header Fields Too Large", "text/plain", "too large\n");
                    socket->disconnectFromHost();
                }
                return;
            }
            disconnect(socket, &QTcpSocket::readyRead, this, nullptr); // one request per connection
            if (!m_auth) {
                answer(socket, *buffer);
                return;
            }
            m_auth->check(
                headerValue(*buffer, "authorization"), socket, [this, socket, buffer](BasicAuthCheck::Verdict verdict) {
                    if (socket->state() != QAbstractSocket::ConnectedState)
                        return; // cut meanwhile (the request's 5 s bound)
                    if (verdict == BasicAuthCheck::Verdict::Passed) {
                        answer(socket, *buffer);
                        return;
                    }
                    if (verdict == BasicAuthCheck::Verdict::Busy) {
                        // Not checked, so not refused: the scraper tries again.
                        write(socket, "503 Service Unavailable", "text/plain", "busy\n", true, "Retry-After: 1\r\n");
                    } else {
                        // No detail: which of name and password was wrong is not for the
                        // asker to learn.
                        write(socket, "401 Unauthorized", "text/plain", "Unauthorized\n", true,
                              "WWW-Authenticate: Basic realm=\"NetPulse metrics\"\r\n");
                    }
                    socket->disconnectFromHost();
                });
        });
    }
}

void MetricsServer::answer(QTcpSocket *socket, const QByteArray &request)
{
    const QList<QByteArray> first = request.left(request.indexOf("\r\n")).split(' ');
    const QByteArray method = first.value(0);
    QByteArray path = first.value(1);
    path.truncate(path.indexOf('?') < 0 ? path.size() : path.indexOf('?'));
    const bool head = method == "HEAD";
    if (method != "GET" && !head) {
        write(socket, "405 Method Not Allowed", "text/plain", "GET /metrics\n");
    } else if (path == "/metrics") {
        ++m_scrapes;
        const QByteArray page = m_collector->render();
        // Prometheus always asks for gzip; a 1,000-endpoint page shrinks about twentyfold.
        const QByteArray packed =
            Gzip::accepted(headerValue(request, "accept-encoding")) ? Gzip::compress(page) : QByteArray();
        if (packed.isEmpty())
            write(socket, "200 OK", MetricsCollector::contentType(), page, !head, "Vary: Accept-Encoding\r\n");
        else
            write(socket, "200 OK", MetricsCollector::contentType(), packed, !head,
                  "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n");
    } else if (path == "/") {
        write(socket, "200 OK", "text/html; charset=utf-8",
              "<html><body><a href=\"/metrics\">NetPulse metrics</a></body></html>\n", !head);
    } else {
        write(socket, "404 Not Found", "text/plain", "see /metrics\n", !head);
    }
    socket->disconnectFromHost();
}

} // namespace NetPulse
