#pragma once

#include <functional>
#include <memory>
#include <optional>

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include "monitor/MonitorStatus.h"
#include "probe/ProbeResult.h"

class QLockFile;
class QSqlDatabase;

namespace NetPulse {

// What a time range of one endpoint's history says: uptime, latency percentiles of the successful
// checks, failures by kind, and the outages (runs of failures) with start, end and duration.
struct HistorySummary
{
    struct Outage
    {
        qint64 startMs = 0;
        qint64 endMs = 0;                             // when the next success came; the range's end while still failing
        FailureKind kind = FailureKind::NetworkError; // the first failure's kind
        bool ongoing = false;
    };
    qint64 fromMs = 0;
    qint64 toMs = 0;
    int checks = 0;
    int ok = 0;
    std::optional<double> p50, p95, p99;
    QHash<FailureKind, int> failures;
    QList<Outage> outages;
    bool fromRollups = false; // older than the raw retention: hourly/daily figures
    // The range cut into columns of columnMs (asked for with summary's columnMs), for a chart: the
    // slowest successful check of each and whether a check failed (an HTTP error, or below HTTP).
    // Only columns with checks; where hourly rollups stand for the raw rows, their slowest check
    // and their failures' kinds.
    struct Column
    {
        qint64 startMs = 0;
        std::optional<double> maxOkMs;
        bool httpFailed = false;
        bool otherFailed = false;
    };
    QList<Column> columns;

    std::optional<double> uptime() const { return checks ? std::optional<double>(double(ok) / checks) : std::nullopt; }
};

// One endpoint's line in the overview of all endpoints: checks and successes in a range.
struct HistoryUptime
{
    int checks = 0;
    int ok = 0;
    std::optional<double> uptime() const { return checks ? std::optional<double>(double(ok) / checks) : std::nullopt; }
};

// How long each kind of row is kept, in days. Raw attempts are rolled up before they go.
struct HistoryRetention
{
    int rawDays = 7;    // every attempt
    int minuteDays = 1; // per-minute rollups
    int hourDays = 30;  // per-hour rollups
    int dayDays = 365;  // per-day rollups, and the state changes
};

// A report waiting in the outbox: its place in the queue, its CloudEvents id and its JSON.
struct OutboxItem
{
    qint64 seq = 0;
    QString id;
    QByteArray body;
};

// One checked attempt as stored.
struct StoredAttempt
{
    qint64 atMs = 0; // when it ended (UTC ms since the epoch)
    FailureKind kind = FailureKind::Ok;
    std::optional<int> httpStatus;
    std::optional<double> totalMs;
    MonitorState state = MonitorState::Idle;
};

// Every attempt and state change of every endpoint, in SQLite (Qt SQL), so history survives a
// restart. Writes are queued and written together, one transaction per short window, through
// prepared statements: the event loop never waits on the disk for each result. One writer
// connection, WAL, a busy timeout; the schema is versioned (PRAGMA user_version) and migrated.
// Raw attempts are kept for a configurable number of days; before they go, they are rolled up per
// minute (kept a day), per hour (30 days) and per day (a year), so the database stays bounded.
//
// A database that cannot be used is never deleted: one held by another NetPulse (a lock file next
// to it), locked by another program or written by a newer version is left alone and history runs
// in memory for this session; a damaged one is set aside (renamed, with the time) and a new one
// started. A file that stops taking writes (a full disk, another program's lock) keeps what waits
// in memory and is tried again until it takes them. Each case is said once through
// warningRaised(), and so is the end of a write failure.
class HistoryStore : public QObject
{
    Q_OBJECT
public:
    enum class Mode
    {
        Disk,
        Memory, // nothing survives this session; the warning says why
    };
    static constexpr int kSchemaVersion = 2;
    static constexpr int kFlushMs = 250;
    // While the file cannot be written (disk full, locked by another program), what waits is
    // kept and tried again this often, up to this many attempts; past it the oldest go, counted.
    static constexpr int kRetryWriteMs = 2000;
    static constexpr int kMaxWaitingAttempts = 100000;
    // How long a write may wait for another program's lock before it is tried again later: the
    // event loop (and the window) never waits longer.
    static constexpr int kBusyTimeoutMs = 200;
    static constexpr int kOpenBusyTimeoutMs = 5000;

    // Opens (or creates) DIR/history.sqlite. An empty directory means memory only, silently.
    explicit HistoryStore(const QString &directory, HistoryRetention retention = HistoryRetention(),
                          QObject *parent = nullptr);
    ~HistoryStore() override;

    static QString defaultDirectory(); // QStandardPaths::AppDataLocation
    static QString fileName() { return QStringLiteral("history.sqlite"); }

    Mode mode() const { return m_mode; }
    QString path() const { return m_path; }
    QStringList warnings() const { return m_warnings; }

