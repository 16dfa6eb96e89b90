#include "history/HistoryStore.h"

#include <algorithm>
#include <cmath>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

#include "base/Logging.h"

namespace NetPulse {

namespace {

constexpr qint64 kMinuteMs = 60 * 1000;
constexpr qint64 kHourMs = 60 * kMinuteMs;
constexpr qint64 kDayMs = 24 * kHourMs;

QVariant micros(const std::optional<double> &ms)
{
    return ms ? QVariant(qint64(std::llround(*ms * 1000.0))) : QVariant(QMetaType::fromType<qint64>());
}

std::optional<double> percentile(std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return std::nullopt;
    // Nearest rank, as the live dashboard computes it.
    const size_t rank = size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

QString kindsText(const QHash<FailureKind, int> &counts)
{
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts << failureKindName(it.key()) + QLatin1Char(':') + QString::number(it.value());
    parts.sort();
    return parts.join(QLatin1Char(','));
}

void addKinds(QHash<FailureKind, int> *counts, const QString &text)
{
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList pair = part.split(QLatin1Char(':'));
        if (pair.size() != 2)
            continue;
        if (const std::optional<FailureKind> kind = failureKindFromName(pair.at(0)))
            (*counts)[*kind] += pair.at(1).toInt();
    }
}

} // namespace

// What waits for the next write: a few hundred rows at most between two flushes.
struct HistoryStore::Pending
{
    struct Attempt
    {
        QString endpoint;
        qint64 atMs;
        FailureKind kind;
        std::optional<int> status;
        ProbeTimeline timeline;
        qint64 bytes;
        MonitorState state;
    };
    struct Change
    {
        QString endpoint;
        qint64 atMs;
        MonitorState state;
        QString reason;
    };
    QList<Attempt> attempts;
    QList<Change> changes;
};

HistoryStore::HistoryStore(const QString &directory, HistoryRetention retention, QObject *parent)
    : QObject(parent)
    , m_retention(retention)
    , m_connection(QStringLiteral("netpulse-history-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    , m_pending(std::make_unique<Pending>())
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &HistoryStore::flush);
    if (!open(directory))
        openInMemory(QString());
    m_maintenanceTimer.setInterval(int(kHourMs));
    connect(&m_maintenanceTimer, &QTimer::timeout, this, [this] { maintain(QDateTime::currentMSecsSinceEpoch()); });
    m_maintenanceTimer.start();
    QTimer::singleShot(0, this, [this] { maintain(QDateTime::currentMSecsSinceEpoch()); });
}

HistoryStore::~HistoryStore()
{
    flush();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen()) {
            QSqlQuery(db).exec(QStringLiteral("PRAGMA optimize"));
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(m_connection);
}

QString HistoryStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

void HistoryStore::warn(const QString &warning)
{
    m_warnings << warning;
    qCWarning(lcHistory).noquote() << warning;
    emit warningRaised(warning);
}

bool HistoryStore::exec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (query.exec(sql))
        return true;
    qCWarning(lcHistory).noquote() << sql.left(60) << "failed:" << query.lastError().text();
    return false;
}

bool HistoryStore::open(const QString &directory)
{
    if (directory.isEmpty())
        return false;
    if (!QDir().mkpath(directory)) {
        openInMemory(tr("cannot create %1; history is kept in memory until NetPulse closes").arg(directory));
        return true;
    }
    const QString file = QDir(directory).filePath(fileName());
    // One NetPulse writes a database: a second one (another window, a headless run on the same
    // data) keeps its history in memory instead of fighting over the file.
    m_lock = std::make_unique<QLockFile>(file + QStringLiteral(".lock"));
    m_lock->setStaleLockTime(0); // stale only when its process is gone, never by age
    if (!m_lock->tryLock(0)) {
        qint64 pid = 0;
        QString host;
        QString app;
        m_lock->getLockInfo(&pid, &host, &app);
        m_lock.reset();
        openInMemory(tr("%1 is in use by another NetPulse (process %2); this one keeps its history in memory")
                         .arg(file)
                         .arg(pid));
        return true;
    }
    QString problem;
    if (openDatabase(file, &problem) && migrate(&problem)) {
        m_mode = Mode::Disk;
        m_path = file;
        return true;
    }
    QSqlDatabase::database(m_connection, false).close();
    if (problem.startsWith(QLatin1String("newer:"))) {
        // Not ours to change: a newer NetPulse will read it again.
        openInMemory(tr("%1 was written by a newer NetPulse (%2); it is left as it is and history is kept in "
                        "memory")
                         .arg(file, problem.mid(6)));
        return true;
    }
    setAside(file, problem);
    if (openDatabase(file, &problem) && migrate(&problem)) {
        m_mode = Mode::Disk;
        m_path = file;
        return true;
    }
    QSqlDatabase::database(m_connection, false).close();
    openInMemory(tr("cannot use %1 (%2); history is kept in memory until NetPulse closes").arg(file, problem));
    return true;
}

