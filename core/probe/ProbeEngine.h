#pragma once

#include <memory>
#include <vector>

#include <QElapsedTimer>
#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QObject>
#include <QPointer>

#include "probe/NetworkReachability.h"
#include "probe/ProbeHandle.h"
#include "probe/ProbeLane.h"

namespace NetPulse {

// Owns what every probe shares: the lanes they run on (ProbeLane: a thread and a
// QNetworkAccessManager each), the proxy (applied to every lane), the platform's reachability,
// and where each endpoint's probes run. EndpointMonitor and the headless --once mode get their
// probes from here; the reports and alerts (reports/) post through a manager of their own on the
// main thread, with the same proxy.
//
// Placement: an endpoint gets a home lane once (round robin). A probe whose server held its lane
// busy (ProbeResult::heldLane: a header flood, a body past the cap, a drip until the deadline)
// moves its endpoint to a quarantine lane of its own; three checks that behave bring it home. The
// rescue lane carries only second tries of checks that NetPulse's own delay held up.
class ProbeEngine : public QObject
{
    Q_OBJECT
public:
    explicit ProbeEngine(QObject *parent = nullptr);
    ~ProbeEngine() override;

    // From the cores: at least 2, at most 8. What --probe-threads sets when not given.
    static int defaultLaneCount();
    // Sets how many lanes carry the endpoints (Limits::probeThreads). Only before the first probe and
    // the first placement: later it is refused with a warning, as handles and placements point at
    // their lanes.
    void setLaneCount(int lanes);
    int laneCount() const;
    int probesInFlight() const;

    void setProxy(const QNetworkProxy &proxy);
    // Whether a request to `url` goes straight to its host (no proxy, or a loopback target, which
    // Qt always sends direct).
    bool goesDirect(const QUrl &url) const;
    NetworkReachability *reachability() const { return m_reachability; }
    Reachability currentReachability() const { return m_reachability->current(); }

    // A place for one endpoint's probes, kept until releaseEndpoint(). EndpointMonitor takes one.
    int placeEndpoint();
    void releaseEndpoint(int placement);
    // The lane an endpoint's probes run on now ("lane 1", "quarantine 1").
    QString laneOf(int placement) const;
    bool isQuarantined(int placement) const;

    // A probe on the endpoint's lane, or (placement -1) on the least busy one.
    ProbeHandle *createProbe(const ProbeOptions &options, QObject *parent, int placement = -1);

    // How long a first check starting now should wait for its turn (see Limits::kFirstChecksPerMs):
    // 0 unless many begin together. Each call takes one place in the queue.
    int reserveFirstCheckDelayMs();
    // For what NetPulse sends on its own behalf (reports, alerts): same proxy, same TLS settings.
    QNetworkAccessManager *network() { return &m_manager; }

private:
    friend class ProbeHandle;
    struct Placement
    {
        int home = 0;        // index into m_lanes
        int quarantine = -1; // index into m_quarantine, or -1
        int behaved = 0;     // checks in a row that held no lane, while in quarantine
        bool used = false;
    };
    ProbeLane *lane(int index); // made on first use
    std::unique_ptr<ProbeLane> makeLane(const QString &name);
    ProbeLane *rescueLane();
    // Hands a handle's check to a lane; the result comes back through deliver() to that handle.
    quint64 submit(ProbeLane *lane, const ProbeLaneJob &job, ProbeHandle *handle);
    // The handle no longer waits: cancel its check on the lane, deliver nothing.
    void withdraw(ProbeLane *lane, quint64 ticket);
    void deliver(quint64 ticket, const ProbeResult &result);
    // Moves the endpoint to quarantine or back home as this result says, and notes it in the result.
    void absorbResult(int placement, ProbeResult *result);

    QNetworkAccessManager m_manager; // reports and alerts, on the main thread
    QNetworkProxy m_proxy = QNetworkProxy::NoProxy;
    NetworkReachability *m_reachability;
    int m_laneCount;
    std::vector<std::unique_ptr<ProbeLane>> m_lanes; // null until a probe first goes there
    std::vector<std::unique_ptr<ProbeLane>> m_quarantine;
    std::unique_ptr<ProbeLane> m_rescue;
    std::vector<Placement> m_placements;
    QHash<quint64, QPointer<ProbeHandle>> m_waiting; // by ticket: handles whose check runs on a lane
    quint64 m_nextTicket = 0;
    int m_nextHome = 0;
    QElapsedTimer m_clock;
    qint64 m_nextFirstCheckUs = 0; // on m_clock: the earliest free place for a first check
};

} // namespace NetPulse
