#pragma once

#include <atomic>
#include <memory>

#include <QHash>
#include <QNetworkProxy>
#include <QObject>
#include <QString>
#include <QThread>

class QNetworkAccessManager;

namespace NetPulse {

class Probe;

// One thread with a QNetworkAccessManager of its own: the probes placed on a lane run there from
// start() to finished(), their timers and raw sockets too. Qt 6.4 gives each manager one HTTP
// thread, and a server that floods headers (parsed a byte at a time) or many probes at once keep
// that thread busy; every other request of the same manager waits, and the wait used to be charged
// to its server. A lane keeps that to the probes that share it (docs/ARCHITECTURE.md, Threading).
//
// The lane object itself belongs to the thread that made it (the main thread); run() hands a
// probe over, and nothing else of the lane's thread is touched from outside.
class ProbeLane : public QObject
{
    Q_OBJECT
public:
    explicit ProbeLane(const QString &name, QObject *parent = nullptr);
    ~ProbeLane() override; // probes still on the lane end as cancelled; the thread is joined

    QString name() const { return m_thread.objectName(); }
    void setProxy(const QNetworkProxy &proxy);

    // Moves `probe` (made on the caller's thread, without a parent) onto the lane and starts it
    // there. The lane owns it from then on and deletes it once it has finished. Returns the
    // ticket cancel() takes.
    quint64 run(Probe *probe);
    // Cancels the probe of a ticket if it is still running; a finished one is left alone.
    void cancel(quint64 ticket);

    // Probes handed over and not yet finished.
    int inFlight() const { return m_inFlight.load(std::memory_order_relaxed); }
    QNetworkAccessManager *manager() const { return m_manager; } // lives on the lane's thread
    // Counts the probes that held this lane's threads busy (ProbeResult::heldLane) while they ran:
    // a probe that times out while the count moved was slowed by a neighbour, not by its server.
    const std::shared_ptr<std::atomic<quint64>> &heldCount() const { return m_heldCount; }

private:
    QThread m_thread;
    QObject *m_context = nullptr; // on the lane's thread: parent of the manager and probes
    QNetworkAccessManager *m_manager = nullptr;
    QHash<quint64, Probe *> m_running; // on the lane's thread only
    quint64 m_nextTicket = 0;          // on the owner's thread only
    std::atomic<int> m_inFlight{0};
    std::shared_ptr<std::atomic<quint64>> m_heldCount = std::make_shared<std::atomic<quint64>>(0);
};

} // namespace NetPulse
