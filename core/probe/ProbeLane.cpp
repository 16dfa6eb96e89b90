#include "probe/ProbeLane.h"

#include <QNetworkAccessManager>

#include "probe/Probe.h"

namespace NetPulse {

ProbeLane::ProbeLane(const QString &name, QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(name);
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    // Made on the lane's thread, so that its HTTP front end and its signals live there.
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            m_manager = new QNetworkAccessManager(m_context);
            // Qt reads no proxy from the environment unless asked; a probe must go where the URL says.
            m_manager->setProxy(QNetworkProxy::NoProxy);
        },
        Qt::BlockingQueuedConnection);
}

ProbeLane::~ProbeLane()
{
    // The probes still running go first (each reports `cancelled`, to handles that may be gone
    // already), while the manager their replies belong to still exists: the context's children
    // would go in the order they were made, the manager first. Then the rest, on their thread.
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            const QList<Probe *> running = m_running.values();
            m_running.clear();
            qDeleteAll(running);
            delete m_context;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void ProbeLane::setProxy(const QNetworkProxy &proxy)
{
    QMetaObject::invokeMethod(
        m_context, [this, proxy] { m_manager->setProxy(proxy); }, Qt::BlockingQueuedConnection);
}

quint64 ProbeLane::run(Probe *probe)
{
    const quint64 ticket = ++m_nextTicket;
    m_inFlight.fetch_add(1, std::memory_order_relaxed);
    probe->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        m_context,
        [this, probe, ticket] {
            probe->setParent(m_context);
            m_running.insert(ticket, probe);
            connect(probe, &Probe::finished, m_context, [this, probe, ticket] {
                m_running.remove(ticket);
                m_inFlight.fetch_sub(1, std::memory_order_relaxed);
                probe->deleteLater();
            });
            probe->start();
        },
        Qt::QueuedConnection);
    return ticket;
}

void ProbeLane::cancel(quint64 ticket)
{
    QMetaObject::invokeMethod(
        m_context,
        [this, ticket] {
            if (Probe *probe = m_running.value(ticket))
                probe->cancel();
        },
        Qt::QueuedConnection);
}

} // namespace NetPulse
