// HistoryStore's reading half: range summaries and recent rows. The writing half (opening,
// migrating, batching, rolling up) is HistoryStore.cpp.
#include <algorithm>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include "base/Logging.h"
#include "history/HistoryRows.h"
#include "history/HistoryStore.h"

namespace NetPulse {

using namespace HistoryRows;

namespace {

// The column holding `atMs`: the last one when rows come in time order (they do), else a new one.
HistorySummary::Column &columnAt(QList<HistorySummary::Column> *columns, qint64 fromMs, qint64 columnMs, qint64 atMs)
{
    const qint64 start = fromMs + std::max<qint64>(0, atMs - fromMs) / columnMs * columnMs;
    if (columns->isEmpty() || columns->constLast().startMs != start) {
        HistorySummary::Column column;
        column.startMs = start;
        columns->append(column);
    }
    return columns->last();
}

} // namespace

QHash<QString, HistoryUptime> HistoryStore::overview(qint64 fromMs, qint64 toMs)
{
    flushBeforeRead();
    QHash<QString, HistoryUptime> result;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return result;
    QSqlQuery meta(db);
    meta.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    meta.addBindValue(QStringLiteral("rolled_until_%1").arg(kHourMs));
    const qint64 rolledUntil = meta.exec() && meta.next() ? meta.value(0).toLongLong() : 0;
    meta.finish();
    // Hours from fromMs (rounded up to a whole hour) to where the rollups end; raw rows after.
    const qint64 hoursFrom = (fromMs + kHourMs - 1) / kHourMs * kHourMs;
    const qint64 rawFrom = std::clamp(rolledUntil, fromMs, toMs);
    QSqlQuery hours(db);
    hours.prepare(QStringLiteral("SELECT SUM(checks), SUM(ok) FROM rollups WHERE endpoint = ? AND span = ? "
                                 "AND start >= ? AND start < ?"));
    QSqlQuery raw(db);
    raw.prepare(QStringLiteral("SELECT COUNT(*), SUM(kind = ?) FROM attempts WHERE endpoint = ? AND at >= ? "
                               "AND at <= ?"));
    QSqlQuery endpoints(db);
    endpoints.setForwardOnly(true);
    if (!endpoints.exec(QStringLiteral("SELECT key, id FROM endpoints")))
        return result;
    const int okCode = m_kindCodes.value(FailureKind::Ok);
    while (endpoints.next()) {
        const int key = endpoints.value(0).toInt();
        HistoryUptime line;
        if (rawFrom > hoursFrom) {
            hours.addBindValue(key);
            hours.addBindValue(kHourMs);
            hours.addBindValue(hoursFrom);
            hours.addBindValue(rawFrom);
            if (hours.exec() && hours.next()) {
                line.checks += hours.value(0).toInt();
                line.ok += hours.value(1).toInt();
            }
            hours.finish();
        }
        raw.addBindValue(okCode);
        raw.addBindValue(key);
        raw.addBindValue(rawFrom);
        raw.addBindValue(toMs);
        if (raw.exec() && raw.next()) {
            line.checks += raw.value(0).toInt();
            line.ok += raw.value(1).toInt();
        }
        raw.finish();
        if (line.checks > 0)
            result.insert(endpoints.value(1).toString(), line);
    }
    return result;
}

HistorySummary HistoryStore::summary(const QString &endpointId, qint64 fromMs, qint64 toMs, qint64 columnMs)
{
    flushBeforeRead();
    HistorySummary s;
    s.fromMs = fromMs;
    s.toMs = toMs;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const int endpoint = endpointKey(endpointId);
    if (!db.isOpen() || endpoint < 0)
        return s;
    const QHash<int, FailureKind> &kinds = m_kindsByCode;
    QSqlQuery query(db);
    // The last day from the raw attempts; before that, hourly rollups (a month of raw rows would
    // take tens of milliseconds to read), and raw rows only where no rollup covers them yet.
    query = QSqlQuery(db); // one statement per query object: bound values never carry over
    query.prepare(QStringLiteral("SELECT MIN(at) FROM attempts WHERE endpoint = ?"));
    query.addBindValue(endpoint);
    const qint64 oldestRaw =
        query.exec() && query.next() && !query.value(0).isNull() ? query.value(0).toLongLong() : toMs;
    query = QSqlQuery(db);
    query.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    query.addBindValue(QStringLiteral("rolled_until_%1").arg(kHourMs));
    const qint64 rolledUntil = query.exec() && query.next() ? query.value(0).toLongLong() : 0;
    const qint64 lastDay = (toMs - kDayMs) / kHourMs * kHourMs;
    const qint64 boundary = std::max(oldestRaw / kHourMs * kHourMs, std::min(lastDay, rolledUntil));
    qint64 rawFrom = fromMs;
    std::vector<double> latencies;
    if (boundary > fromMs) {
        rawFrom = boundary;
        query = QSqlQuery(db);
        query.prepare(QStringLiteral("SELECT checks, ok, p50_us, p95_us, p99_us, failures, start, lat_max_us FROM "
                                     "rollups WHERE endpoint = ? AND span = ? AND start >= ? AND start < ? ORDER BY "
                                     "start"));
        query.addBindValue(endpoint);
        query.addBindValue(kHourMs);
        query.addBindValue(fromMs);
        query.addBindValue(rawFrom);
        if (query.exec()) {
            while (query.next()) {
                s.fromRollups = true;
                s.checks += query.value(0).toInt();
                s.ok += query.value(1).toInt();
                if (columnMs > 0) {
                    QHash<FailureKind, int> failed;
                    addKinds(&failed, query.value(5).toString());
                    HistorySummary::Column &column =
                        columnAt(&s.columns, fromMs, columnMs, query.value(6).toLongLong());
                    if (!query.value(7).isNull())
                        column.maxOkMs = std::max(column.maxOkMs.value_or(0.0), query.value(7).toDouble() / 1000.0);
                    for (auto it = failed.cbegin(); it != failed.cend(); ++it)
                        (failureFamily(it.key()) == FailureFamily::Http ? column.httpFailed : column.otherFailed) =
                            true;
                }
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
            HistorySummary::Column *column =
                columnMs > 0 ? &columnAt(&s.columns, fromMs, columnMs, query.value(0).toLongLong()) : nullptr;
            if (kind == FailureKind::Ok) {
                ++s.ok;
                if (!query.value(2).isNull()) {
                    const double ms = query.value(2).toDouble() / 1000.0;
                    latencies.push_back(ms);
                    if (column)
                        column->maxOkMs = std::max(column->maxOkMs.value_or(0.0), ms);
                }
            } else {
                ++s.failures[kind];
                if (column)
                    (failureFamily(kind) == FailureFamily::Http ? column->httpFailed : column->otherFailed) = true;
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
        query.addBindValue(m_kindCodes.value(FailureKind::Ok, -1));
        if (query.exec() && query.next())
            outage.kind = kinds.value(query.value(0).toInt(), FailureKind::NetworkError);
    }
    return s;
}

QHash<QString, HistoryStore::OngoingOutage> HistoryStore::ongoingOutages(qint64 nowMs)
{
    flushBeforeRead();
    QHash<QString, OngoingOutage> outages;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return outages;
    // Each endpoint's last state change (the last written, should two share a millisecond), when it
    // is a failing one and no ok attempt came after it; then that episode's start: the first failed
    // attempt after its last healthy state (or the first failing change); when it was last checked;
    // and the kind it went down with (the alert's label).
    const QString lastHealthy = QStringLiteral("COALESCE((SELECT MAX(h.at) FROM state_changes h WHERE h.endpoint = "
                                               "s.endpoint AND h.state IN (%1, %2)), 0)")
                                    .arg(int(MonitorState::Up))
                                    .arg(int(MonitorState::Degraded));
    const QString firstDown =
        QStringLiteral("(SELECT MIN(d.at) FROM state_changes d WHERE d.endpoint = s.endpoint AND d.state = %1 AND "
                       "d.at > %2)")
            .arg(int(MonitorState::Down))
            .arg(lastHealthy);
    QSqlQuery query(db);
    query.prepare(
        QStringLiteral(
            "SELECT e.id, s.state, s.at, "
            "(SELECT MIN(a.at) FROM attempts a JOIN kinds k ON k.code = a.kind WHERE a.endpoint = s.endpoint AND "
            "k.name != 'ok' AND a.at > %1), "
            "(SELECT MIN(f.at) FROM state_changes f WHERE f.endpoint = s.endpoint AND f.at > %1), "
            "(SELECT MAX(a.at) FROM attempts a WHERE a.endpoint = s.endpoint), "
            "(SELECT k.name FROM attempts a JOIN kinds k ON k.code = a.kind WHERE a.endpoint = s.endpoint AND "
            "k.name != 'ok' AND a.at <= COALESCE(%2, s.at) + 1000 ORDER BY a.at DESC LIMIT 1) "
            "FROM state_changes s JOIN endpoints e ON e.key = s.endpoint "
            "WHERE s.rowid = (SELECT l.rowid FROM state_changes l WHERE l.endpoint = s.endpoint "
            "ORDER BY l.at DESC, l.rowid DESC LIMIT 1) AND s.state IN (%3, %4) AND NOT EXISTS "
            "(SELECT 1 FROM attempts o JOIN kinds k ON k.code = o.kind WHERE o.endpoint = s.endpoint AND "
            "o.at > s.at AND k.name = 'ok')")
            .arg(lastHealthy, firstDown)
            .arg(int(MonitorState::Retrying))
            .arg(int(MonitorState::Down)));
    if (!query.exec()) {
        qCWarning(lcHistory).noquote() << "ongoing outages:" << query.lastError().text();
        return outages;
    }
    while (query.next()) {
        const qint64 changedAt = query.value(2).toLongLong();
        const qint64 checkedAt = std::max(changedAt, query.value(5).toLongLong());
        // Not watched for longer than this: what it is now is not known, so it starts afresh.
        if (nowMs - checkedAt > kContinueOutageWithinMs)
            continue;
        OngoingOutage outage;
        outage.retriesSpent = MonitorState(query.value(1).toInt()) == MonitorState::Down;
        outage.sinceMs = !query.value(3).isNull()   ? query.value(3).toLongLong()
                         : !query.value(4).isNull() ? query.value(4).toLongLong()
                                                    : changedAt;
        outage.kind = failureKindFromName(query.value(6).toString()).value_or(FailureKind::NetworkError);
        outages.insert(query.value(0).toString(), outage);
    }
    return outages;
}

QList<QPair<QString, StoredAttempt>> HistoryStore::recentAttempts(qint64 fromMs, int limit)
{
    flushBeforeRead();
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
    flushBeforeRead();
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    return query.exec(QStringLiteral("SELECT count(*) FROM attempts")) && query.next() ? query.value(0).toLongLong()
                                                                                       : 0;
}

} // namespace NetPulse
