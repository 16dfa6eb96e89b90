// Opening, migrating, setting aside, and the batched writes with their failure handling: one
// file because they share the connection's state (mode, path, the endpoint keys a rolled-back
// write forgets, the waiting rows). Reading, the outbox and maintenance have files of their own
// (HistoryReading.cpp, HistoryOutbox.cpp, HistoryMaintenance.cpp).
#include "history/HistoryStore.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>

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
#include "history/HistoryRows.h"

namespace NetPulse {

using namespace HistoryRows;

namespace {

// SQLite's primary result codes, as Qt's driver reports them (nativeErrorCode).
bool hasCode(const QSqlError &error, std::initializer_list<int> codes)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok && std::find(codes.begin(), codes.end(), code & 0xff) != codes.end();
}

// SQLite's own words ("database is locked"), without Qt's "Unable to execute statement".
QString sqliteWords(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

// SQLITE_BUSY, SQLITE_LOCKED: another connection holds the file.
bool isLockError(const QSqlError &error)
{
    return hasCode(error, {5, 6});
}

// Only these are the row's own fault (SQLITE_TOOBIG, SQLITE_CONSTRAINT, SQLITE_MISMATCH,
// SQLITE_RANGE): the row is dropped with a warning. Anything else (locked, full, read-only, an I/O
// error, a damaged file, no memory, an error without a code) is the file's, and every row waits.
bool isRowError(const QSqlError &error)
{
    return hasCode(error, {18, 19, 20, 25});
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
    QTimer::singleShot(0, this, [this] {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (now - lastMaintainedMs() >= kHourMs)
            maintain(now);
    });
}

HistoryStore::~HistoryStore()
{
    flush();
    if (!m_pending->attempts.isEmpty() || !m_pending->changes.isEmpty())
        qCWarning(lcHistory).noquote() << m_path << "could not be written before closing:" << m_pending->attempts.size()
                                       << "attempts and" << m_pending->changes.size() << "state changes are lost";
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
        exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs));
        return true;
    }
    QSqlDatabase::database(m_connection, false).close();
    if (problem.startsWith(QLatin1String("locked:"))) {
        openInMemory(tr("History is kept in memory for this session: %1 is locked by another program (%2); the "
                        "file is left as it is")
                         .arg(file, problem.mid(7)));
        return true;
    }
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
        exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs));
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
    // Patient at start (a backup holding the file for a moment should not cost a session's
    // history); kBusyTimeoutMs once running, set after the migration.
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kOpenBusyTimeoutMs));
    if (!db.open()) {
        *problem = db.lastError().text();
        return false;
    }
    // A damaged header fails here, before anything is written. A lock is not damage.
    QSqlQuery probe(db);
    if (!probe.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"))) {
        *problem =
            (isLockError(probe.lastError()) ? QStringLiteral("locked:") : QString()) + sqliteWords(probe.lastError());
        return false;
    }
    probe.finish();
    return true;
}

