#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include "reports/ReportEvents.h"
#include "reports/ReportTarget.h"

class QNetworkAccessManager;

namespace NetPulse {

// Alerts through Prometheus Alertmanager's v2 API (POST /api/v2/alerts), so routing to mail, chat
// and paging is Alertmanager's job. An endpoint that is down (its retries spent) fires an alert
// named NetPulseEndpointDown, labelled with the endpoint, the kind that made it down and a severity;
// it is re-sent every minute with endsAt four minutes ahead, as Prometheus does, so it never lapses
// by Alertmanager's resolve_timeout while NetPulse runs. Recovery resolves it: the same labels with
// endsAt = now, repeated for 15 minutes in case one POST is lost. A flapping endpoint changes
// nothing: what is firing keeps firing until it settles, nothing new fires while it flaps.
// Alertmanager dedupes on the labels, so the re-sends never notify twice.
class AlertNotifier : public QObject
{
    Q_OBJECT
public:
    static constexpr auto kAlertName = "NetPulseEndpointDown";

    explicit AlertNotifier(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~AlertNotifier() override;

    // The Alertmanager's base URL (http://host:9093); "/api/v2/alerts" is added unless given.
    void setTarget(const ReportTarget &target);
    bool isEnabled() const { return m_target.isValid(); }

    // Every finished attempt and state change of an endpoint; cheap when nothing changes.
    // `failingSince` (when valid) is the alert's start: the outage's first failure, which a restart
    // in the middle of an outage keeps (WatchedEndpoint::continueOutage).
    void observe(const ReportSubject &subject, const MonitorStatus &status, const std::optional<ProbeResult> &last,
                 const QDateTime &failingSince = QDateTime());
    // The endpoint is gone (removed, stopped): its alert, if firing, is resolved.
    void forget(const QString &endpointId);

    int firingCount() const;

signals:
    void deliveryFailed(const QString &problem); // once, until a POST succeeds again
    void deliveryRestored(const QString &message);
    void alertsSent(int count);

private:
    struct Alert
    {
        QJsonObject labels;
        QJsonObject annotations;
        QDateTime startsAt;
        QDateTime resolvedAt; // invalid while firing
    };
    void resolve(Alert *alert);
    void send();
    QUrl alertsUrl() const;

    QNetworkAccessManager *m_network;
    ReportTarget m_target;
    QHash<QString, Alert> m_alerts; // by endpoint id: firing, or resolved within the repeat window
    QTimer m_resendTimer;
    QPointer<QNetworkReply> m_reply;
    bool m_sendAgain = false; // something changed while a POST was in flight
    bool m_failing = false;
};

} // namespace NetPulse
