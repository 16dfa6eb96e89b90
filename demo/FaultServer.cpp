#include "FaultServer.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <future>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QDateTime>
#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

namespace NetPulse::Demo {

namespace {

constexpr qsizetype kMaxRequestHeadBytes = 64 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

int intParam(const QUrlQuery &query, const char *name, int fallback)
{
    bool ok = false;
    const int value = query.queryItemValue(QString::fromLatin1(name)).toInt(&ok);
    return ok ? value : fallback;
}

QByteArray okJson()
{
    return "{\"status\":\"ok\",\"service\":\"netpulse-fault-server\",\"time\":\"" +
           QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toLatin1() + "\"}";
}

} // namespace

FaultServer::FaultServer(QObject *parent)
    : QObject(parent)
{
    m_flapTimer.setSingleShot(true);
    connect(&m_flapTimer, &QTimer::timeout, this, [this] { setFlapping(!m_flapUp); });
}

FaultServer::~FaultServer()
{
    for (int fd : std::as_const(m_backlogFillers))
        ::close(fd);
    if (m_backlogFd >= 0)
        ::close(m_backlogFd);
    if (m_refusedFd >= 0)
        ::close(m_refusedFd);
}

QList<QPair<QString, QString>> FaultServer::paths()
{
    return {
        {QStringLiteral("/ok[?max_age=S&stale_if_error=S]"), QStringLiteral("200 with a small JSON body")},
        {QStringLiteral("/etag"), QStringLiteral("200 with ETag \"v1\"; 304 to If-None-Match \"v1\"")},
        {QStringLiteral("/bad-json"), QStringLiteral("200, declared JSON, does not parse")},
        {QStringLiteral("/no-store"), QStringLiteral("200 with Cache-Control: no-store")},
        {QStringLiteral("/status/NNN[?retry_after=V]"), QStringLiteral("that HTTP status, optional Retry-After")},
        {QStringLiteral("/delay/MS"), QStringLiteral("200 after MS milliseconds")},
        {QStringLiteral("/hang"), QStringLiteral("reads the request, never answers")},
        {QStringLiteral("/stall"), QStringLiteral("headers and 100 body bytes, then silence")},
        {QStringLiteral("/reset"), QStringLiteral("headers and part of the body, then a TCP reset")},
        {QStringLiteral("/truncated"), QStringLiteral("Content-Length 1000, 500 bytes, then a clean close")},
        {QStringLiteral("/close"), QStringLiteral("closes before sending any headers")},
        {QStringLiteral("/garbage"), QStringLiteral("answers with bytes that are not HTTP")},
        {QStringLiteral("/redirect-loop"), QStringLiteral("redirects to itself forever")},
        {QStringLiteral("/redirect/N"), QStringLiteral("N redirects, then /ok")},
        {QStringLiteral("/endless"), QStringLiteral("a chunked body that never ends")},
        {QStringLiteral("/big?bytes=N"), QStringLiteral("a body of N bytes")},
        {QStringLiteral("/drip?interval=MS&bytes=N"), QStringLiteral("one body byte every MS milliseconds")},
        {QStringLiteral("/endless-headers?interval=MS"),
         QStringLiteral("a header line every MS, forever (0: a flood, 1 MB/s)")},
        {QStringLiteral("/trickle-headers?interval=MS&lines=N"),
         QStringLiteral("a header line every MS, N of them, then a 200 with body \"ok\"")},
        {QStringLiteral("/bad-chunked"), QStringLiteral("a chunked body with an invalid chunk size")},
        {QStringLiteral("/echo"), QStringLiteral("the request's method and headers as JSON")},
        {QStringLiteral("/two-lengths"), QStringLiteral("200 with two different Content-Length values")},
        {QStringLiteral("/redirect-to?to=URL"), QStringLiteral("302 to URL, whatever its scheme")},
        {QStringLiteral("/continue"), QStringLiteral("100 Continue, then 200")},
        {QStringLiteral("/early-hints"), QStringLiteral("103 Early Hints, then 503")},
        {QStringLiteral("/bare-lf"), QStringLiteral("200 with bare LF line endings")},
        {QStringLiteral("/http10"), QStringLiteral("HTTP/1.0 200, a body that ends when the connection closes")},
        {QStringLiteral("/headers-then-close"), QStringLiteral("Content-Length 100, headers, then a close")},
        {QStringLiteral("/reset-at-once"), QStringLiteral("reads the request, then a TCP reset")},
        {QStringLiteral("/deflate-bomb"), QStringLiteral("a deflate body of 32 KiB that inflates to 32 MiB")},
        {QStringLiteral("/split?at=N"), QStringLiteral("a small 200 sent as two TCP segments, split at byte N")},
    };
}

// 32 MiB of zeros as a deflate body of about 32 KiB. Compressing takes a tenth of a second (more
// under the sanitizers), so it is made once, on a thread of its own, from the first start(): the
// server's event loop, which the tests' probes share, never waits for it.
std::shared_future<QByteArray> &FaultServer::deflateBomb()
{
    // RFC 9110 "deflate" is a zlib stream; qCompress's is one after a 4-byte length.
    static std::shared_future<QByteArray> bomb =
        std::async(std::launch::async, [] { return qCompress(QByteArray(32 * 1024 * 1024, '\0'), 9).mid(4); }).share();
    return bomb;
}

bool FaultServer::start(quint16 port, QString *error)
{
    deflateBomb();
    m_server = new QTcpServer(this);
    // A real server's accept queue (nginx asks for 511, the kernel allows 4096), not Qt's 50: a
    // thousand endpoints checked at once, each failing check followed by a diagnosis connection,
    // overflowed 50 on a busy machine, and the kernel then dropped connections the client thought
    // open; NetPulse rightly said "closed before any response" of a server the test meant to answer.
    m_server->setListenBacklogSize(1024);
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        if (error)
            *error = m_server->errorString();
        return false;
    }
    connect(m_server, &QTcpServer::newConnection, this, [this] { acceptFrom(m_server); });
    return true;
}

