#include "reports/AlertNotifier.h"

#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include "base/Limits.h"
#include "base/Logging.h"
#include "base/Vantage.h"
#include "probe/Redactor.h"

namespace NetPulse {

namespace {

QString rfc3339(const QDateTime &when)
{
    return when.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

AlertNotifier::AlertNotifier(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{
    m_resendTimer.setInterval(Limits::kAlertResendMs);
    connect(&m_resendTimer, &QTimer::timeout, this, &AlertNotifier::send);
}

AlertNotifier::~AlertNotifier()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void AlertNotifier::setTarget(const ReportTarget &target)
{
    if (target == m_target)
        return;
    m_target = target;
    m_failing = false;
    if (m_reply) { // its answer would be about the old target
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    if (!isEnabled()) {
        m_resendTimer.stop();
        return;
    }
    m_resendTimer.start();
    if (!m_alerts.isEmpty())
        send();
}

QUrl AlertNotifier::alertsUrl() const
{
    QUrl url = m_target.url;
    QString path = url.path();
    if (!path.endsWith(QLatin1String("/api/v2/alerts"))) {
        while (path.endsWith(QLatin1Char('/')))
            path.chop(1);
        url.setPath(path + QStringLiteral("/api/v2/alerts"));
    }
    return url;
}

int AlertNotifier::firingCount() const
{
    int count = 0;
    for (const Alert &alert : m_alerts)
        count += alert.resolvedAt.isValid() ? 0 : 1;
    return count;
}

void AlertNotifier::observe(const ReportSubject &subject, const MonitorStatus &status,
                            const std::optional<ProbeResult> &last, const QDateTime &failingSince)
{
    if (!isEnabled())
        return;
    auto it = m_alerts.find(subject.id);
    const bool firing = it != m_alerts.end() && !it->resolvedAt.isValid();
    if (status.flapping)
        return; // what fires keeps firing, nothing new starts, until it settles
    if (!firing && status.state == MonitorState::Down) {
        // Labels say which alert this is: they stay as they were at the start, so a kind that
        // changes during the outage does not make a second alert.
        const FailureKind kind = last ? last->kind : FailureKind::NetworkError;
        Alert alert;
        alert.labels.insert(QStringLiteral("alertname"), QString::fromLatin1(kAlertName));
        alert.labels.insert(QStringLiteral("endpoint"), subject.name);
        alert.labels.insert(QStringLiteral("url"), Redactor::redactUrl(subject.url));
        alert.labels.insert(QStringLiteral("kind"), failureKindName(kind));
        alert.labels.insert(QStringLiteral("severity"), QStringLiteral("critical"));
        alert.labels.insert(QStringLiteral("instance"), QHostInfo::localHostName());
        // Which vantage point says it is down: quorum rules and inhibitions match on it
        // (docs/examples/vantage-rules.yml).
        alert.labels.insert(QStringLiteral("vantage"), Vantage::name());
        alert.labels.insert(QStringLiteral("job"), QStringLiteral("netpulse"));
        alert.startsAt = failingSince.isValid() ? failingSince.toUTC() : QDateTime::currentDateTimeUtc();
        m_alerts.insert(subject.id, alert);
        it = m_alerts.find(subject.id);
    } else if (firing && status.isHealthy()) {
        resolve(&*it);
        send();
        return;
    }
    if (it == m_alerts.end() || it->resolvedAt.isValid())
        return;
    // The words follow the latest failure; only annotations, so the alert stays the same one.
    QJsonObject annotations;
    if (last && !last->isOk()) {
        const FailureDescription description = last->description();
        annotations.insert(QStringLiteral("summary"), QString(subject.name + QStringLiteral(": ") + description.title));
        annotations.insert(QStringLiteral("description"), description.explanation);
        annotations.insert(QStringLiteral("action"), description.action);
        annotations.insert(QStringLiteral("last_kind"), failureKindName(last->kind));
    }
    annotations.insert(QStringLiteral("state"), status.sentence(status.nextAttemptInMs));
    if (annotations != it->annotations || !firing) {
        const bool fresh = !firing;
        it->annotations = annotations;
        if (fresh)
            send();
    }
}

void AlertNotifier::forget(const QString &endpointId)
{
    auto it = m_alerts.find(endpointId);
    if (it == m_alerts.end() || it->resolvedAt.isValid())
        return;
    resolve(&*it);
    send();
}

void AlertNotifier::resolve(Alert *alert)
{
    alert->resolvedAt = QDateTime::currentDateTimeUtc();
}

void AlertNotifier::send()
{
    if (!isEnabled())
        return;
    if (m_reply) {
        m_sendAgain = true;
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonArray alerts;
    for (auto it = m_alerts.begin(); it != m_alerts.end();) {
        if (it->resolvedAt.isValid() && it->resolvedAt.msecsTo(now) > Limits::kAlertResolvedRepeatMs) {
            it = m_alerts.erase(it); // resolved long enough ago: Alertmanager has heard it
            continue;
        }
        QJsonObject alert;
        alert.insert(QStringLiteral("labels"), it->labels);
        alert.insert(QStringLiteral("annotations"), it->annotations);
        alert.insert(QStringLiteral("startsAt"), rfc3339(it->startsAt));
        alert.insert(QStringLiteral("endsAt"),
                     rfc3339(it->resolvedAt.isValid() ? it->resolvedAt : now.addMSecs(Limits::kAlertEndsAheadMs)));
        alerts.append(alert);
        ++it;
    }
    if (alerts.isEmpty())
        return;
    const QNetworkRequest request =
        m_target.request(alertsUrl(), QByteArrayLiteral("application/json"), Limits::kReportTimeoutMs);
    const int count = int(alerts.size());
    m_reply = m_network->post(request, QJsonDocument(alerts).toJson(QJsonDocument::Compact));
    connect(m_reply, &QNetworkReply::finished, this, [this, count] {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        if (!reply)
            return;
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
            if (m_failing) {
                m_failing = false;
                const QString message = tr("alerts reach %1 again").arg(m_target.displayUrl());
                qCInfo(lcReports).noquote() << message;
                emit deliveryRestored(message);
            }
            emit alertsSent(count);
        } else if (!m_failing) {
            // Said once; the next minute's re-send tries again (alerts are state, not a queue).
            m_failing = true;
            const QString problem = ReportTarget::describeFailure(reply, Limits::kReportTimeoutMs);
            const QString message =
                tr("alerts to %1 are not delivered (%2); they are sent again every minute while it matters")
                    .arg(m_target.displayUrl(), problem);
            qCWarning(lcReports).noquote() << message;
            emit deliveryFailed(message);
        }
        if (m_sendAgain) {
            m_sendAgain = false;
            send();
        }
    });
}

} // namespace NetPulse
