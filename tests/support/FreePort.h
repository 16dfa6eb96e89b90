#pragma once

// Loopback ports for the tests.
//   freePort(): a port nothing listens on right now, for a program the test starts (Prometheus,
//   Alertmanager) that takes no port 0. Another test running beside this one may be given the
//   same port before the program binds it: start such programs in a loop that tries another port
//   when they exit at once.
//   freePorts(n): n such ports, all different. Ports taken one after another can repeat (a port let
//   go is free to be given again at once; nginx then serves two fronts on one port and only warns),
//   so all n are held until every one is known.
//   RefusedPort: a port that refuses every connect for as long as the object lives: a socket bound
//   to it and never listening. Nothing else can be given the port meanwhile, as a freePort() that
//   is let go could be.

#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

#include <QHostAddress>
#include <QList>
#include <QTcpServer>

inline quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

inline QList<quint16> freePorts(int count)
{
    std::vector<std::unique_ptr<QTcpServer>> held;
    QList<quint16> ports;
    for (int i = 0; i < count; ++i) {
        held.push_back(std::make_unique<QTcpServer>());
        held.back()->listen(QHostAddress::LocalHost, 0);
        ports.append(held.back()->serverPort());
    }
    return ports;
}

class RefusedPort
{
public:
    RefusedPort()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address = {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
        socklen_t length = sizeof address;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&address), &length);
        m_port = ntohs(address.sin_port);
    }
    ~RefusedPort() { ::close(m_fd); }
    RefusedPort(const RefusedPort &) = delete;
    RefusedPort &operator=(const RefusedPort &) = delete;
    quint16 port() const { return m_port; }

private:
    int m_fd = -1;
    quint16 m_port = 0;
};