bool FaultServer::startTls(QString *error)
{
    QFile certFile(QStringLiteral(":/netpulse-demo/certs/demo-selfsigned.crt"));
    QFile keyFile(QStringLiteral(":/netpulse-demo/certs/demo-selfsigned.key"));
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("demo certificate missing from resources");
        return false;
    }
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
    config.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    m_tlsServer = new QSslServer(this);
    m_tlsServer->setSslConfiguration(config);
    if (!m_tlsServer->listen(QHostAddress::LocalHost, 0)) {
        if (error)
            *error = m_tlsServer->errorString();
        return false;
    }
    connect(m_tlsServer, &QTcpServer::pendingConnectionAvailable, this, [this] { acceptFrom(m_tlsServer); });
    return true;
}

bool FaultServer::startFlapping(const FlapSettings &settings, quint16 port, QString *error)
{
    m_flap = settings;
    m_flapServer = new QTcpServer(this);
    // Bind once to learn (or claim) the port; the flap toggles listening on that same port.
    if (!m_flapServer->listen(QHostAddress::LocalHost, port)) {
        if (error)
            *error = m_flapServer->errorString();
        return false;
    }
    m_flapPort = m_flapServer->serverPort();
    connect(m_flapServer, &QTcpServer::newConnection, this, [this] { acceptFrom(m_flapServer); });
    m_flapUp = true;
    setFlapping(!settings.startDown);
    return true;
}

void FaultServer::setFlapping(bool up)
{
    if (up && !m_flapServer->isListening())
        m_flapServer->listen(QHostAddress::LocalHost, m_flapPort);
    else if (!up)
        m_flapServer->close();
    const bool changed = m_flapUp != up;
    m_flapUp = up;
    m_flapTimer.start(up ? m_flap.upMs : m_flap.downMs);
    if (changed)
        emit flappingChanged(up);
}

QUrl FaultServer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->serverPort()).arg(pathAndQuery));
}

QUrl FaultServer::tlsUrl(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("https://127.0.0.1:%1%2").arg(m_tlsServer->serverPort()).arg(pathAndQuery));
}

QUrl FaultServer::flappingUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/ok").arg(m_flapPort));
}

