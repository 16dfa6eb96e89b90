#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include "monitor/MonitorStatus.h"
#include "probe/ProbeResult.h"

namespace NetPulse {

// Which endpoint a report is about, as reports name it.
struct ReportSubject
{
    QString id;   // the endpoint's stable id
    QString name; // as shown
    QUrl url;     // redacted when written
    QByteArray method;
};

// One report as queued: its CloudEvents id (made once, kept across every re-delivery) and its JSON.
struct ReportEvent
{
    QString id;
    QByteArray json;
};

// Reports as CloudEvents 1.0 JSON (docs/reports.md): specversion, id, source, type, subject, time,
// datacontenttype, and what happened in `data`. Nothing secret goes in: URLs and details are
// redacted, headers are never part of a report.
namespace ReportEvents {

inline constexpr auto kProbeFailed = "dev.netpulse.probe.failed";
inline constexpr auto kStateChanged = "dev.netpulse.endpoint.state_changed";
inline constexpr auto kReportsDropped = "dev.netpulse.reports.dropped";

// `urn:netpulse:<host name>`: with the id, what receivers dedupe on.
QString source();
ReportEvent probeFailed(const ReportSubject &subject, const ProbeResult &result, const MonitorStatus &status);
ReportEvent stateChanged(const ReportSubject &subject, const MonitorStatus &status, MonitorState previous,
                         const std::optional<ProbeResult> &lastResult);
ReportEvent reportsDropped(qint64 count);

} // namespace ReportEvents

} // namespace NetPulse
