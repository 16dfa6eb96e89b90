#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include <QElapsedTimer>
#include <QHash>
#include <QNetworkProxy>
#include <QObject>
#include <QString>
#include <QThread>

#include "probe/NetworkReachability.h"
#include "probe/ProbeOptions.h"
#include "probe/ProbeResult.h"

class QNetworkAccessManager;

namespace NetPulse {

class Probe;

// What a lane needs to run one check: made on the owner's thread, copied to the lane's.
struct ProbeLaneJob
{
    ProbeOptions options;
    bool connectFirst = false;
    Reachability reachability = Reachability::Unknown;
    QElapsedTimer submitted; // started when the owner asked: the wait until the lane starts it
};

// One thread with a QNetworkAccessManager of its own: the probes placed on a lane are made, run
// and deleted there, their timers and raw sockets too. Qt 6.4 gives each manager one HTTP thread,
// and a server that floods headers (parsed a byte at a time) or many probes at once keep that
// thread busy; every other request of the same manager waits, and the wait used to be charged to
// its server. A lane keeps that to the probes that share it (docs/ARCHITECTURE.md, Threading).
//
// The lane object belongs to the thread that made it (the main thread), and so does `mailbox`:
// each finished probe's result is handed to `deliver` on the mailbox's thread, with its ticket.
// Nothing else of the lane's thread is touched from outside.
class ProbeLane : public QObject
{
    Q_OBJECT
public:
    using Delivery = std::function<void(quint64 ticket, const ProbeResult &result)>;
    ProbeLane(const QString &name, QObject *mailbox, Delivery deliver, QObject *parent = nullptr);
    ~ProbeLane() override; // probes still on the lane end as cancelled, undelivered; the thread is joined

    QString name() const { return m_thread.objectName(); }
    void setProxy(const QNetworkProxy &proxy);

    // Runs a check on the lane under `ticket` (unique per mailbox); its result comes to the
    // mailbox's `deliver` once, unless cancel() came first.
    void run(quint64 ticket, const ProbeLaneJob &job);
    // Cancels the check of a ticket if it is still running; its result is then not delivered.
    void cancel(quint64 ticket);

    // Checks handed over and not yet finished.
    int inFlight() const { return m_inFlight.load(std::memory_order_relaxed); }
    // Counts the probes that held this lane's threads busy (ProbeResult::heldLane) while they ran:
    // a probe that times out while the count moved was slowed by a neighbour, not by its server.
    const std::shared_ptr<std::atomic<quint64>> &heldCount() const { return m_heldCount; }

private:
    QThread m_thread;
    QObject *m_mailbox;
    Delivery m_deliver;
    QObject *m_context = nullptr; // on the lane's thread: parent of the manager and the probes
    QNetworkAccessManager *m_manager = nullptr;
    QHash<quint64, Probe *> m_running; // on the lane's thread only
    std::atomic<int> m_inFlight{0};
    std::shared_ptr<std::atomic<quint64>> m_heldCount = std::make_shared<std::atomic<quint64>>(0);
};

} // namespace NetPulse
