#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

class QAbstractSocket;

namespace NetPulse {

// What a raw socket saw when we asked the peer ourselves.
struct DiagnosisReport
{
    enum class Mode
    {
        TcpConnect,   // does TCP connect at all?
        HttpExchange, // send a minimal GET and look at the first bytes of the answer
        TlsHandshake, // does a TLS handshake complete?
    };
    Mode mode = Mode::TcpConnect;
    bool tcpConnected = false;
    bool tlsCompleted = false;
    bool peerClosed = false;   // the peer closed or reset after we connected
    bool timedOut = false;     // gave up waiting
    bool hostNotFound = false; // the socket's own name lookup failed
    QByteArray firstBytes;     // up to 64 bytes of whatever the peer sent
    QString socketError;       // the socket's own words, when it failed
    qint64 elapsedMs = 0;

    bool answeredHttp() const { return firstBytes.startsWith("HTTP/"); }
    QString summary() const;
};

// QNetworkAccessManager hides the transport: a garbage reply and an early close both end as
// RemoteHostClosedError, and an https port that never answers the TLS handshake looks like a
// connect timeout. When the classifier cannot tell, a Probe runs one of these against the same
// host and port to learn the truth. It only ever runs after an ambiguous failure, so the common
// outcomes (refused, ok, 4xx/5xx) are never delayed by it.
class ConnectionDiagnosis : public QObject
{
    Q_OBJECT
public:
    ConnectionDiagnosis(const QString &host, quint16 port, bool useTls, QObject *parent = nullptr);
    ~ConnectionDiagnosis() override;

    void start(DiagnosisReport::Mode mode, int timeoutMs, const QByteArray &hostHeader = {},
               const QByteArray &path = "/");

signals:
    void finished(const NetPulse::DiagnosisReport &report);

private:
    void onConnected();
    void onEncrypted();
    void onReadyRead();
    void onDisconnected();
    void onError();
    void onLimit();
    bool kernelHasNews() const;
    void finish();

    QString m_host;
    quint16 m_port;
    bool m_useTls;
    QByteArray m_request;
    QAbstractSocket *m_socket = nullptr;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_dueMs = 0;      // the peer's window, from the last thing sent
    qint64 m_lastSentMs = 0; // on m_clock: the connect begun, then TCP connected, then TLS done
    DiagnosisReport m_report;
    bool m_done = false;
    int m_relooks = 0;
};

} // namespace NetPulse
