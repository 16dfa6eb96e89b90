#pragma once

#include <QObject>

#include "reports/ReportEvents.h"
#include "reports/ReportTarget.h"

class QNetworkAccessManager;

namespace NetPulse {

class HistoryStore;
class ReportDelivery;

// Turns failures and state changes into reports for the user's backend: each becomes a CloudEvent,
// is written to the outbox (the history database, or an in-memory one) before anything is sent,
// and ReportDelivery takes it from there. Without a target nothing is queued. The outbox is
// bounded: when it is full the oldest reports go, and a report says how many went.
class Reporter : public QObject
{
    Q_OBJECT
public:
    // `outbox`: where reports wait; the history store, so they survive a restart.
    Reporter(HistoryStore *outbox, QNetworkAccessManager *network, QObject *parent = nullptr);

    void setTarget(const ReportTarget &target);
    bool isEnabled() const;
    ReportDelivery *delivery() const { return m_delivery; }

    // A finished attempt: reported when it failed (our own cancels are not failures).
    void reportAttempt(const ReportSubject &subject, const ProbeResult &result, const MonitorStatus &status);
    // A settled state change (not the "probing" that comes with every check).
    void reportStateChange(const ReportSubject &subject, const MonitorStatus &status, MonitorState previous,
                           const std::optional<ProbeResult> &lastResult);

private:
    void queue(const ReportEvent &event);

    HistoryStore *m_outbox;
    ReportDelivery *m_delivery;
};

} // namespace NetPulse
