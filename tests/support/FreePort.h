#pragma once

// A loopback port nothing listens on right now, for a program the test starts (Prometheus,
// Alertmanager, a metrics server): the port is free when returned, and the program binds it next.

#include <QHostAddress>
#include <QTcpServer>

inline quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}
