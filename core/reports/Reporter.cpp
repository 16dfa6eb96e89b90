#include "reports/Reporter.h"

#include "base/Limits.h"
#include "history/HistoryStore.h"
#include "reports/ReportDelivery.h"

namespace NetPulse {

Reporter::Reporter(HistoryStore *outbox, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_outbox(outbox)
    , m_delivery(new ReportDelivery(outbox, network, systemRandomSource(), this))
{
}

void Reporter::setTarget(const ReportTarget &target)
{
    m_delivery->setTarget(target);
}

bool Reporter::isEnabled() const
{
    return m_delivery->target().isValid();
}

void Reporter::reportAttempt(const ReportSubject &subject, const ProbeResult &result, const MonitorStatus &status)
{
    if (!isEnabled() || result.isOk() || !isVerdictOnServer(result.kind))
        return;
    queue(ReportEvents::probeFailed(subject, result, status));
}

void Reporter::reportStateChange(const ReportSubject &subject, const MonitorStatus &status, MonitorState previous,
                                 const std::optional<ProbeResult> &lastResult)
{
    if (!isEnabled() || status.state == MonitorState::Probing || status.state == previous)
        return;
    queue(ReportEvents::stateChanged(subject, status, previous, lastResult));
}

void Reporter::queue(const ReportEvent &event)
{
    m_outbox->queueReport(event.id, event.json, Limits::kOutboxCapacity);
    m_delivery->wake();
}

} // namespace NetPulse
