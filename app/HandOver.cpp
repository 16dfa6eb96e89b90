#include "HandOver.h"

#include <algorithm>
#include <sys/socket.h>
#include <unistd.h>

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QTimer>

namespace NetPulse {

namespace {

// A request is a command line: far below this. More is not a NetPulse talking.
constexpr qint64 kMaxLineBytes = 256 * 1024;
constexpr int kServeTimeoutMs = 5000;
constexpr int kListenWaitMs = 5000;

// The other end is this user (SO_PEERCRED): a socket in a shared folder could be another user's.
bool peerIsThisUser(const QLocalSocket &socket)
{
    ucred peer{};
    socklen_t size = sizeof peer;
    return ::getsockopt(int(socket.socketDescriptor()), SOL_SOCKET, SO_PEERCRED, &peer, &size) == 0 &&
           peer.uid == ::getuid();
}

QByteArray jsonLine(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace

HandOverServer::HandOverServer(const QString &channelName, Handler handler, QObject *parent)
    : QObject(parent)
    , m_name(channelName)
    , m_handler(std::move(handler))
{
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server.nextPendingConnection())
            serve(socket);
    });
}

bool HandOverServer::listen(QString *problem)
{
    QLocalServer::removeServer(m_name);
    if (m_server.listen(m_name))
        return true;
    if (problem)
        *problem = m_server.errorString();
    return false;
}

void HandOverServer::serve(QLocalSocket *socket)
{
    if (!peerIsThisUser(*socket)) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    // A client that connects and never finishes its line is dropped, not waited on forever.
    auto *timeout = new QTimer(socket);
    timeout->setSingleShot(true);
    connect(timeout, &QTimer::timeout, socket, &QLocalSocket::abort);
    timeout->start(kServeTimeoutMs);
    connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
        if (!socket->canReadLine()) {
            if (socket->bytesAvailable() > kMaxLineBytes)
                socket->abort();
            return;
        }
        const QJsonObject request = QJsonDocument::fromJson(socket->readLine(kMaxLineBytes)).object();
        QStringList arguments;
        for (const QJsonValue &argument : request.value(QLatin1String("arguments")).toArray())
            arguments << argument.toString();
        Answer answer;
        if (arguments.isEmpty()) {
            answer = {false, tr("the request was not a NetPulse command line")};
        } else {
            answer = m_handler(arguments, request.value(QLatin1String("directory")).toString());
        }
        socket->write(jsonLine({{QStringLiteral("ok"), answer.ok}, {QStringLiteral("message"), answer.message}}));
        socket->disconnectFromServer();
    });
}

HandOverReply handOver(const QString &channelName, const QStringList &arguments, const QString &directory,
                       int timeoutMs)
{
    HandOverReply reply;
    const QDeadlineTimer deadline(timeoutMs);
    // The holder listens only once it has read its settings and history: a launch right after it
    // (a double click) waits for that rather than failing; a holder that never listens (a headless
    // run) is given up on sooner than one that is slow to answer.
    const QDeadlineTimer listening(std::min(timeoutMs, kListenWaitMs));
    QLocalSocket socket;
    for (;;) {
        socket.connectToServer(channelName);
        if (socket.waitForConnected(int(std::max<qint64>(1, listening.remainingTime()))))
            break;
        if (listening.hasExpired() || (socket.error() != QLocalSocket::ServerNotFoundError &&
                                       socket.error() != QLocalSocket::ConnectionRefusedError)) {
            reply.message = socket.errorString();
            return reply;
        }
        ::usleep(50 * 1000); // a separate process coming up, not a signal to wait for
    }
    if (!peerIsThisUser(socket)) {
        reply.message = QStringLiteral("the hand-over socket %1 belongs to another user").arg(channelName);
        return reply;
    }
    socket.write(jsonLine({{QStringLiteral("arguments"), QJsonArray::fromStringList(arguments)},
                           {QStringLiteral("directory"), directory}}));
    socket.waitForBytesWritten(int(deadline.remainingTime()));
    while (!socket.canReadLine()) {
        if (deadline.hasExpired() || !socket.waitForReadyRead(int(deadline.remainingTime()))) {
            reply.message = socket.state() == QLocalSocket::ConnectedState
                                ? QStringLiteral("no answer within %1 s").arg(timeoutMs / 1000)
                                : QStringLiteral("it closed the connection without an answer");
            return reply;
        }
    }
    const QJsonObject answer = QJsonDocument::fromJson(socket.readLine(kMaxLineBytes)).object();
    reply.delivered = true;
    reply.ok = answer.value(QLatin1String("ok")).toBool();
    reply.message = answer.value(QLatin1String("message")).toString();
    return reply;
}

} // namespace NetPulse