QUrl FaultServer::silentUrl(const QString &scheme)
{
    if (!m_silentServer) {
        m_silentServer = new QTcpServer(this);
        m_silentServer->listen(QHostAddress::LocalHost, 0);
        connect(m_silentServer, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_silentServer->nextPendingConnection()) {
                ++m_connectionsAccepted;
                m_silentSockets.append(socket); // held open, never read: not even a TLS ServerHello
            }
        });
    }
    return QUrl(QStringLiteral("%1://127.0.0.1:%2/").arg(scheme).arg(m_silentServer->serverPort()));
}

QUrl FaultServer::unresolvableUrl()
{
    // 312 characters of labels that are each legal: QUrl accepts it, and glibc refuses it before
    // sending any DNS query (a name is at most 255 octets, RFC 1035 §2.3.4). A real "host not
    // found" that never leaves the machine, whatever resolver it has.
    const QString label(60, QLatin1Char('a'));
    return QUrl(QStringLiteral("http://%1.%1.%1.%1.%1.invalid/").arg(label));
}

QUrl FaultServer::refusedUrl()
{
    if (m_refusedPort == 0) {
        // A socket bound to a port and never listening: the kernel refuses every connect to it,
        // and no other program can be given the port meanwhile. A port claimed and let go was
        // handed to another test's server running beside this one, which then answered 200.
        m_refusedFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address = {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        ::bind(m_refusedFd, reinterpret_cast<sockaddr *>(&address), sizeof address);
        socklen_t length = sizeof address;
        ::getsockname(m_refusedFd, reinterpret_cast<sockaddr *>(&address), &length);
        m_refusedPort = ntohs(address.sin_port);
    }
    return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_refusedPort));
}

QUrl FaultServer::connectTimeoutUrl()
{
    if (m_backlogFd < 0) {
        // A listening socket with backlog 0 that is never accept()ed: once one connection sits in
        // its queue, Linux drops every further SYN, so clients see no answer at all, as from a
        // firewall that drops packets, without leaving 127.0.0.1.
        m_backlogFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address = {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        ::bind(m_backlogFd, reinterpret_cast<sockaddr *>(&address), sizeof address);
        ::listen(m_backlogFd, 0);
        socklen_t length = sizeof address;
        ::getsockname(m_backlogFd, reinterpret_cast<sockaddr *>(&address), &length);
        m_backlogPort = ntohs(address.sin_port);
        for (int i = 0; i < 8; ++i) {
            const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
            ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
            pollfd waiter = {fd, POLLOUT, 0};
            const bool connected = ::poll(&waiter, 1, 100) == 1;
            m_backlogFillers.append(fd);
            if (!connected)
                break; // this SYN was dropped: the queue is full
        }
    }
    return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_backlogPort));
}

void FaultServer::acceptFrom(QTcpServer *server)
{
    while (QTcpSocket *socket = server->nextPendingConnection()) {
        ++m_connectionsAccepted;
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
        if (socket->bytesAvailable() > 0)
            onReadyRead(socket);
    }
}

void FaultServer::onReadyRead(QTcpSocket *socket)
{
    if (!m_buffers.contains(socket) && socket->property("answered").toBool()) {
        socket->readAll(); // a request body or a pipelined request we ignore
        return;
    }
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (buffer.size() > kMaxRequestHeadBytes) {
            m_buffers.remove(socket);
            socket->setProperty("answered", true);
            writeResponse(socket, 431, "text/plain", "request head too large\n");
        }
        return;
    }
    const QByteArray head = buffer.left(end);
    m_buffers.remove(socket);
    socket->setProperty("answered", true);
    const qsizetype lineEnd = head.indexOf("\r\n");
    const QList<QByteArray> requestLine = head.left(lineEnd < 0 ? head.size() : lineEnd).split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
        writeResponse(socket, 400, "text/plain", "malformed request line\n");
        return;
    }
    respond(socket, requestLine.at(0), requestLine.at(1), lineEnd < 0 ? QByteArray() : head.mid(lineEnd + 2));
}

