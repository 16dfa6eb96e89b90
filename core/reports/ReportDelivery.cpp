#include "reports/ReportDelivery.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include "base/Duration.h"
#include "base/Limits.h"
#include "base/Logging.h"
#include "history/HistoryStore.h"
#include "probe/Redactor.h"
#include "reports/ReportEvents.h"

namespace NetPulse {

namespace {

// Reports made in the same moment (every endpoint failing when the network goes) go in one POST.
constexpr int kGatherMs = 50;

BackoffSettings retrySettings()
{
    BackoffSettings settings;
    settings.initialMs = Limits::kReportRetryInitialMs;
    settings.multiplier = 2.0;
    settings.capMs = Limits::kReportRetryMaxMs;
    settings.jitter = JitterMode::Equal; // never retries at once, never all clients together
    return settings;
}

} // namespace

ReportDelivery::ReportDelivery(HistoryStore *outbox, QNetworkAccessManager *network, RandomSource random,
                               QObject *parent)
    : QObject(parent)
    , m_outbox(outbox)
    , m_network(network)
    , m_backoff(retrySettings(), std::move(random))
{
    m_sendTimer.setSingleShot(true);
    connect(&m_sendTimer, &QTimer::timeout, this, &ReportDelivery::sendNext);
}

ReportDelivery::~ReportDelivery()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void ReportDelivery::setTarget(const ReportTarget &target)
{
    if (target == m_target)
        return; // a settings change elsewhere: the POST in flight and the backoff go on
    m_target = target;
    m_failures = 0;
    m_lastDelayMs = 0;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    m_sendTimer.stop();
    // What waited from an earlier run goes out now.
    if (m_target.isValid())
        m_sendTimer.start(0);
}

void ReportDelivery::wake()
{
    if (!m_target.isValid() || m_reply || m_sendTimer.isActive())
        return;
    m_sendTimer.start(kGatherMs);
}

void ReportDelivery::sendNext()
{
    if (!m_target.isValid() || m_reply)
        return;
    // Reports dropped for room are themselves reported, first in the next batch: one notice per
    // batch at most, so a full outbox never fills up with notices.
    m_outbox->queueDroppedNotice([](qint64 dropped) {
        const ReportEvent notice = ReportEvents::reportsDropped(dropped);
        return qMakePair(notice.id, notice.json);
    });
    const QList<OutboxItem> items = m_outbox->waitingReports(Limits::kReportBatchCount, Limits::kReportBatchBytes);
    if (items.isEmpty()) {
        emit drained();
        return;
    }
    QByteArray body = "[";
    m_batch.clear();
    for (const OutboxItem &item : items) {
        if (body.size() > 1)
            body += ',';
        body += item.body;
        m_batch << item.seq;
    }
    body += ']';
    m_reply = m_network->post(
        m_target.request(m_target.url, QByteArrayLiteral("application/cloudevents-batch+json"), m_timeoutMs), body);
    connect(m_reply, &QNetworkReply::finished, this, &ReportDelivery::onFinished);
}

void ReportDelivery::onFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status < 200 || status > 299) {
        fail(ReportTarget::describeFailure(reply, m_timeoutMs));
        return;
    }
    m_outbox->removeReports(m_batch);
    emit batchDelivered(int(m_batch.size()));
    m_batch.clear();
    if (m_failures > 0) {
        m_failures = 0;
        m_lastDelayMs = 0;
        const QString message = tr("reports to %1 are delivered again").arg(m_target.displayUrl());
        qCInfo(lcReports).noquote() << message;
        emit deliveryRestored(message);
    }
    m_sendTimer.start(0); // the next batch, if any
}

void ReportDelivery::fail(const QString &problem)
{
    ++m_failures;
    m_lastDelayMs = m_backoff.delayMs(m_failures, m_lastDelayMs);
    if (m_failures == 1) {
        const QString message = tr("reports to %1 are not delivered (%2); they are kept and sent when it answers")
                                    .arg(m_target.displayUrl(), problem);
        qCWarning(lcReports).noquote() << message;
        emit deliveryFailed(message);
    } else {
        qCDebug(lcReports).noquote() << "report delivery failed again:" << problem << "; next try in"
                                     << durationText(m_lastDelayMs);
    }
    m_sendTimer.start(int(m_lastDelayMs));
}

} // namespace NetPulse
