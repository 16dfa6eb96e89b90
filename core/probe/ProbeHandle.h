#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include "probe/ProbeOptions.h"
#include "probe/ProbeResult.h"
#include "probe/ProbeTimeline.h"

class QThread;

namespace NetPulse {

class ProbeEngine;
class ProbeLane;

// A probe as its owner on the main thread sees it, while the request itself runs on a lane
// (ProbeLane). The same contract as Probe: finished() exactly once, whatever happens (success,
// failure, timeout, cancel(), destruction), and cancel() valid in every phase.
//
// When a first try's failure is explained by NetPulse's own delay (Probe::ownDelaySuspected: the
// request never left Qt, or a fresh connect succeeded at once), the handle runs the check again at
// once on the engine's rescue lane, which carries only such second tries, and reports that try
// instead. If
// the rescue try is held up as well, the result is `netpulse_busy`: NetPulse could not check in
// time, which says nothing about the server.
class ProbeHandle : public QObject
{
    Q_OBJECT
public:
    ~ProbeHandle() override;

    const ProbeOptions &options() const { return m_options; }
    bool isRunning() const { return m_started && !m_finished; }
    bool isFinished() const { return m_finished; }
    const ProbeResult &result() const { return m_result; }
    void setConnectFirst(bool connectFirst) { m_connectFirst = connectFirst; }
    bool connectFirst() const { return m_connectFirst; }

public slots:
    void start();
    // Ends at once with `cancelled` (finished() is emitted before this returns); the request on
    // the lane is cancelled there.
    void cancel();

signals:
    void finished(const NetPulse::ProbeResult &result);

private:
    friend class ProbeEngine;
    ProbeHandle(ProbeEngine *engine, ProbeLane *lane, int placement, ProbeOptions options, QObject *parent);

    void runOn(ProbeLane *lane, bool connectFirst);
    // The lane's result for this handle's ticket, through the engine (ProbeEngine::deliver).
    void onLaneFinished(const ProbeResult &result);
    // The engine is going: end as cancelled, touching nothing of it.
    void abandon();
    void finishCancelled(const QString &why);
    void finish(const ProbeResult &result);

    QPointer<ProbeEngine> m_engine;
    QPointer<ProbeLane> m_lane; // the engine's: gone with it
    ProbeOptions m_options;
    ProbeResult m_result;
    QElapsedTimer m_clock; // from start(): what the owner waited, our queues included
    QString m_firstTry;
    quint64 m_ticket = 0;
    int m_placement; // the endpoint's place on the lanes (ProbeEngine), or -1
    int m_tries = 0;
    bool m_connectFirst = false;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace NetPulse
