#pragma once

// A small HTTP/1.1 receiver on 127.0.0.1 for the report and alert tests: it records what it is sent
// and answers 200, 500, or never, as the test sets. Reports are CloudEvents batches (a JSON array);
// ids of batches it answered 200 are "accepted", every id it saw at all is "seen".

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

class ReportReceiver : public QObject
{
public:
    enum class Mode
    {
        Accept,  // 200
        Fail500, // 500, nothing kept
        Hang,    // reads the request, never answers
    };
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // names lower-cased
        QByteArray body;
    };

    explicit ReportReceiver(QObject *parent = nullptr)
        : QObject(parent)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                m_sockets << socket;
                QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    // Port 0: any free one. Listening again on the port used before is how a backend "comes back".
    bool listen(quint16 port = 0) { return m_server.listen(QHostAddress::LocalHost, port); }
    void close()
    {
        m_server.close();
        for (QTcpSocket *socket : std::as_const(m_sockets)) {
            if (socket)
                socket->abort();
        }
        m_sockets.clear();
    }
    quint16 port() const { return m_server.serverPort(); }
    QUrl url(const QString &path = QStringLiteral("/events")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path));
    }
    void setMode(Mode mode) { m_mode = mode; }

    QList<Request> requests;
    QStringList seenIds;
    QStringList acceptedIds; // in order, duplicates kept: a test counts them
    QList<QJsonObject> acceptedEvents;

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            Request request;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.path = first.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
            }
            const qsizetype length = request.headers.value("content-length", "0").toLongLong();
            if (buffer.size() < end + 4 + length)
                return;
            request.body = buffer.mid(end + 4, length);
            buffer.remove(0, end + 4 + length);
            handle(socket, request);
        }
    }

    void handle(QTcpSocket *socket, const Request &request)
    {
        requests << request;
        const QJsonDocument document = QJsonDocument::fromJson(request.body);
        QList<QJsonObject> events;
        for (const QJsonValue &value : document.array())
            events << value.toObject();
        for (const QJsonObject &event : events)
            seenIds << event.value(QStringLiteral("id")).toString();
        switch (m_mode) {
        case Mode::Hang:
            return;
        case Mode::Fail500:
            socket->write("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
            return;
        case Mode::Accept:
            for (const QJsonObject &event : events) {
                acceptedIds << event.value(QStringLiteral("id")).toString();
                acceptedEvents << event;
            }
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            return;
        }
    }

    QTcpServer m_server;
    Mode m_mode = Mode::Accept;
    QList<QPointer<QTcpSocket>> m_sockets;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};
