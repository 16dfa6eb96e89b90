#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QNetworkRequest>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include "base/Limits.h"
#include "vantage/ElsewhereReading.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace NetPulse {

// Where the other vantage points' verdicts are read: a Prometheus server's HTTP API that scrapes
// them (docs/vantage.md).
struct VantageSource
{
    int refreshS = Limits::vantagesRefreshS.fallback; // how often to read (--vantages-every)
    QUrl url;                                         // http(s)://host:9090, user:password for basic auth
    QList<QPair<QByteArray, QByteArray>> headers;     // "Authorization: Bearer …" and the like; never shown
    QString caFile;                                   // a CA certificate (PEM) for an https URL; empty: the system's

    bool isValid() const { return url.isValid() && !url.host().isEmpty(); }
};

// Reads what every other vantage point last said of every endpoint, from Prometheus: one query per
// refresh for all endpoints (every 15 s unless set, and on demand), with the targets' scrape
// intervals beside it (a verdict is seen up to a scrape and a refresh late), bounded at 2 s, on
// the thread it lives on (the main thread: small requests, never on a probe lane). Prometheus unreachable, slow or
// answering an error: problemChanged() says it once, the readings are dropped (no verdict), and
// nothing else in NetPulse changes.
class VantageReader : public QObject
{
    Q_OBJECT
public:
    static constexpr int kLimitMs = 2000;
    // How far back a vantage is looked for: one whose agent stopped shows as stale this long.
    static constexpr int kLookBackMinutes = 10;
    // The agents' series it reads (docs/metrics.md).
    static constexpr auto kVerdictMetric = "netpulse_probe_verdict_timestamp_seconds";
    static constexpr auto kIntervalMetric = "netpulse_probe_interval_seconds";

    // `here`: this machine's vantage name, whose own series are not read.
    explicit VantageReader(const QString &here, QObject *parent = nullptr);
    ~VantageReader() override;

    QString here() const { return m_here; }
    void setSource(const VantageSource &source);
    const VantageSource &source() const { return m_source; }
    void refresh();

    // What the others said of the endpoint with this (redacted) URL, by vantage name.
    QList<ElsewhereReading> readings(const QString &redactedUrl) const { return m_readings.value(redactedUrl); }
    const QHash<QString, QList<ElsewhereReading>> &allReadings() const { return m_readings; }
    // The last refresh's problem in words; empty when it went well (or none was made).
    QString problem() const { return m_problem; }
    // How long the last refresh took, request and reading (docs/PERFORMANCE.md).
    double lastRefreshMs() const { return m_lastRefreshMs; }
    // Of it, reading Prometheus' answer once it had arrived; the rest is waiting for Prometheus.
    double lastReadMs() const { return m_lastReadMs; }

    // The PromQL of one refresh: every other vantage's last verdict and interval.
    static QString query(const QString &here);
    // Reads Prometheus' answer to query(): by redacted URL, each vantage's newest verdict. The
    // problem in words when it is not an answer to it.
    static QHash<QString, QList<ElsewhereReading>> readAnswer(const QByteArray &json, QString *problem);
    // Reads /api/v1/targets: each active target's scrape interval in seconds, by instance.
    static QHash<QString, double> readTargets(const QByteArray &json);
    // A Go duration as Prometheus writes it ("15s", "1m30s", "500ms"); 0 when it is not one.
    static double goDurationS(const QString &text);

signals:
    // A refresh ended (readings changed or were dropped).
    void refreshed();
    // The problem changed: said once, not at every refresh; empty when reading works again.
    void problemChanged(const QString &problem);

private:
    void onFinished(QNetworkReply *reply);
    void dropReplies();
    void finishRefresh();
    void setProblem(const QString &problem);
    QNetworkRequest request(const QString &path, const QUrlQuery &query) const;

    QString m_here;
    VantageSource m_source;
    QNetworkAccessManager *m_manager;
    QNetworkReply *m_reply = nullptr;        // the query
    QNetworkReply *m_targetsReply = nullptr; // the targets, beside it
    QByteArray m_answer;
    QString m_answerProblem;
    QHash<QString, double> m_scrapeIntervals; // by instance
    QTimer m_timer;
    QTimer m_limit; // the whole refresh's bound
    bool m_timedOut = false;
    bool m_tooLarge = false;
    QElapsedTimer m_clock;
    QHash<QString, QList<ElsewhereReading>> m_readings;
    QString m_problem;
    double m_lastRefreshMs = 0;
    double m_lastReadMs = 0;
};

} // namespace NetPulse
