#pragma once

#include <QObject>
#include <QString>

class QSocketNotifier;
class QTcpSocket;

namespace NetPulse {

// One plain TCP connect, closed as soon as it is answered; nothing is sent. A Probe puts it in
// front of a request to an endpoint that was refused last time: a refusal is then the result
// without QNetworkAccessManager's thread hand-offs (docs/PERFORMANCE.md). An IP literal is
// connected with a raw non-blocking socket (a refused loopback port answers inside connect());
// a name goes through QTcpSocket, which resolves it and tries every address as Qt's HTTP does.
class ConnectGate : public QObject
{
    Q_OBJECT
public:
    enum class Outcome
    {
        Refused,  // every address refused: the probe's result
        Accepted, // the port is open: the request follows
        Other,    // anything else (no route, no name, ...): the request follows and says what
    };

    ConnectGate(const QString &host, quint16 port, QObject *parent = nullptr);
    ~ConnectGate() override;

    // Emits answered() exactly once, possibly before returning.
    void start();
    // Whether the kernel has completed the connect although answered() has not come yet: when a
    // limit fires at the gate, this tells NetPulse's own delay (its thread did not get round to
    // the answer) from a port that does not answer. Asks without waiting.
    bool connectedUnnoticed() const;

signals:
    void answered(NetPulse::ConnectGate::Outcome outcome);

private:
    bool startRaw();
    void onWritable();
    void finish(Outcome outcome);
    void closeSocket();

    QString m_host;
    quint16 m_port;
    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
    QTcpSocket *m_socket = nullptr;
    bool m_done = false;
};

} // namespace NetPulse
