#include "probe/ConnectionDiagnosis.h"

#include <poll.h>

#include <QSslSocket>
#include <QTcpSocket>

namespace NetPulse {

namespace {

// News in the kernel at the limit: looked at again this much later, when this thread's loop has
// read it; at most this many times (a thread that is held up does not run its timers either).
constexpr int kRelookMs = 20;
constexpr int kMaxRelooks = 50;

} // namespace

QString DiagnosisReport::summary() const
{
    QStringList parts;
    parts << (tcpConnected ? QStringLiteral("a fresh TCP connection succeeded")
                           : QStringLiteral("a fresh TCP connection did not succeed"));
    if (mode == Mode::TlsHandshake && tcpConnected)
        parts << (tlsCompleted ? QStringLiteral("the TLS handshake completed")
                               : QStringLiteral("the TLS handshake never completed"));
    if (mode == Mode::HttpExchange && tcpConnected) {
        if (firstBytes.isEmpty())
            parts << QStringLiteral("the peer sent nothing back");
        else if (answeredHttp())
            parts << QStringLiteral("the peer answered with HTTP");
        else
            parts << QStringLiteral("the peer answered with non-HTTP bytes \"%1\"")
                         .arg(QString::fromLatin1(firstBytes.left(24).toPercentEncoding(" /:.-_")));
    }
    if (peerClosed)
        parts << QStringLiteral("then closed the connection");
    if (timedOut)
        parts << QStringLiteral("gave up after %1 ms").arg(elapsedMs);
    if (!socketError.isEmpty() && !tcpConnected)
        parts << QStringLiteral("(%1)").arg(socketError);
    return QStringLiteral("diagnosis: ") + parts.join(QStringLiteral(", "));
}

ConnectionDiagnosis::ConnectionDiagnosis(const QString &host, quint16 port, bool useTls, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_port(port)
    , m_useTls(useTls)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConnectionDiagnosis::onLimit);
}

ConnectionDiagnosis::~ConnectionDiagnosis()
{
    if (m_socket)
        m_socket->abort();
}

void ConnectionDiagnosis::start(DiagnosisReport::Mode mode, int timeoutMs, const QByteArray &hostHeader,
                                const QByteArray &path)
{
    m_report = DiagnosisReport();
    m_report.mode = mode;
    m_request = "GET " + (path.isEmpty() ? QByteArray("/") : path) + " HTTP/1.1\r\nHost: " + hostHeader +
                "\r\nUser-Agent: NetPulse/" NETPULSE_VERSION " (diagnosis)\r\nConnection: close\r\n\r\n";
    m_clock.start();
    const bool tls = m_useTls && mode != DiagnosisReport::Mode::TcpConnect;
    if (tls) {
        auto *ssl = new QSslSocket(this);
        // We only want to know what the peer speaks; its certificate was judged by the probe itself.
        ssl->setPeerVerifyMode(QSslSocket::VerifyNone);
        connect(ssl, &QSslSocket::encrypted, this, &ConnectionDiagnosis::onEncrypted);
        m_socket = ssl;
    } else {
        m_socket = new QTcpSocket(this);
    }
    connect(m_socket, &QAbstractSocket::connected, this, &ConnectionDiagnosis::onConnected);
    connect(m_socket, &QAbstractSocket::readyRead, this, &ConnectionDiagnosis::onReadyRead);
    connect(m_socket, &QAbstractSocket::disconnected, this, &ConnectionDiagnosis::onDisconnected);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &ConnectionDiagnosis::onError);
    m_dueMs = timeoutMs;
    m_lastSentMs = 0;
    m_timer.start(timeoutMs);
    if (tls)
        static_cast<QSslSocket *>(m_socket)->connectToHostEncrypted(m_host, m_port);
    else
        m_socket->connectToHost(m_host, m_port);
}

void ConnectionDiagnosis::onConnected()
{
    m_report.tcpConnected = true;
    m_lastSentMs = m_clock.elapsed(); // the request, or TLS' first message, goes out now
    if (m_report.mode == DiagnosisReport::Mode::TcpConnect) {
        finish();
        return;
    }
    if (m_report.mode == DiagnosisReport::Mode::HttpExchange && !m_useTls)
        m_socket->write(m_request);
}

void ConnectionDiagnosis::onEncrypted()
{
    m_report.tlsCompleted = true;
    m_lastSentMs = m_clock.elapsed(); // the request goes out now
    if (m_report.mode == DiagnosisReport::Mode::TlsHandshake) {
        finish();
        return;
    }
    m_socket->write(m_request);
}

void ConnectionDiagnosis::onReadyRead()
{
    const QByteArray data = m_socket->read(64 - m_report.firstBytes.size());
    m_report.firstBytes += data;
    // Five bytes tell HTTP from anything else; no need to wait for the rest.
    if (m_report.firstBytes.size() >= 5)
        finish();
}

void ConnectionDiagnosis::onDisconnected()
{
    if (m_report.tcpConnected)
        m_report.peerClosed = true;
    finish();
}

void ConnectionDiagnosis::onError()
{
    if (m_done)
        return;
    m_report.socketError = m_socket->errorString();
    m_report.hostNotFound = m_socket->error() == QAbstractSocket::HostNotFoundError;
    if (m_report.tcpConnected && m_socket->error() == QAbstractSocket::RemoteHostClosedError)
        m_report.peerClosed = true;
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    finish();
}

bool ConnectionDiagnosis::kernelHasNews() const
{
    const qintptr fd = m_socket ? m_socket->socketDescriptor() : -1;
    if (fd < 0)
        return false;
    // Connecting: writable once the connect is done (or failed). Connected: readable once bytes,
    // or the peer's close, arrived.
    pollfd look{int(fd), short(m_socket->state() == QAbstractSocket::ConnectedState ? POLLIN : POLLOUT), 0};
    return ::poll(&look, 1, 0) > 0;
}

void ConnectionDiagnosis::onLimit()
{
    // Timers and socket notifiers are served in no promised order, and this thread may have been
    // held up (a thousand checks on a busy machine): the kernel may hold the connect's completion,
    // a handshake's answer or the peer's first bytes, unread. This thread reads them first.
    if (kernelHasNews() && m_relooks < kMaxRelooks) {
        ++m_relooks;
        m_timer.start(kRelookMs);
        return;
    }
    // The peer is judged on the time it had since the last thing we sent: the connect, the TLS
    // handshake, the request. Sent late because this thread was held up, it gets the rest of its
    // window; never a verdict on the peer measured with our own delay.
    const qint64 had = m_clock.elapsed() - m_lastSentMs;
    if (had < m_dueMs) {
        m_timer.start(int(m_dueMs - had));
        return;
    }
    m_report.timedOut = true;
    finish();
}

void ConnectionDiagnosis::finish()
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    m_report.elapsedMs = m_clock.elapsed();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    emit finished(m_report);
}

} // namespace NetPulse
