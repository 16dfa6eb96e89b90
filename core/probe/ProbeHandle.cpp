#include "probe/ProbeHandle.h"

#include <QThread>

#include "base/Logging.h"
#include "probe/ProbeEngine.h"
#include "probe/ProbeLane.h"
#include "probe/Redactor.h"

namespace NetPulse {

ProbeHandle::ProbeHandle(ProbeEngine *engine, ProbeLane *lane, int placement, ProbeOptions options, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_lane(lane)
    , m_options(std::move(options))
    , m_placement(placement)
{
    m_result.url = m_options.url;
    m_result.method = m_options.method;
}

ProbeHandle::~ProbeHandle()
{
    if (!m_finished)
        cancel(); // still reports exactly once, started or not
}

void ProbeHandle::start()
{
    if (m_started)
        return;
    m_started = true;
    m_clock.start();
    runOn(m_lane, m_connectFirst);
}

void ProbeHandle::runOn(ProbeLane *lane, bool connectFirst)
{
    if (!m_engine) { // the engine, and its lanes, are gone: nothing can run
        ProbeResult result = m_result;
        result.kind = FailureKind::Cancelled;
        result.detail = QStringLiteral("NetPulse is shutting down");
        finish(result);
        return;
    }
    m_lane = lane;
    ++m_tries;
    ProbeLaneJob job;
    job.options = m_options;
    job.connectFirst = connectFirst;
    job.reachability = m_engine->currentReachability();
    job.submitted.start();
    m_ticket = m_engine->submit(lane, job, this);
}

void ProbeHandle::cancel()
{
    if (m_finished)
        return;
    if (!m_started) {
        m_started = true;
        m_clock.start();
    }
    if (m_ticket != 0 && m_engine)
        m_engine->withdraw(m_lane, m_ticket);
    finishCancelled(QStringLiteral("the check was stopped before it finished"));
}

void ProbeHandle::abandon()
{
    m_engine = nullptr;
    m_ticket = 0;
    finishCancelled(QStringLiteral("NetPulse is shutting down"));
}

void ProbeHandle::finishCancelled(const QString &why)
{
    ProbeResult result = m_result;
    result.startedAt = QDateTime::currentDateTimeUtc().addMSecs(-m_clock.elapsed());
    result.kind = FailureKind::Cancelled;
    result.detail = why;
    result.lane = m_lane ? m_lane->name() : QString();
    finish(result);
}

void ProbeHandle::onLaneFinished(const ProbeResult &result)
{
    if (m_finished)
        return;
    m_ticket = 0;
    if (result.ownDelaySuspected && m_tries == 1 && m_engine) {
        // The first try says more about NetPulse than about the server: try again at once, on the
        // rescue lane, which carries only such second tries. Its timings are its own.
        qCInfo(lcProbe).noquote() << Redactor::redactUrl(m_options.url) << "held up on" << result.lane
                                  << "; trying again on the rescue lane:" << Redactor::redactText(result.detail);
        m_firstTry = failureKindName(result.kind) + QStringLiteral(": ") + result.detail;
        runOn(m_engine->rescueLane(), false);
        return;
    }
    ProbeResult final = result;
    if (m_tries > 1) {
        final.retriedAfterOwnDelay = true;
        final.firstTry = m_firstTry;
        if (final.ownDelaySuspected) {
            // Held up twice, the second time on a lane of its own: the machine, or NetPulse, is
            // too busy. Not a fact about the server.
            final.kind = FailureKind::NetPulseBusy;
            final.detail = QStringLiteral("NetPulse was too busy to check in time: %1 checks in flight on %2 lanes, "
                                          "%3 cores; first try: %4; second try: %5")
                               .arg(m_engine ? m_engine->probesInFlight() : 0)
                               .arg(m_engine ? m_engine->laneCount() : 0)
                               .arg(QThread::idealThreadCount())
                               .arg(m_firstTry, result.detail);
        }
    }
    finish(final);
}

void ProbeHandle::finish(const ProbeResult &result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_result = result;
    if (m_engine)
        m_engine->absorbResult(m_placement, &m_result);
    emit finished(m_result);
}

} // namespace NetPulse
