#pragma once

// The fault server on a thread of its own, for tests whose own thread is kept busy (a thousand
// endpoints' monitors): served from the test's thread, its answers would wait for that thread, and
// a slow answer would be the test's doing, not the server's. Probes run on their lanes; the
// services a user watches answer from elsewhere too.

#include <QThread>

#include "FaultServer.h"

class ThreadedFaultServer
{
public:
    ThreadedFaultServer()
    {
        m_thread.setObjectName(QStringLiteral("fault server"));
        m_thread.start();
    }
    ~ThreadedFaultServer()
    {
        if (m_server)
            QMetaObject::invokeMethod(
                m_server, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    ThreadedFaultServer(const ThreadedFaultServer &) = delete;
    ThreadedFaultServer &operator=(const ThreadedFaultServer &) = delete;

    // Makes and starts the server on its thread. Its URL accessors may then be called from here:
    // they read what start() set.
    bool start()
    {
        m_server = new NetPulse::Demo::FaultServer;
        m_server->moveToThread(&m_thread);
        bool started = false;
        QMetaObject::invokeMethod(
            m_server, [this, &started] { started = m_server->start(); }, Qt::BlockingQueuedConnection);
        return started;
    }
    NetPulse::Demo::FaultServer *operator->() const { return m_server; }

private:
    QThread m_thread;
    NetPulse::Demo::FaultServer *m_server = nullptr;
};
