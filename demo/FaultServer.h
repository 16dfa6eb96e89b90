#pragma once

#include <atomic>
#include <future>

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QSslServer;
class QTcpServer;
class QTcpSocket;

namespace NetPulse::Demo {

// A misbehaving HTTP server on 127.0.0.1 that produces every failure NetPulse names, on real
// sockets. One path per behaviour on the main port (listed by paths() below, and by
// `netpulse-demo-server --help`), plus
// dedicated ports for what a path cannot express: TLS, a port that accepts and never speaks, a
// port whose accept queue is full (SYNs dropped: a real connect timeout on loopback), a port
// nothing listens on, and a port that flaps between up and refusing.
class FaultServer : public QObject
{
    Q_OBJECT
public:
    struct FlapSettings
    {
        int upMs = 8000;
        int downMs = 12000;
        bool startDown = true;
    };

    explicit FaultServer(QObject *parent = nullptr);
    ~FaultServer() override;

    // Listens on 127.0.0.1. `port` 0 picks a free one.
    bool start(quint16 port = 0, QString *error = nullptr);
    bool startTls(QString *error = nullptr);
    bool startFlapping(const FlapSettings &settings, quint16 port = 0, QString *error = nullptr);

    QUrl url(const QString &pathAndQuery) const;
    QUrl tlsUrl(const QString &pathAndQuery) const;
    // Accepts TCP, then never reads or writes: https here never gets a TLS handshake.
    QUrl silentUrl(const QString &scheme = QStringLiteral("http"));
    // SYNs are dropped because the accept queue is full and never drained.
    QUrl connectTimeoutUrl();
    // A host name that fails to resolve without any DNS query leaving the machine.
    static QUrl unresolvableUrl();
    // Nothing listens here: connection refused.
    QUrl refusedUrl();
    QUrl flappingUrl() const;

    // The path behaviours, for the demo server's listing.
    static QList<QPair<QString, QString>> paths();

    int connectionsAccepted() const { return m_connectionsAccepted; }
    int requestsServed() const { return m_requestsServed; }     // complete HTTP requests read, every port
    int responsesWritten() const { return m_responsesWritten; } // answers flushed to the kernel (writeResponse)
    // The flapping port up or down now; its timer goes on from here. Tests move it on a fact they
    // saw ("the first retry is planned"), not on a clock that a busy machine outruns.
    void setFlapping(bool up);

signals:
    void flappingChanged(bool up); // the flapping port started (true) or stopped (false) listening

private:
    static std::shared_future<QByteArray> &deflateBomb();
    struct Connection;
    void acceptFrom(QTcpServer *server);
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const QByteArray &method, const QByteArray &target, const QByteArray &headers);
    void writeResponse(QTcpSocket *socket, int status, const QByteArray &contentType, const QByteArray &body,
                       const QList<QByteArray> &extraHeaders = {});
    void dripBody(QTcpSocket *socket, int intervalMs, qint64 remaining);
    void endlessHeaders(QTcpSocket *socket, int intervalMs);
    void trickleHeaders(QTcpSocket *socket, int intervalMs, int lines);
    void feedEndless(QTcpSocket *socket);
    void resetAfterFlush(QTcpSocket *socket);

    QTcpServer *m_server = nullptr;
    QSslServer *m_tlsServer = nullptr;
    QTcpServer *m_silentServer = nullptr;
    QTcpServer *m_flapServer = nullptr;
    QList<QPointer<QTcpSocket>> m_silentSockets;
    int m_backlogFd = -1;
    QList<int> m_backlogFillers;
    quint16 m_backlogPort = 0;
    quint16 m_refusedPort = 0;
    int m_refusedFd = -1; // bound, never listening: holds the refused port for as long as the server lives
    quint16 m_flapPort = 0;
    FlapSettings m_flap;
    QTimer m_flapTimer;
    bool m_flapUp = false;
    // Atomic: a test reads them from its own thread while a ThreadedFaultServer serves from another.
    std::atomic_int m_connectionsAccepted = 0;
    std::atomic_int m_requestsServed = 0;
    std::atomic_int m_responsesWritten = 0;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace NetPulse::Demo