bool HistoryStore::openDatabase(const QString &file, QString *problem)
{
    QSqlDatabase db = QSqlDatabase::contains(m_connection)
                          ? QSqlDatabase::database(m_connection, false)
                          : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    if (!db.isValid()) {
        *problem = tr("the SQLite driver for Qt is missing (Debian: libqt6sql6-sqlite)");
        return false;
    }
    db.setDatabaseName(file);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        *problem = db.lastError().text();
        return false;
    }
    // A damaged header fails here, before anything is written.
    QSqlQuery probe(db);
    if (!probe.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"))) {
        *problem = probe.lastError().text();
        return false;
    }
    probe.finish();
    return true;
}

bool HistoryStore::migrate(QString *problem)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        *problem = query.lastError().text();
        return false;
    }
    const int version = query.value(0).toInt();
    query.finish(); // a statement left open would block the schema's transaction
    if (version > kSchemaVersion) {
        *problem = QStringLiteral("newer:schema %1, this NetPulse knows %2").arg(version).arg(kSchemaVersion);
        return false;
    }
    // Set before any table exists; harmless afterwards.
    exec(QStringLiteral("PRAGMA auto_vacuum = INCREMENTAL"));
    QSqlQuery wal(db);
    wal.exec(QStringLiteral("PRAGMA journal_mode = WAL"));
    wal.finish();
    exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
    if (version < 1) {
        // Version 1. Compact rows: endpoints and kinds by number, times in ms, durations in µs
        // (SQLite stores small integers in a byte or two).
        const QStringList schema = {
            QStringLiteral("CREATE TABLE IF NOT EXISTS endpoints(key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE)"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS kinds(code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS attempts(endpoint INTEGER NOT NULL, at INTEGER NOT NULL, "
                           "kind INTEGER NOT NULL, status INTEGER, total_us INTEGER, connect_us INTEGER, tls_us "
                           "INTEGER, ttfb_us INTEGER, transfer_us INTEGER, bytes INTEGER, state INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS attempts_endpoint_at ON attempts(endpoint, at)"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS state_changes(endpoint INTEGER NOT NULL, at INTEGER NOT NULL, "
                           "state INTEGER NOT NULL, reason TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS state_changes_endpoint_at ON state_changes(endpoint, at)"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS rollups(endpoint INTEGER NOT NULL, span INTEGER NOT NULL, "
                           "start INTEGER NOT NULL, checks INTEGER NOT NULL, ok INTEGER NOT NULL, lat_min_us INTEGER, "
                           "lat_max_us INTEGER, p50_us INTEGER, p95_us INTEGER, p99_us INTEGER, failures TEXT NOT "
                           "NULL, PRIMARY KEY(endpoint, span, start)) WITHOUT ROWID"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL)"),
        };
        db.transaction();
        for (const QString &sql : schema) {
            QSqlQuery create(db);
            if (!create.exec(sql)) {
                *problem = create.lastError().text();
                db.rollback();
                return false;
            }
        }
        exec(QStringLiteral("PRAGMA user_version = 1"));
        if (!db.commit()) {
            *problem = db.lastError().text();
            return false;
        }
    }
    // The kinds' numbers are this file's: a name keeps its number forever, a new name gets the next.
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT OR IGNORE INTO kinds(code, name) "
                                  "VALUES((SELECT COALESCE(MAX(code), -1) + 1 FROM kinds), ?)"));
    for (FailureKind kind : allFailureKinds()) {
        insert.addBindValue(failureKindName(kind));
        insert.exec();
    }
    return true;
}

void HistoryStore::openInMemory(const QString &why)
{
    QString problem;
    QSqlDatabase::database(m_connection, false).close();
    m_mode = Mode::Memory;
    m_path.clear();
    if (!openDatabase(QStringLiteral(":memory:"), &problem) || !migrate(&problem))
        qCWarning(lcHistory).noquote() << "not even an in-memory history:" << problem;
    if (!why.isEmpty())
        warn(why);
}

void HistoryStore::setAside(const QString &file, const QString &why)
{
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss"));
    const QString aside = file + QStringLiteral(".damaged-") + stamp;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        if (QFile::exists(file + suffix))
            QFile::rename(file + suffix, aside + suffix);
    }
    warn(tr("%1 could not be read (%2): moved aside to %3 and a new history started")
             .arg(file, why, QFileInfo(aside).fileName()));
}

