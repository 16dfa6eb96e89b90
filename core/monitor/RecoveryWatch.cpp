#include "monitor/RecoveryWatch.h"

#include <QHostInfo>
#include <QNetworkProxy>
#include <QTcpSocket>

#include "base/Logging.h"
#include "probe/Redactor.h"

namespace NetPulse {

RecoveryWatch::RecoveryWatch(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(Limits::kRecoveryWatchPeriodMs);
    connect(&m_timer, &QTimer::timeout, this, &RecoveryWatch::check);
}

RecoveryWatch::~RecoveryWatch()
{
    abortCheck();
}

void RecoveryWatch::start(const QUrl &url, RecoveryWatchMode mode)
{
    stop();
    if (mode == RecoveryWatchMode::None || url.host().isEmpty())
        return;
    m_url = url;
    m_mode = mode;
    m_timer.start();
    qCDebug(lcMonitor).noquote() << Redactor::redactUrl(url) << "watching the"
                                 << (mode == RecoveryWatchMode::Name      ? "name"
                                     : mode == RecoveryWatchMode::Network ? "network"
                                                                          : "port")
                                 << "between checks";
}

void RecoveryWatch::stop()
{
    m_timer.stop();
    abortCheck();
    m_mode = RecoveryWatchMode::None;
}

void RecoveryWatch::abortCheck()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
}

void RecoveryWatch::check()
{
    // One check at a time: a connect that is still unanswered after a period (dropped SYNs) is
    // given up and tried afresh.
    abortCheck();
    ++m_checks;
    if (m_mode == RecoveryWatchMode::Name) {
        m_lookupId = QHostInfo::lookupHost(m_url.host(), this, [this](const QHostInfo &info) {
            m_lookupId = -1;
            if (info.error() == QHostInfo::NoError && !info.addresses().isEmpty())
                succeed();
        });
        return;
    }
    const bool https = m_url.scheme() == QLatin1String("https");
    auto *socket = new QTcpSocket(this);
    socket->setProxy(QNetworkProxy::NoProxy);
    m_socket = socket;
    connect(socket, &QTcpSocket::connected, this, [this] {
        abortCheck(); // a connect is all we ask: nothing is sent
        succeed();
    });
    if (m_mode == RecoveryWatchMode::Network) {
        // Offline, a refusal is news too: the packet left and a host answered. No route, no
        // name, no answer: still offline.
        connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
            if (error == QAbstractSocket::ConnectionRefusedError) {
                abortCheck();
                succeed();
            }
        });
    }
    socket->connectToHost(m_url.host(), quint16(m_url.port(https ? 443 : 80)));
}

void RecoveryWatch::succeed()
{
    qCDebug(lcMonitor).noquote() << Redactor::redactUrl(m_url) << "answered the recovery watch after" << m_checks
                                 << "checks";
    stop();
    emit answered();
}

} // namespace NetPulse
