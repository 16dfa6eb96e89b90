#pragma once

// A loopback server that answers as Prometheus' HTTP API does, and as it should not, for the
// vantage readers' tests (TestVantageReader, TestVantageSettingsDialog).

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

// Answers each request by `mode`: "ok" (answerBody, or an empty vector; no targets), "redirect", "trickle" (a byte
// every 100 ms), "endless" (bytes as fast as it can), "silent". Keeps every request head it read.
class FakePrometheus : public QTcpServer
{
public:
    QString mode = QStringLiteral("ok");
    QByteArray answerBody; // "ok": the query's answer; empty: an empty vector
    QList<QByteArray> requests;

    FakePrometheus()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    socket->setProperty("head", QByteArray(socket->property("head").toByteArray() + socket->readAll()));
                    const QByteArray head = socket->property("head").toByteArray();
                    if (!head.contains("\r\n\r\n") || socket->property("answered").toBool())
                        return;
                    socket->setProperty("answered", true);
                    requests << head;
                    answer(socket);
                });
            }
        });
    }

private:
    void answer(QTcpSocket *socket)
    {
        if (mode == QLatin1String("ok")) {
            const bool targets = socket->property("head").toByteArray().contains("/targets");
            const QByteArray body =
                targets ? QByteArray("{\"status\":\"success\",\"data\":{\"activeTargets\":[]}}")
                : answerBody.isEmpty()
                    ? QByteArray("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}")
                    : answerBody;
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                          QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
            socket->disconnectFromHost();
        } else if (mode == QLatin1String("redirect")) {
            socket->write("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.2:1/steal\r\nContent-Length: 0\r\n"
                          "Connection: close\r\n\r\n");
            socket->disconnectFromHost();
        } else if (mode == QLatin1String("trickle") || mode == QLatin1String("endless")) {
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"status\":\"success\",");
            auto *timer = new QTimer(socket);
            const bool endless = mode == QLatin1String("endless");
            connect(timer, &QTimer::timeout, socket, [socket, endless] {
                if (socket->bytesToWrite() < 4 * 1024 * 1024)
                    socket->write(endless ? QByteArray(1024 * 1024, ' ') : QByteArray(" "));
            });
            timer->start(endless ? 0 : 100);
        }
    }
};
