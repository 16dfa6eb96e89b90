#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include "base/Limits.h"
#include "monitor/BackoffPolicy.h"
#include "reports/ReportTarget.h"

class QNetworkAccessManager;

namespace NetPulse {

class HistoryStore;

// Takes reports out of the outbox and POSTs them to the backend, oldest first, as a CloudEvents
// batch (a JSON array of at most Limits::kReportBatchCount reports and about kReportBatchBytes). A
// batch leaves the outbox only when the backend answers 2xx, so a crash, a restart or an outage
// loses nothing; a failure waits on the backoff policy and tries the oldest reports again (same ids, so
// a receiver that saw it half-way dedupes). One POST at a time; a failing backend is said once
// (deliveryFailed) and again when it answers (deliveryRestored), never per attempt.
class ReportDelivery : public QObject
{
    Q_OBJECT
public:
    ReportDelivery(HistoryStore *outbox, QNetworkAccessManager *network, RandomSource random = systemRandomSource(),
                   QObject *parent = nullptr);
    ~ReportDelivery() override;

    void setTarget(const ReportTarget &target);
    // How long one POST may take before it counts as failed (Limits::kReportTimeoutMs).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    const ReportTarget &target() const { return m_target; }
    // Something was queued: sent soon, unless a retry is already planned.
    void wake();

    bool isFailing() const { return m_failures > 0; }

signals:
    void deliveryFailed(const QString &problem);   // the first failure after a success (or at start)
    void deliveryRestored(const QString &message); // the backend answered again, in words
    void batchDelivered(int count);
    void drained(); // nothing waits, nothing in flight

private:
    void sendNext();
    void onFinished();
    void fail(const QString &problem);

    HistoryStore *m_outbox;
    QNetworkAccessManager *m_network;
    ReportTarget m_target;
    BackoffPolicy m_backoff;
    QTimer m_sendTimer;
    QPointer<QNetworkReply> m_reply;
    QList<qint64> m_batch;
    int m_failures = 0;
    qint64 m_lastDelayMs = 0;
    int m_timeoutMs = Limits::kReportTimeoutMs;
};

} // namespace NetPulse
