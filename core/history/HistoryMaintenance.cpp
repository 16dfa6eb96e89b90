// HistoryStore's upkeep: rolling raw attempts up per minute, hour and day, and dropping what is past
// its retention. Run hourly by the store itself.
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include "base/Logging.h"
#include "history/HistoryRows.h"
#include "history/HistoryStore.h"

namespace NetPulse {

using namespace HistoryRows;

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
    int written = 0;
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
        if (write.exec())
            ++written;
        else
            qCWarning(lcHistory).noquote() << "a rollup was not written:" << write.lastError().text();
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
        const FailureKind kind = m_kindsByCode.value(query.value(2).toInt(), FailureKind::NetworkError);
        if (kind == FailureKind::Ok) {
            ++ok;
            if (!query.value(3).isNull())
                latencies.push_back(query.value(3).toDouble());
        } else {
            ++failures[kind];
        }
    }
    emitBucket();
    qCDebug(lcHistory) << "rolled up span" << spanMs << "from" << from << "until" << until << "rows" << written;
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
    keys.finish(); // an open statement would keep the transaction (and the vacuum) from starting
    db.transaction();
    for (const auto &drop : drops) {
        QSqlQuery query(db);
        query.prepare(drop.first);
        for (int endpoint : std::as_const(endpoints)) { // each through the (endpoint, time) index
            query.bindValue(QStringLiteral(":e"), endpoint);
            query.bindValue(QStringLiteral(":t"), drop.second);
            query.exec();
            qCDebug(lcHistory).noquote() << drop.first.left(40) << "before" << drop.second << "removed"
                                         << query.numRowsAffected();
        }
    }
    db.commit();
    // Give back what the deletions freed. PRAGMA incremental_vacuum frees pages one step of its
    // statement at a time, and Qt steps a statement without columns only once; so when more than a
    // quarter of the file is free (after a day's rows expire, not every hour), VACUUM rewrites it.
    auto pragma = [&db](const QString &name) {
        QSqlQuery query(db);
        return query.exec(QStringLiteral("PRAGMA ") + name) && query.next() ? query.value(0).toLongLong() : 0;
    };
    const qint64 pages = pragma(QStringLiteral("page_count"));
    const qint64 free = pragma(QStringLiteral("freelist_count"));
    if (pages > 0 && free * 4 > pages) {
        QSqlQuery vacuum(db);
        if (!vacuum.exec(QStringLiteral("VACUUM")))
            qCWarning(lcHistory).noquote() << "vacuum:" << vacuum.lastError().text();
        qCDebug(lcHistory) << "vacuumed" << free << "free pages of" << pages;
    }
    exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    QSqlQuery mark(db);
    mark.prepare(QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES('maintained_at', ?)"));
    mark.addBindValue(nowMs);
    mark.exec();
}

qint64 HistoryStore::lastMaintainedMs()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return 0;
    QSqlQuery query(db);
    return query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'maintained_at'")) && query.next()
               ? query.value(0).toLongLong()
               : 0;
}

} // namespace NetPulse
