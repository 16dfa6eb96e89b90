#include "HandOver.h"

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
    QLocalSocket socket;
    socket.connectToServer(channelName);
    if (!socket.waitForConnected(int(deadline.remainingTime()))) {
        reply.message = socket.errorString();
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