void FaultServer::writeResponse(QTcpSocket *socket, int status, const QByteArray &contentType, const QByteArray &body,
                                const QList<QByteArray> &extraHeaders)
{
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!contentType.isEmpty())
        response += "Content-Type: " + contentType + "\r\n";
    response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    for (const QByteArray &header : extraHeaders)
        response += header + "\r\n";
    response += "Connection: close\r\n\r\n" + body;
    socket->write(response);
    socket->flush(); // in the kernel now, not at the loop's next turn: responsesWritten() means it
    ++m_responsesWritten;
    socket->disconnectFromHost(); // after the rest of the buffer is flushed
}

void FaultServer::respond(QTcpSocket *socket, const QByteArray &method, const QByteArray &target,
                          const QByteArray &headers)
{
    ++m_requestsServed;
    const QUrl url(QString::fromLatin1(target));
    const QString path = url.path();
    const QUrlQuery query(url);

    if (m_flapServer && socket->localPort() == m_flapPort) {
        writeResponse(socket, 200, "application/json", okJson());
        return;
    }
    if (path == QLatin1String("/ok") || path == QLatin1String("/")) {
        QList<QByteArray> extra;
        QStringList directives;
        if (query.hasQueryItem(QStringLiteral("max_age")))
            directives << QStringLiteral("max-age=") + query.queryItemValue(QStringLiteral("max_age"));
        if (query.hasQueryItem(QStringLiteral("stale_if_error")))
            directives << QStringLiteral("stale-if-error=") + query.queryItemValue(QStringLiteral("stale_if_error"));
        if (!directives.isEmpty())
            extra << "Cache-Control: " + directives.join(QStringLiteral(", ")).toLatin1();
        writeResponse(socket, 200, "application/json", okJson(), extra);
    } else if (path == QLatin1String("/etag")) {
        // A validator: a conditional request with the current ETag gets 304 and no body.
        const bool matches = headers.toLower().contains("if-none-match: \"v1\"");
        if (matches)
            writeResponse(socket, 304, QByteArray(), QByteArray(), {"ETag: \"v1\""});
        else
            writeResponse(socket, 200, "application/json", "{\"version\":1}", {"ETag: \"v1\""});
    } else if (path == QLatin1String("/bad-json")) {
        writeResponse(socket, 200, "application/json", "{\"cut\": [1, 2,");
    } else if (path == QLatin1String("/no-store")) {
        writeResponse(socket, 200, "application/json", "{\"secret\":true}", {"Cache-Control: no-store"});
    } else if (path.startsWith(QLatin1String("/status/"))) {
        const int status = path.mid(8).toInt();
        QList<QByteArray> extra;
        if (query.hasQueryItem(QStringLiteral("retry_after")))
            extra << "Retry-After: " + query.queryItemValue(QStringLiteral("retry_after")).toLatin1();
        if (status >= 300 && status < 400 && status != 304)
            extra << "Location: /ok";
        const QByteArray body = status == 204 || status == 304
                                    ? QByteArray()
                                    : "{\"status\":" + QByteArray::number(status) + ",\"error\":\"" +
                                          reasonPhrase(status) + "\",\"hint\":\"this body explains the error\"}";
        writeResponse(socket, status < 100 || status > 599 ? 500 : status, "application/json", body, extra);
    } else if (path.startsWith(QLatin1String("/delay/"))) {
        QTimer::singleShot(path.mid(7).toInt(), socket,
                           [this, socket] { writeResponse(socket, 200, "application/json", okJson()); });
    } else if (path == QLatin1String("/hang")) {
        // Read the request, keep the connection, say nothing.
    } else if (path == QLatin1String("/stall")) {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n" +
                      QByteArray(100, 'x'));
    } else if (path == QLatin1String("/reset")) {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n" +
                      QByteArray(1000, 'x'));
        resetAfterFlush(socket);
    } else if (path == QLatin1String("/truncated")) {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\nConnection: "
                      "close\r\n\r\n" +
                      QByteArray(500, 'x'));
        socket->disconnectFromHost();
    } else if (path == QLatin1String("/close")) {
        socket->disconnectFromHost();
    } else if (path == QLatin1String("/two-lengths")) {
        // RFC 9112 §6.3: a message with differing Content-Length values is unrecoverable.
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nContent-Length: 7\r\n"
                      "Connection: close\r\n\r\nhello!!");
        socket->disconnectFromHost();
    } else if (path == QLatin1String("/continue")) {
        socket->write(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
            "Connection: close\r\n\r\nok");
        socket->disconnectFromHost();
    } else if (path == QLatin1String("/early-hints")) {
        // RFC 8297: an interim answer before the final one, which here is a failure.
        socket->write("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n"
                      "Connection: close\r\n\r\ndown");
        socket->disconnectFromHost();
    } else if (path == QLatin1String("/bare-lf")) {
        socket->write("HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 2\nConnection: close\n\nok");
        socket->disconnectFromHost();
    } else if (path == QLatin1String("/http10")) {
        socket->write("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + QByteArray(1000, 'x'));
        socket->disconnectFromHost();
    } else if (path == QLatin1String("/headers-then-close")) {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n");
        socket->disconnectFromHost();
    } else if (path == QLatin1String("/reset-at-once")) {
        resetAfterFlush(socket);
    } else if (path == QLatin1String("/deflate-bomb")) {
        writeResponse(socket, 200, "application/octet-stream", deflateBomb().get(), {"Content-Encoding: deflate"});
    } else if (path == QLatin1String("/split")) {
        const QByteArray whole = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
                                 "Connection: close\r\n\r\n{\"ok\":true}";
        const qsizetype at = std::clamp<qsizetype>(intParam(query, "at", 1), 1, whole.size() - 1);
        socket->write(whole.left(at));
        socket->flush(); // the first segment on the wire alone; the rest a moment later
        QTimer::singleShot(5, socket, [socket, rest = whole.mid(at)] {
            socket->write(rest);
            socket->disconnectFromHost();
        });
    } else if (path == QLatin1String("/redirect-to")) {
        writeResponse(socket, 302, "text/plain", "elsewhere\n",
                      {"Location: " + query.queryItemValue(QStringLiteral("to"), QUrl::FullyDecoded).toLatin1()});
    } else if (path == QLatin1String("/garbage")) {
        socket->write("SSH-2.0-OpenSSH_9.2p1 this port does not speak HTTP\r\n");
        socket->disconnectFromHost();
    } else if (path == QLatin1String("/redirect-loop")) {
        writeResponse(socket, 302, "text/plain", "again\n", {"Location: /redirect-loop"});
    } else if (path.startsWith(QLatin1String("/redirect/"))) {
        const int remaining = path.mid(10).toInt();
        const QByteArray next = remaining <= 1 ? QByteArray("/ok") : "/redirect/" + QByteArray::number(remaining - 1);
        writeResponse(socket, 302, "text/plain", "next\n", {"Location: " + next});
    } else if (path == QLatin1String("/endless")) {
        socket->write(
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
        connect(socket, &QTcpSocket::bytesWritten, socket, [this, socket] { feedEndless(socket); });
        feedEndless(socket);
    } else if (path == QLatin1String("/big")) {
        const int bytes = std::clamp(intParam(query, "bytes", 1 << 20), 0, 256 << 20);
        writeResponse(socket, 200, "application/octet-stream", QByteArray(bytes, 'b'));
    } else if (path == QLatin1String("/drip")) {
        const int bytes = intParam(query, "bytes", 1000);
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + QByteArray::number(bytes) +
                      "\r\n\r\n");
        dripBody(socket, intParam(query, "interval", 200), bytes);
    } else if (path == QLatin1String("/endless-headers")) {
        socket->write("HTTP/1.1 200 OK\r\n");
        endlessHeaders(socket, intParam(query, "interval", 50));
    } else if (path == QLatin1String("/trickle-headers")) {
        socket->write("HTTP/1.1 200 OK\r\n");
        trickleHeaders(socket, intParam(query, "interval", 500), std::clamp(intParam(query, "lines", 4), 0, 1000));
    } else if (path == QLatin1String("/bad-chunked")) {
        // One good chunk, then a chunk-size line that never ends: bytes keep coming, body data never does.
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "5\r\nhello\r\n");
        auto *timer = new QTimer(socket);
        connect(timer, &QTimer::timeout, socket, [socket] { socket->write("z"); });
        timer->start(100);
    } else if (path == QLatin1String("/echo")) {
        QByteArray json = "{\"method\":\"" + method + "\",\"headers\":{";
        bool first = true;
        for (const QByteArray &line : headers.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            json += (first ? "" : ",") + QByteArray("\"") + line.left(colon).trimmed().toLower() + "\":\"" +
                    line.mid(colon + 1).trimmed().replace('\\', "\\\\").replace('"', "\\\"") + '"';
            first = false;
        }
        json += "}}";
        writeResponse(socket, 200, "application/json", json);
    } else {
        writeResponse(socket, 404, "application/json", "{\"error\":\"no such fault path\"}");
    }
}

