#include "probe/ProbeEngine.h"

#include <algorithm>

#include <QThread>

#include "base/Limits.h"
#include "base/Logging.h"
#include "probe/NetworkReachability.h"
#include "probe/Probe.h"
#include "probe/ProbeHandle.h"
#include "probe/ProbeLane.h"
#include "probe/ProbeResult.h"

namespace NetPulse {

namespace {

// Quarantine lanes are made as hostile endpoints appear; past this many they are shared, so a
// file of hostile endpoints cannot make a thread each.
constexpr int kMaxQuarantineLanes = 4;
// Checks in a row that hold no lane before a quarantined endpoint goes home.
constexpr int kBehavedToReturn = 3;

} // namespace

ProbeEngine::ProbeEngine(QObject *parent)
    : QObject(parent)
    , m_reachability(new NetworkReachability(this))
    , m_laneCount(defaultLaneCount())
{
    // Qt reads no proxy from the environment unless asked; a probe must go where the URL says.
    m_manager.setProxy(QNetworkProxy::NoProxy);
    m_clock.start();
}

ProbeEngine::~ProbeEngine()
{
    // Checks still running end now, as cancelled, each once; the lanes then go without delivering.
    const QHash<quint64, QPointer<ProbeHandle>> waiting = std::exchange(m_waiting, {});
    for (const QPointer<ProbeHandle> &handle : waiting) {
        if (handle)
            handle->abandon();
    }
}

int ProbeEngine::defaultLaneCount()
{
    return std::clamp(QThread::idealThreadCount(), Limits::probeThreads.fallback, 8);
}

void ProbeEngine::setLaneCount(int lanes)
{
    lanes = std::clamp(lanes, Limits::probeThreads.low, Limits::probeThreads.high);
    if (lanes == m_laneCount)
        return;
    if (!m_lanes.empty() || !m_placements.empty()) {
        // Handles in flight point at their lanes: the number is the process's, set at its start.
        qCWarning(lcProbe) << "the probe lanes are set before the first check; keeping" << m_laneCount;
        return;
    }
    m_laneCount = lanes;
}

int ProbeEngine::laneCount() const
{
    return m_laneCount;
}

int ProbeEngine::probesInFlight() const
{
    int count = m_rescue ? m_rescue->inFlight() : 0;
    for (const auto &lane : m_lanes)
        count += lane ? lane->inFlight() : 0;
    for (const auto &lane : m_quarantine)
        count += lane->inFlight();
    return count;
}

ProbeLane *ProbeEngine::lane(int index)
{
    // Each lane's thread and network manager only when a probe first goes to it: `--help`, a bad
    // argument and the window before its first check start none, and `--once` starts one (a lane
    // costs a thread, a manager and its HTTP thread: about 5 ms to start and stop).
    if (m_lanes.empty())
        m_lanes.resize(size_t(m_laneCount));
    std::unique_ptr<ProbeLane> &slot = m_lanes[size_t(index)];
    if (!slot)
        slot = makeLane(QStringLiteral("lane %1").arg(index + 1));
    return slot.get();
}

std::unique_ptr<ProbeLane> ProbeEngine::makeLane(const QString &name)
{
    auto lane = std::make_unique<ProbeLane>(
        name, this, [this](quint64 ticket, const ProbeResult &result) { deliver(ticket, result); });
    lane->setProxy(m_proxy);
    return lane;
}

quint64 ProbeEngine::submit(ProbeLane *lane, const ProbeLaneJob &job, ProbeHandle *handle)
{
    const quint64 ticket = ++m_nextTicket;
    m_waiting.insert(ticket, handle);
    lane->run(ticket, job);
    return ticket;
}

void ProbeEngine::withdraw(ProbeLane *lane, quint64 ticket)
{
    m_waiting.remove(ticket);
    if (lane)
        lane->cancel(ticket);
}

void ProbeEngine::deliver(quint64 ticket, const ProbeResult &result)
{
    if (const QPointer<ProbeHandle> handle = m_waiting.take(ticket))
        handle->onLaneFinished(result);
}

ProbeLane *ProbeEngine::rescueLane()
{
    if (!m_rescue)
        m_rescue = makeLane(QStringLiteral("rescue"));
    return m_rescue.get();
}

void ProbeEngine::setProxy(const QNetworkProxy &proxy)
{
    m_proxy = proxy;
    m_manager.setProxy(proxy);
    for (const auto &lane : m_lanes) {
        if (lane)
            lane->setProxy(proxy);
    }
    for (const auto &lane : m_quarantine)
        lane->setProxy(proxy);
    if (m_rescue)
        m_rescue->setProxy(proxy);
}

bool ProbeEngine::goesDirect(const QUrl &url) const
{
    return Probe::goesDirect(&m_manager, url);
}

int ProbeEngine::placeEndpoint()
{
    for (int i = 0; i < int(m_placements.size()); ++i) {
        if (!m_placements[i].used) {
            m_placements[i] = Placement{m_nextHome++ % m_laneCount, -1, 0, true};
            return i;
        }
    }
    m_placements.push_back(Placement{m_nextHome++ % m_laneCount, -1, 0, true});
    return int(m_placements.size()) - 1;
}

void ProbeEngine::releaseEndpoint(int placement)
{
    if (placement >= 0 && placement < int(m_placements.size()))
        m_placements[placement].used = false;
}

QString ProbeEngine::laneOf(int placement) const
{
    if (placement < 0 || placement >= int(m_placements.size()))
        return QString();
    const Placement &p = m_placements[placement];
    return p.quarantine >= 0 ? QStringLiteral("quarantine %1").arg(p.quarantine + 1)
                             : QStringLiteral("lane %1").arg(p.home + 1);
}

bool ProbeEngine::isQuarantined(int placement) const
{
    return placement >= 0 && placement < int(m_placements.size()) && m_placements[placement].quarantine >= 0;
}

ProbeHandle *ProbeEngine::createProbe(const ProbeOptions &options, QObject *parent, int placement)
{
    ProbeLane *chosen = nullptr;
    if (placement >= 0 && placement < int(m_placements.size())) {
        const Placement &p = m_placements[placement];
        chosen = p.quarantine >= 0 ? m_quarantine[p.quarantine].get() : lane(p.home);
    } else {
        // Not placed (a one-off check): the least busy lane, a new one only when all are busy.
        placement = -1;
        for (int i = 0; i < m_laneCount; ++i) {
            const bool made = i < int(m_lanes.size()) && m_lanes[size_t(i)];
            if (!made) {
                if (!chosen || chosen->inFlight() > 0)
                    chosen = lane(i);
                break;
            }
            if (!chosen || m_lanes[size_t(i)]->inFlight() < chosen->inFlight())
                chosen = m_lanes[size_t(i)].get();
        }
    }
    return new ProbeHandle(this, chosen, placement, options, parent);
}

void ProbeEngine::absorbResult(int placement, ProbeResult *result)
{
    if (placement < 0 || placement >= int(m_placements.size()))
        return;
    Placement &p = m_placements[placement];
    result->quarantined = p.quarantine >= 0;
    if (!isVerdictOnServer(result->kind))
        return; // says nothing about how the server behaves
    if (!result->heldLane.isEmpty()) {
        p.behaved = 0;
        if (p.quarantine < 0) {
            if (int(m_quarantine.size()) < kMaxQuarantineLanes) {
                m_quarantine.push_back(makeLane(QStringLiteral("quarantine %1").arg(m_quarantine.size() + 1)));
                p.quarantine = int(m_quarantine.size()) - 1;
            } else {
                // All made: the one with the fewest endpoints.
                std::vector<int> load(m_quarantine.size(), 0);
                for (const Placement &other : m_placements) {
                    if (other.used && other.quarantine >= 0)
                        ++load[other.quarantine];
                }
                p.quarantine = int(std::min_element(load.begin(), load.end()) - load.begin());
            }
            result->laneNote = QStringLiteral("moved to %1, apart from the other endpoints: %2")
                                   .arg(laneOf(placement), result->heldLane);
        }
    } else if (p.quarantine >= 0 && ++p.behaved >= kBehavedToReturn) {
        p.quarantine = -1;
        p.behaved = 0;
        result->laneNote = QStringLiteral("back on %1: %2 checks in a row held no lane busy")
                               .arg(laneOf(placement))
                               .arg(kBehavedToReturn);
    }
    result->quarantined = p.quarantine >= 0;
}

int ProbeEngine::reserveFirstCheckDelayMs()
{
    const qint64 nowUs = m_clock.nsecsElapsed() / 1000;
    const qint64 placeUs = std::max(nowUs, m_nextFirstCheckUs);
    m_nextFirstCheckUs = placeUs + 1000 / Limits::kFirstChecksPerMs;
    return int((placeUs - nowUs) / 1000);
}

} // namespace NetPulse