    // `atMs`: when it happened (UTC ms since the epoch); -1 for now.
    void recordAttempt(const QString &endpointId, const ProbeResult &result, MonitorState state, qint64 atMs = -1);
    void recordStateChange(const QString &endpointId, const MonitorStatus &status, qint64 atMs = -1);
    // Writes what is queued now (also done every kFlushMs and on destruction).
    void flush();
    // Rolls up and drops what is past its retention; run hourly, and by tests with their own `now`.
    // At start only when the file was last maintained over an hour ago (by this or another run):
    // a `--once` from cron then costs one write, not a maintenance pass each time.
    void maintain(qint64 nowMs);

    // With columnMs > 0 also the range's columns (HistorySummary::columns) for a chart.
    HistorySummary summary(const QString &endpointId, qint64 fromMs, qint64 toMs, qint64 columnMs = 0);
    // Every endpoint's checks and successes in [fromMs, toMs], by endpoint id: hourly rollups where
    // the hours are rolled up (whole hours from fromMs on), raw attempts after. One index seek per
    // endpoint and table, so a thousand endpoints stay well under a second (docs/PERFORMANCE.md).
    QHash<QString, HistoryUptime> overview(qint64 fromMs, qint64 toMs);
    // The outages still going on when the history was last written, by endpoint id: an endpoint
    // whose last recorded state is Retrying or Down. What a restart continues (the outage clock, no
    // second "is down"), instead of starting over.
    // One last checked more than kContinueOutageWithinMs before `nowMs` is not continued: NetPulse
    // did not see the time between.
    struct OngoingOutage
    {
        qint64 sinceMs = 0;                           // its first failed attempt after the last healthy state
        bool retriesSpent = false;                    // Down, not Retrying
        FailureKind kind = FailureKind::NetworkError; // what it went down with (an alert's label)
    };
    static constexpr qint64 kContinueOutageWithinMs = 60 * 60 * 1000;
    QHash<QString, OngoingOutage> ongoingOutages(qint64 nowMs);
    // The newest attempts of all endpoints since `fromMs`, oldest first, at most `limit`.
    QList<QPair<QString, StoredAttempt>> recentAttempts(qint64 fromMs, int limit);
    qint64 attemptCount();

    // The reports' outbox (history/HistoryOutbox.cpp): written at once in its own transaction, not
    // with the next batch, so a report is in the file before anyone tries to send it (a crash of
    // NetPulse loses none; with synchronous=NORMAL a power cut may lose the last moments). At most
    // `capacity` reports wait; the oldest go first, and how many is counted in the file.
    void queueReport(const QString &id, const QByteArray &body, int capacity);
    // When reports were dropped: one notice made by `makeNotice(count)` goes ahead of every waiting
    // report (outside the capacity) and the count restarts, in one transaction.
    void queueDroppedNotice(const std::function<QPair<QString, QByteArray>(qint64 dropped)> &makeNotice);
    // The oldest waiting reports, at most `maxCount` and about `maxBytes` (always at least one).
    QList<OutboxItem> waitingReports(int maxCount, qint64 maxBytes);
    void removeReports(const QList<qint64> &seqs);
    int waitingReportCount(); // reports, not the notice of dropped ones

signals:
    void warningRaised(const QString &warning);

private:
    // When maintain() last finished on this file (UTC ms), or 0.
    qint64 lastMaintainedMs();
    struct Pending;
    bool open(const QString &directory);
    bool openDatabase(const QString &file, QString *problem);
    bool migrate(QString *problem);
    bool applyMigration(const QStringList &statements, int version, QString *problem);
    void openInMemory(const QString &why);
    void setAside(const QString &file, const QString &why);
    void warn(const QString &warning);
    int endpointKey(const QString &endpointId, QString *problem = nullptr);
    void rollUp(qint64 spanMs, qint64 beforeMs);
    bool exec(const QString &sql);
    void writeFailed(const QString &why);
    // Before a read: what waits is written first, unless writes are failing (then only the retry
    // timer tries: a read must not wait on the lock or the disk each time).
    void flushBeforeRead();

    HistoryRetention m_retention;
    Mode m_mode = Mode::Memory;
    QString m_path;
    QString m_connection;
    std::unique_ptr<QLockFile> m_lock;
    QStringList m_warnings;
    QHash<QString, int> m_endpointKeys;
    // This file's numbers for the kinds, read once when it is opened (names are the contract,
    // numbers only the file's).
    QHash<FailureKind, int> m_kindCodes;
    QHash<int, FailureKind> m_kindsByCode;
    std::unique_ptr<Pending> m_pending;
    QTimer m_flushTimer;
    QTimer m_maintenanceTimer;
    bool m_writeFailing = false;
    qint64 m_droppedWhileFailing = 0;
};

} // namespace NetPulse