void FaultServer::resetAfterFlush(QTcpSocket *socket)
{
    auto reset = [socket] {
        // SO_LINGER with a zero timeout turns close() into a RST instead of a FIN.
        linger option = {1, 0};
        ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &option, sizeof option);
        socket->abort();
    };
    socket->flush();
    // Give the client a moment to read the bytes already sent; a RST can discard unread data.
    QTimer::singleShot(50, socket, reset);
}

void FaultServer::dripBody(QTcpSocket *socket, int intervalMs, qint64 remaining)
{
    auto *timer = new QTimer(socket);
    auto left = std::make_shared<qint64>(remaining);
    connect(timer, &QTimer::timeout, socket, [socket, timer, left] {
        if (*left <= 0) {
            timer->stop();
            socket->disconnectFromHost();
            return;
        }
        socket->write("d");
        --*left;
    });
    timer->start(std::max(1, intervalMs));
}

void FaultServer::trickleHeaders(QTcpSocket *socket, int intervalMs, int lines)
{
    auto *timer = new QTimer(socket);
    auto remaining = std::make_shared<int>(lines);
    connect(timer, &QTimer::timeout, socket, [socket, timer, remaining] {
        if (*remaining > 0) {
            socket->write("X-Slow-" + QByteArray::number((*remaining)--) + ": " + QByteArray(32, 's') + "\r\n");
            return;
        }
        timer->stop();
        socket->write("Content-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
        socket->disconnectFromHost();
    });
    timer->start(std::max(1, intervalMs));
}

void FaultServer::endlessHeaders(QTcpSocket *socket, int intervalMs)
{
    auto counter = std::make_shared<qint64>(0);
    auto *timer = new QTimer(socket);
    if (intervalMs <= 0) {
        // A flood: 4 KiB of header lines every 4 ms (1 MB/s) for as long as the client reads. Paced
        // by a timer and written from one ready-made block, so the server's thread still serves
        // everyone else, and below what Qt 6.4 parses (about 1.7 MB/s): faster, Qt's one HTTP thread
        // stays in its read loop until the probe cuts the connection, and every other probe of the
        // process waits as long (docs/RELIABILITY.md).
        static const QByteArray block = [] {
            QByteArray lines;
            while (lines.size() < 4 * 1024)
                lines += "X-Flood: " + QByteArray(64, 'h') + "\r\n";
            return lines;
        }();
        connect(timer, &QTimer::timeout, socket, [socket] {
            if (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < 64 * 1024)
                socket->write(block);
        });
        timer->start(4);
        return;
    }
    connect(timer, &QTimer::timeout, socket, [socket, counter] {
        socket->write("X-Filler-" + QByteArray::number(++*counter) + ": " + QByteArray(64, 'h') + "\r\n");
    });
    timer->start(std::max(1, intervalMs));
}

void FaultServer::feedEndless(QTcpSocket *socket)
{
    // Keep a bounded amount queued: the server never buffers more than this, however slow the reader.
    static const QByteArray chunk = "10000\r\n" + QByteArray(0x10000, 'e') + "\r\n";
    while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < 4 * chunk.size())
        socket->write(chunk);
}

} // namespace NetPulse::Demo