bool HistoryStore::applyMigration(const QStringList &statements, int version, QString *problem)
{
    // One transaction per version: a migration that fails halfway leaves the file as it was.
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    for (const QString &sql : statements) {
        QSqlQuery step(db);
        if (!step.exec(sql)) {
            *problem = step.lastError().text();
            db.rollback();
            return false;
        }
    }
    exec(QStringLiteral("PRAGMA user_version = %1").arg(version));
    if (!db.commit()) {
        *problem = db.lastError().text();
        return false;
    }
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
            QStringLiteral("CREATE INDEX IF NOT EXISTS attempts_endpoint_at ON attempts(endpoint, at)"), // until v2
            QStringLiteral("CREATE TABLE IF NOT EXISTS state_changes(endpoint INTEGER NOT NULL, at INTEGER NOT NULL, "
                           "state INTEGER NOT NULL, reason TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS state_changes_endpoint_at ON state_changes(endpoint, at)"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS rollups(endpoint INTEGER NOT NULL, span INTEGER NOT NULL, "
                           "start INTEGER NOT NULL, checks INTEGER NOT NULL, ok INTEGER NOT NULL, lat_min_us INTEGER, "
                           "lat_max_us INTEGER, p50_us INTEGER, p95_us INTEGER, p99_us INTEGER, failures TEXT NOT "
                           "NULL, PRIMARY KEY(endpoint, span, start)) WITHOUT ROWID"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL)"),
        };
        if (!applyMigration(schema, 1, problem))
            return false;
    }
    if (version < 2) {
        // Version 2: the reports' outbox lives in the same file, so a report made before a crash or
        // while the backend is away is still there at the next start (history/HistoryOutbox.cpp).
        // And the attempts' index covers kind and latency: endpoints write in turns, so one
        // endpoint's rows lie one per page, and a range read through the old index touched a page
        // per row (the overview of 1,000 endpoints: 0.9 s, 80 ms with this index).
        const QStringList schema = {
            QStringLiteral("CREATE TABLE IF NOT EXISTS outbox(seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL "
                           "UNIQUE, at INTEGER NOT NULL, body BLOB NOT NULL)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS attempts_endpoint_at_kind ON attempts(endpoint, at, kind, "
                           "total_us)"),
            QStringLiteral("DROP INDEX IF EXISTS attempts_endpoint_at"),
        };
        if (!applyMigration(schema, 2, problem))
            return false;
    }
    // The kinds' numbers are this file's: a name keeps its number forever, a new name gets the next.
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT OR IGNORE INTO kinds(code, name) "
                                  "VALUES((SELECT COALESCE(MAX(code), -1) + 1 FROM kinds), ?)"));
    for (FailureKind kind : allFailureKinds()) {
        insert.addBindValue(failureKindName(kind));
        insert.exec();
    }
    insert.finish();
    m_kindCodes.clear();
    m_kindsByCode.clear();
    QSqlQuery kinds(db);
    kinds.exec(QStringLiteral("SELECT code, name FROM kinds"));
    while (kinds.next()) {
        const std::optional<FailureKind> kind = failureKindFromName(kinds.value(1).toString());
        m_kindsByCode.insert(kinds.value(0).toInt(), kind.value_or(FailureKind::NetworkError));
        if (kind)
            m_kindCodes.insert(*kind, kinds.value(0).toInt());
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

int HistoryStore::endpointKey(const QString &endpointId, QString *problem)
{
    const auto known = m_endpointKeys.constFind(endpointId);
    if (known != m_endpointKeys.cend())
        return *known;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT OR IGNORE INTO endpoints(id) VALUES(?)"));
    query.addBindValue(endpointId);
    if (!query.exec()) {
        if (problem)
            *problem = sqliteWords(query.lastError());
        return -1;
    }
    query.prepare(QStringLiteral("SELECT key FROM endpoints WHERE id = ?"));
    query.addBindValue(endpointId);
    const int key = query.exec() && query.next() ? query.value(0).toInt() : -1;
    if (key >= 0)
        m_endpointKeys.insert(endpointId, key);
    else if (problem)
        *problem = query.lastError().text();
    return key;
}

void HistoryStore::recordAttempt(const QString &endpointId, const ProbeResult &result, MonitorState state, qint64 atMs)
{
    if (!isVerdictOnServer(result.kind))
        return; // ours (cancelled, netpulse_busy), not the server's: never in the uptime
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
    if (!db.transaction()) {
        writeFailed(sqliteWords(db.lastError()));
        return;
    }
    // A row SQLite refuses for itself is dropped with a warning; a file that refuses every row (full,
    // locked, failing) keeps them all waiting.
    auto failedForTheFile = [&](const QSqlQuery &query) {
        if (isRowError(query.lastError()))
            return false;
        const QString why = sqliteWords(query.lastError());
        db.rollback();
        writeFailed(why);
        return true;
    };
    QSqlQuery attempt(db);
    QSqlQuery change(db);
    if (!attempt.prepare(
            QStringLiteral("INSERT INTO attempts(endpoint, at, kind, status, total_us, connect_us, tls_us, "
                           "ttfb_us, transfer_us, bytes, state) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) ||
        !change.prepare(QStringLiteral("INSERT INTO state_changes(endpoint, at, state, reason) VALUES(?, ?, ?, ?)"))) {
        const QString why = sqliteWords((attempt.lastError().isValid() ? attempt : change).lastError());
        db.rollback();
        writeFailed(why);
        return;
    }
    // An endpoint's key is a row of its own: when even that cannot be written, nothing can.
    auto keyOrGiveUp = [&](const QString &endpoint) {
        QString why;
        const int key = endpointKey(endpoint, &why);
        if (key < 0) {
            db.rollback();
            writeFailed(why);
        }
        return key;
    };
    for (const Pending::Attempt &a : std::as_const(m_pending->attempts)) {
        const int key = keyOrGiveUp(a.endpoint);
        if (key < 0)
            return;
        attempt.addBindValue(key);
        attempt.addBindValue(a.atMs);
        attempt.addBindValue(m_kindCodes.value(a.kind));
        attempt.addBindValue(a.status ? QVariant(*a.status) : QVariant(QMetaType::fromType<int>()));
        attempt.addBindValue(micros(a.timeline.totalMs()));
        attempt.addBindValue(micros(a.timeline.connectMs()));
        attempt.addBindValue(micros(a.timeline.tlsMs()));
        attempt.addBindValue(micros(a.timeline.ttfbMs()));
        attempt.addBindValue(micros(a.timeline.transferMs()));
        attempt.addBindValue(a.bytes);
        attempt.addBindValue(int(a.state));
        if (attempt.exec())
            continue;
        if (failedForTheFile(attempt))
            return;
        qCWarning(lcHistory).noquote() << "an attempt was not written:" << attempt.lastError().text();
    }
    for (const Pending::Change &c : std::as_const(m_pending->changes)) {
        const int key = keyOrGiveUp(c.endpoint);
        if (key < 0)
            return;
        change.addBindValue(key);
        change.addBindValue(c.atMs);
        change.addBindValue(int(c.state));
        change.addBindValue(c.reason.isNull() ? QStringLiteral("") : c.reason); // a null QString binds NULL
        if (change.exec())
            continue;
        if (failedForTheFile(change))
            return;
        qCWarning(lcHistory).noquote() << "a state change was not written:" << change.lastError().text();
    }
    if (!db.commit()) {
        const QString why = sqliteWords(db.lastError());
        db.rollback();
        writeFailed(why);
        return;
    }
    const qsizetype written = m_pending->attempts.size();
    m_pending->attempts.clear();
    m_pending->changes.clear();
    if (m_writeFailing) {
        m_writeFailing = false;
        m_flushTimer.setInterval(kFlushMs);
        QString news = tr("History is written again: the %n attempt(s) kept meanwhile are in %1", nullptr, int(written))
                           .arg(m_path);
        if (m_droppedWhileFailing > 0)
            news += tr("; %n older row(s) could not be kept", nullptr, int(m_droppedWhileFailing));
        m_droppedWhileFailing = 0;
        warn(news);
    }
}

void HistoryStore::flushBeforeRead()
{
    if (!m_writeFailing)
        flush();
}

void HistoryStore::writeFailed(const QString &why)
{
    // Nothing is lost while it fits: the rows wait, bounded, and the write is tried again later.
    // Endpoint keys made inside the rolled-back transaction are gone from the file too.
    m_endpointKeys.clear();
    const qsizetype excess = m_pending->attempts.size() - kMaxWaitingAttempts;
    if (excess > 0) {
        m_pending->attempts.remove(0, excess);
        m_droppedWhileFailing += excess;
    }
    const qsizetype excessChanges = m_pending->changes.size() - kMaxWaitingAttempts;
    if (excessChanges > 0) {
        m_pending->changes.remove(0, excessChanges);
        m_droppedWhileFailing += excessChanges;
    }
    if (!m_writeFailing) {
        m_writeFailing = true;
        warn(tr("History is kept in memory until %1 can be written again (%2)").arg(m_path, why));
    }
    m_flushTimer.start(kRetryWriteMs);
}

} // namespace NetPulse