int HistoryStore::endpointKey(const QString &endpointId)
{
    const auto known = m_endpointKeys.constFind(endpointId);
    if (known != m_endpointKeys.cend())
        return *known;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT OR IGNORE INTO endpoints(id) VALUES(?)"));
    query.addBindValue(endpointId);
    query.exec();
    query.prepare(QStringLiteral("SELECT key FROM endpoints WHERE id = ?"));
    query.addBindValue(endpointId);
    const int key = query.exec() && query.next() ? query.value(0).toInt() : -1;
    if (key >= 0)
        m_endpointKeys.insert(endpointId, key);
    return key;
}

void HistoryStore::recordAttempt(const QString &endpointId, const ProbeResult &result, MonitorState state, qint64 atMs)
{
    if (result.kind == FailureKind::Cancelled)
        return; // ours, not the server's
    m_pending->attempts.append({endpointId, atMs < 0 ? QDateTime::currentMSecsSinceEpoch() : atMs, result.kind,
                                result.httpStatus, result.timeline, result.bytesReceived, state});
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void HistoryStore::recordStateChange(const QString &endpointId, const MonitorStatus &status, qint64 atMs)
{
    m_pending->changes.append(
        {endpointId, atMs < 0 ? QDateTime::currentMSecsSinceEpoch() : atMs, status.state, status.reason});
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void HistoryStore::flush()
{
    m_flushTimer.stop();
    if (m_pending->attempts.isEmpty() && m_pending->changes.isEmpty())
        return;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return;
    QHash<QString, int> codes;
    {
        QSqlQuery kinds(db);
        kinds.exec(QStringLiteral("SELECT code, name FROM kinds"));
        while (kinds.next())
            codes.insert(kinds.value(1).toString(), kinds.value(0).toInt());
    }
    db.transaction();
    QSqlQuery attempt(db);
    attempt.prepare(QStringLiteral("INSERT INTO attempts(endpoint, at, kind, status, total_us, connect_us, tls_us, "
                                   "ttfb_us, transfer_us, bytes, state) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const Pending::Attempt &a : std::as_const(m_pending->attempts)) {
        attempt.addBindValue(endpointKey(a.endpoint));
        attempt.addBindValue(a.atMs);
        attempt.addBindValue(codes.value(failureKindName(a.kind)));
        attempt.addBindValue(a.status ? QVariant(*a.status) : QVariant(QMetaType::fromType<int>()));
        attempt.addBindValue(micros(a.timeline.totalMs()));
        attempt.addBindValue(micros(a.timeline.connectMs()));
        attempt.addBindValue(micros(a.timeline.tlsMs()));
        attempt.addBindValue(micros(a.timeline.ttfbMs()));
        attempt.addBindValue(micros(a.timeline.transferMs()));
        attempt.addBindValue(a.bytes);
        attempt.addBindValue(int(a.state));
        if (!attempt.exec())
            qCWarning(lcHistory).noquote() << "an attempt was not written:" << attempt.lastError().text();
    }
    QSqlQuery change(db);
    change.prepare(QStringLiteral("INSERT INTO state_changes(endpoint, at, state, reason) VALUES(?, ?, ?, ?)"));
    for (const Pending::Change &c : std::as_const(m_pending->changes)) {
        change.addBindValue(endpointKey(c.endpoint));
        change.addBindValue(c.atMs);
        change.addBindValue(int(c.state));
        change.addBindValue(c.reason.isNull() ? QStringLiteral("") : c.reason); // a null QString binds NULL
        if (!change.exec())
            qCWarning(lcHistory).noquote() << "a state change was not written:" << change.lastError().text();
    }
    if (!db.commit())
        qCWarning(lcHistory).noquote() << "history not written:" << db.lastError().text();
    m_pending->attempts.clear();
    m_pending->changes.clear();
}

void HistoryStore::rollUp(qint64 spanMs, qint64 beforeMs)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const QString key = QStringLiteral("rolled_until_%1").arg(spanMs);
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    query.addBindValue(key);
    qint64 from = query.exec() && query.next() ? query.value(0).toLongLong() : 0;
    const qint64 until = beforeMs / spanMs * spanMs; // whole buckets only
    if (until <= from)
        return;
    QHash<int, QString> names;
    query.exec(QStringLiteral("SELECT code, name FROM kinds"));
    while (query.next())
        names.insert(query.value(0).toInt(), query.value(1).toString());
    query.prepare(QStringLiteral("SELECT endpoint, at, kind, total_us FROM attempts WHERE at >= ? AND at < ? "
                                 "ORDER BY endpoint, at"));
    query.addBindValue(from);
    query.addBindValue(until);
    query.setForwardOnly(true);
    if (!query.exec())
        return;
    QSqlQuery write(db);
    write.prepare(
        QStringLiteral("INSERT OR REPLACE INTO rollups(endpoint, span, start, checks, ok, lat_min_us, "
                       "lat_max_us, p50_us, p95_us, p99_us, failures) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    int endpoint = -1;
    qint64 bucket = -1;
    int checks = 0;
    int ok = 0;
    std::vector<double> latencies;
    QHash<FailureKind, int> failures;
    auto emitBucket = [&] {
        if (checks == 0)
            return;
        std::sort(latencies.begin(), latencies.end());
        auto us = [](const std::optional<double> &v) {
            return v ? QVariant(qint64(*v)) : QVariant(QMetaType::fromType<qint64>());
        };
        write.addBindValue(endpoint);
        write.addBindValue(spanMs);
        write.addBindValue(bucket);
        write.addBindValue(checks);
        write.addBindValue(ok);
        write.addBindValue(us(latencies.empty() ? std::nullopt : std::optional<double>(latencies.front())));
        write.addBindValue(us(latencies.empty() ? std::nullopt : std::optional<double>(latencies.back())));
        write.addBindValue(us(percentile(latencies, 50)));
        write.addBindValue(us(percentile(latencies, 95)));
        write.addBindValue(us(percentile(latencies, 99)));
        write.addBindValue(kindsText(failures));
        write.exec();
        checks = ok = 0;
        latencies.clear();
        failures.clear();
    };
    db.transaction();
    while (query.next()) {
        const int e = query.value(0).toInt();
        const qint64 b = query.value(1).toLongLong() / spanMs * spanMs;
        if (e != endpoint || b != bucket) {
            emitBucket();
            endpoint = e;
            bucket = b;
        }
        ++checks;
        const std::optional<FailureKind> kind = failureKindFromName(names.value(query.value(2).toInt()));
        if (kind == FailureKind::Ok) {
            ++ok;
            if (!query.value(3).isNull())
                latencies.push_back(query.value(3).toDouble());
        } else {
            ++failures[kind.value_or(FailureKind::NetworkError)];
        }
    }
    emitBucket();
    QSqlQuery mark(db);
    mark.prepare(QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)"));
    mark.addBindValue(key);
    mark.addBindValue(until);
    mark.exec();
    db.commit();
}

void HistoryStore::maintain(qint64 nowMs)
{
    flush();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return;
    // Roll up before anything raw is dropped; each span from the raw attempts themselves.
    for (qint64 span : {kMinuteMs, kHourMs, kDayMs})
        rollUp(span, nowMs);
    const QList<QPair<QString, qint64>> drops = {
        {QStringLiteral("DELETE FROM attempts WHERE endpoint = :e AND at < :t"), nowMs - m_retention.rawDays * kDayMs},
        {QStringLiteral("DELETE FROM state_changes WHERE endpoint = :e AND at < :t"),
         nowMs - m_retention.dayDays * kDayMs},
        {QStringLiteral("DELETE FROM rollups WHERE endpoint = :e AND span = 60000 AND start < :t"),
         nowMs - m_retention.minuteDays * kDayMs},
        {QStringLiteral("DELETE FROM rollups WHERE endpoint = :e AND span = 3600000 AND start < :t"),
         nowMs - m_retention.hourDays * kDayMs},
        {QStringLiteral("DELETE FROM rollups WHERE endpoint = :e AND span = 86400000 AND start < :t"),
         nowMs - m_retention.dayDays * kDayMs},
    };
    QList<int> endpoints;
    QSqlQuery keys(db);
    keys.exec(QStringLiteral("SELECT key FROM endpoints"));
    while (keys.next())
        endpoints << keys.value(0).toInt();
    db.transaction();
    for (const auto &drop : drops) {
        QSqlQuery query(db);
        query.prepare(drop.first);
        for (int endpoint : std::as_const(endpoints)) { // each through the (endpoint, time) index
            query.bindValue(QStringLiteral(":e"), endpoint);
            query.bindValue(QStringLiteral(":t"), drop.second);
            query.exec();
        }
    }
    db.commit();
    exec(QStringLiteral("PRAGMA incremental_vacuum"));
    exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
}

HistorySummary HistoryStore::summary(const QString &endpointId, qint64 fromMs, qint64 toMs)
{
    flush();
    HistorySummary s;
    s.fromMs = fromMs;
    s.toMs = toMs;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const int endpoint = endpointKey(endpointId);
    if (!db.isOpen() || endpoint < 0)
        return s;
    QHash<int, FailureKind> kinds;
    QSqlQuery query(db);
    query.exec(QStringLiteral("SELECT code, name FROM kinds"));
    while (query.next())
        kinds.insert(query.value(0).toInt(),
                     failureKindFromName(query.value(1).toString()).value_or(FailureKind::NetworkError));
    // Raw attempts where they are kept; hourly rollups before that.
    qint64 rawFrom = fromMs;
    query = QSqlQuery(db); // one statement per query object: bound values never carry over
    query.prepare(QStringLiteral("SELECT MIN(at) FROM attempts WHERE endpoint = ?"));
    query.addBindValue(endpoint);
    const qint64 oldestRaw =
        query.exec() && query.next() && !query.value(0).isNull() ? query.value(0).toLongLong() : toMs;
    std::vector<double> latencies;
    if (oldestRaw > fromMs) {
        rawFrom = std::max(fromMs, oldestRaw / kHourMs * kHourMs);
        query = QSqlQuery(db);
        query.prepare(QStringLiteral("SELECT checks, ok, p50_us, p95_us, p99_us, failures FROM rollups "
                                     "WHERE endpoint = ? AND span = ? AND start >= ? AND start < ?"));
        query.addBindValue(endpoint);
        query.addBindValue(kHourMs);
        query.addBindValue(fromMs);
        query.addBindValue(rawFrom);
        if (query.exec()) {
            while (query.next()) {
                s.fromRollups = true;
                s.checks += query.value(0).toInt();
                s.ok += query.value(1).toInt();
                // Each hour's median stands for its successful checks: an approximation, said by fromRollups.
                if (!query.value(2).isNull())
                    latencies.insert(latencies.end(), size_t(std::max(1, query.value(1).toInt())),
                                     query.value(2).toDouble() / 1000.0);
                addKinds(&s.failures, query.value(5).toString());
            }
        }
    }
    query = QSqlQuery(db);
    query.prepare(QStringLiteral("SELECT at, kind, total_us FROM attempts WHERE endpoint = ? AND at >= ? AND at <= ? "
                                 "ORDER BY at"));
    query.addBindValue(endpoint);
    query.addBindValue(rawFrom);
    query.addBindValue(toMs);
    query.setForwardOnly(true);
    if (query.exec()) {
        while (query.next()) {
            ++s.checks;
            const FailureKind kind = kinds.value(query.value(1).toInt(), FailureKind::NetworkError);
            if (kind == FailureKind::Ok) {
                ++s.ok;
                if (!query.value(2).isNull())
                    latencies.push_back(query.value(2).toDouble() / 1000.0);
            } else {
                ++s.failures[kind];
            }
        }
    }
    std::sort(latencies.begin(), latencies.end());
    s.p50 = percentile(latencies, 50);
    s.p95 = percentile(latencies, 95);
    s.p99 = percentile(latencies, 99);
    // Outages from the state changes, kept a year: failing from a change into retrying or down,
    // until the next change into up or degraded.
    query = QSqlQuery(db);
    query.prepare(QStringLiteral("SELECT at, state FROM state_changes WHERE endpoint = ? AND at <= ? ORDER BY at"));
    query.addBindValue(endpoint);
    query.addBindValue(toMs);
    qint64 failingSince = -1; // -1: not failing
    if (query.exec()) {
        while (query.next()) {
            const auto state = MonitorState(query.value(1).toInt());
            const qint64 at = query.value(0).toLongLong();
            const bool failing = state == MonitorState::Retrying || state == MonitorState::Down;
            const bool healthy = state == MonitorState::Up || state == MonitorState::Degraded;
            if (failing && failingSince < 0) {
                failingSince = at;
            } else if (healthy && failingSince >= 0) {
                if (at >= fromMs)
                    s.outages.append({std::max(failingSince, fromMs), at, FailureKind::NetworkError, false});
                failingSince = -1;
            }
        }
    }
    if (failingSince >= 0)
        s.outages.append({std::max(failingSince, fromMs), toMs, FailureKind::NetworkError, true});
    // Each outage's kind: the first failed attempt in it, where raw attempts still say.
    for (HistorySummary::Outage &outage : s.outages) {
        query = QSqlQuery(db);
        query.prepare(
            QStringLiteral("SELECT kind FROM attempts WHERE endpoint = ? AND at >= ? AND at <= ? AND kind != ? "
                           "ORDER BY at LIMIT 1"));
        query.addBindValue(endpoint);
        query.addBindValue(outage.startMs - 1000);
        query.addBindValue(outage.endMs);
        query.addBindValue(kinds.key(FailureKind::Ok, -1));
        if (query.exec() && query.next())
            outage.kind = kinds.value(query.value(0).toInt(), FailureKind::NetworkError);
    }
    return s;
}

QList<QPair<QString, StoredAttempt>> HistoryStore::recentAttempts(qint64 fromMs, int limit)
{
    flush();
    QList<QPair<QString, StoredAttempt>> rows;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return rows;
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT e.id, a.at, k.name, a.status, a.total_us, a.state FROM attempts a "
                                 "JOIN endpoints e ON e.key = a.endpoint JOIN kinds k ON k.code = a.kind "
                                 "WHERE a.at >= ? ORDER BY a.at DESC LIMIT ?"));
    query.addBindValue(fromMs);
    query.addBindValue(limit);
    if (!query.exec())
        return rows;
    while (query.next()) {
        StoredAttempt a;
        a.atMs = query.value(1).toLongLong();
        a.kind = failureKindFromName(query.value(2).toString()).value_or(FailureKind::NetworkError);
        if (!query.value(3).isNull())
            a.httpStatus = query.value(3).toInt();
        if (!query.value(4).isNull())
            a.totalMs = query.value(4).toDouble() / 1000.0;
        a.state = MonitorState(query.value(5).toInt());
        rows.prepend({query.value(0).toString(), a});
    }
    return rows;
}

qint64 HistoryStore::attemptCount()
{
    flush();
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    return query.exec(QStringLiteral("SELECT count(*) FROM attempts")) && query.next() ? query.value(0).toLongLong()
                                                                                       : 0;
}

} // namespace NetPulse
