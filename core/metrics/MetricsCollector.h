#pragma once

#include <optional>

#include <QDateTime>
#include <QHash>
#include <QObject>

#include "monitor/MonitorStatus.h"
#include "probe/ProbeResult.h"
#include "reports/ReportEvents.h"

namespace NetPulse {

class EndpointList;

// What Prometheus scrapes (docs/metrics.md): per endpoint, blackbox_exporter's probe_* names (so
// existing dashboards and alerts work) and NetPulse's own netpulse_* (the failure kind as a label,
// the monitor's state, retries, next check, the age of the fallback data), plus the process's own.
// Fed by events — each finished attempt and state change — so it serves the headless one-URL
// watch, an endpoint file and the app alike; render() builds the page from what it holds, never
// asking a monitor. Label values go through MetricsText's escaping; URLs are redacted.
class MetricsCollector : public QObject
{
    Q_OBJECT
public:
    explicit MetricsCollector(QObject *parent = nullptr);

    // Follows every endpoint of the list, present and future (added, removed, renamed).
    void follow(EndpointList *list);

    void recordAttempt(const ReportSubject &subject, const ProbeResult &result, const MonitorStatus &status);
    void recordState(const ReportSubject &subject, const MonitorStatus &status);
    void forget(const QString &endpointId);

    // This machine's name among vantage points (docs/vantage.md): a `vantage` label on every series.
    // Empty: none.
    void setVantage(const QString &vantage) { m_vantage = vantage; }
    QString vantage() const { return m_vantage; }

    // The whole page in the Prometheus text format, version 0.0.4.
    QByteArray render() const;
    static const char *contentType() { return "text/plain; version=0.0.4; charset=utf-8"; }

private:
    struct Endpoint
    {
        ReportSubject subject;
        std::optional<ProbeResult> last; // the last real answer (our own cancels are not)
        QDateTime lastAt;                // when it came
        qint64 intervalMs = 0;           // the wait planned after it; 0: none (stopped)
        MonitorStatus status;
        QHash<FailureKind, qint64> failures;
        qint64 attempts = 0;
        qint64 heldUp = 0;        // netpulse_busy: checks NetPulse could not make in time
        bool quarantined = false; // its probes run on a quarantine lane
        qint64 retries = 0;
        int retriesUsedSeen = 0; // the episode's retry count at the last attempt
        std::optional<ProbeResult> lastFailure;
        QDateTime lastFailureAt;
        QDateTime statusAt; // when `status` was current: next-check countdowns count from it
    };
    Endpoint &entry(const ReportSubject &subject);

    QHash<QString, Endpoint> m_endpoints;
    QList<QString> m_order; // first seen first, so the page keeps its order
    QDateTime m_startedAt;
    QString m_vantage;
};

} // namespace NetPulse
