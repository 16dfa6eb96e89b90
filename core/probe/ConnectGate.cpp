#include "probe/ConnectGate.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QHostAddress>
#include <QNetworkInterface>
#include <QNetworkProxy>
#include <QSocketNotifier>
#include <QTcpSocket>

namespace NetPulse {

ConnectGate::ConnectGate(const QString &host, quint16 port, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_port(port)
{
}

ConnectGate::~ConnectGate()
{
    closeSocket();
}

void ConnectGate::start()
{
    if (startRaw())
        return;
    m_socket = new QTcpSocket(this);
    m_socket->setProxy(QNetworkProxy::NoProxy);
    connect(m_socket, &QAbstractSocket::connected, this, [this] { finish(Outcome::Accepted); });
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        finish(error == QAbstractSocket::ConnectionRefusedError ? Outcome::Refused : Outcome::Other);
    });
    m_socket->connectToHost(m_host, m_port);
}

bool ConnectGate::startRaw()
{
    const QHostAddress address(m_host);
    if (address.isNull())
        return false; // a name: QTcpSocket resolves it
    sockaddr_storage storage = {};
    socklen_t length = 0;
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *in = reinterpret_cast<sockaddr_in *>(&storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(m_port);
        in->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    } else if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(m_port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, &bytes, sizeof bytes);
        // A scope is a number or an interface name (fe80::1%eth0).
        bool numeric = false;
        const uint scope = address.scopeId().toUInt(&numeric);
        in6->sin6_scope_id = numeric ? scope : uint(QNetworkInterface::interfaceIndexFromName(address.scopeId()));
        length = sizeof(sockaddr_in6);
    } else {
        return false;
    }
    m_fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return false;
    if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&storage), length) == 0) {
        finish(Outcome::Accepted);
    } else if (errno == EINPROGRESS) {
        m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &ConnectGate::onWritable);
    } else {
        finish(errno == ECONNREFUSED ? Outcome::Refused : Outcome::Other);
    }
    return true;
}

void ConnectGate::onWritable()
{
    int error = 0;
    socklen_t size = sizeof error;
    if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0)
        error = errno;
    finish(error == 0 ? Outcome::Accepted : error == ECONNREFUSED ? Outcome::Refused : Outcome::Other);
}

bool ConnectGate::connectedUnnoticed() const
{
    const int fd = m_fd >= 0 ? m_fd : m_socket ? int(m_socket->socketDescriptor()) : -1;
    if (m_done || fd < 0)
        return false;
    pollfd waiter = {fd, POLLOUT, 0};
    if (::poll(&waiter, 1, 0) != 1 || !(waiter.revents & POLLOUT))
        return false;
    int error = 0;
    socklen_t size = sizeof error;
    return ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0;
}

void ConnectGate::finish(Outcome outcome)
{
    if (m_done)
        return;
    m_done = true;
    closeSocket();
    emit answered(outcome);
}

void ConnectGate::closeSocket()
{
    delete m_notifier; // before the descriptor it watches
    m_notifier = nullptr;
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
}

} // namespace NetPulse
