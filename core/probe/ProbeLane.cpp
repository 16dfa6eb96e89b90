#include "probe/ProbeLane.h"

#include <QNetworkAccessManager>

#include "probe/Probe.h"

namespace NetPulse {

ProbeLane::ProbeLane(const QString &name, QObject *mailbox, Delivery deliver, QObject *parent)
    : QObject(parent)
    , m_mailbox(mailbox)
    , m_deliver(std::move(deliver))
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
    // The probes still running go first, while the manager their replies belong to still exists
    // (the context's children would go in the order they were made, the manager first), and
    // without delivering: nobody waits for them. Then the rest, on their thread.
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            const QList<Probe *> running = m_running.values();
            m_running.clear();
            for (Probe *probe : running) {
                probe->disconnect(m_context);
                delete probe;
            }
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

void ProbeLane::run(quint64 ticket, const ProbeLaneJob &job)
{
    m_inFlight.fetch_add(1, std::memory_order_relaxed);
    // The probe is made on the lane, so that no object crosses threads (moveToThread costs more
    // than the request on loopback); only the job and the result are copied across.
    QMetaObject::invokeMethod(
        m_context,
        [this, ticket, job] {
            auto *probe = new Probe(m_manager, job.options, m_context);
            probe->setConnectFirst(job.connectFirst);
            probe->setReachability(job.reachability);
            probe->setLaneName(name());
            probe->setLaneHeldCount(m_heldCount);
            probe->setSubmittedAt(job.submitted);
            m_running.insert(ticket, probe);
            connect(probe, &Probe::finished, m_context, [this, probe, ticket](const ProbeResult &result) {
                m_inFlight.fetch_sub(1, std::memory_order_relaxed);
                probe->deleteLater();
                if (m_running.remove(ticket) == 0)
                    return; // cancelled: its owner has its answer already
                // The mailbox outlives the lane (it owns it); a delivery still queued when it goes
                // is dropped with it.
                QMetaObject::invokeMethod(
                    m_mailbox, [deliver = m_deliver, ticket, result] { deliver(ticket, result); },
                    Qt::QueuedConnection);
            });
            probe->start();
        },
        Qt::QueuedConnection);
}

void ProbeLane::cancel(quint64 ticket)
{
    QMetaObject::invokeMethod(
        m_context,
        [this, ticket] {
            if (Probe *probe = m_running.take(ticket))
                probe->cancel(); // finished() comes now, and is not delivered
        },
        Qt::QueuedConnection);
}

} // namespace NetPulse
