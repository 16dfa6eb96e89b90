// HistoryStore's outbox: reports wait here, in the same database as the history, until a backend
// has taken them. The rows are the reports' own JSON; the outbox does not read them.

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include "base/Logging.h"
#include "history/HistoryStore.h"

namespace NetPulse {

namespace {

constexpr auto kDroppedKey = "outbox_dropped";

} // namespace

void HistoryStore::queueReport(const QString &id, const QByteArray &body, int capacity)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return;
    // Written now, outside the batch: SQLite in WAL mode commits this without waiting for the disk.
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT OR IGNORE INTO outbox(id, at, body) VALUES(?, ?, ?)"));
    insert.addBindValue(id);
    insert.addBindValue(QDateTime::currentMSecsSinceEpoch());
    insert.addBindValue(body);
    if (!insert.exec()) {
        qCWarning(lcHistory).noquote() << "a report was not queued:" << insert.lastError().text();
        return;
    }
    const int excess = waitingReportCount() - std::max(1, capacity);
    if (excess <= 0)
        return;
    db.transaction();
    QSqlQuery drop(db);
    drop.prepare(
        QStringLiteral("DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE seq > 0 ORDER BY seq LIMIT ?)"));
    drop.addBindValue(excess);
    drop.exec();
    QSqlQuery count(db);
    count.prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES(?, ?) "
                                 "ON CONFLICT(key) DO UPDATE SET value = value + excluded.value"));
    count.addBindValue(QString::fromLatin1(kDroppedKey));
    count.addBindValue(drop.numRowsAffected());
    count.exec();
    db.commit();
}

void HistoryStore::queueDroppedNotice(const std::function<QPair<QString, QByteArray>(qint64 dropped)> &makeNotice)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return;
    // One transaction: the count is never lost between being taken and being queued.
    db.transaction();
    QSqlQuery count(db);
    count.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    count.addBindValue(QString::fromLatin1(kDroppedKey));
    const qint64 dropped = count.exec() && count.next() ? count.value(0).toLongLong() : 0;
    count.finish();
    if (dropped <= 0) {
        db.rollback();
        return;
    }
    const auto [id, body] = makeNotice(dropped);
    // Ahead of everything, at a place no report takes (reports count from 1): outside the capacity,
    // so making room never drops the notice itself.
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT OR IGNORE INTO outbox(seq, id, at, body) "
                                  "VALUES((SELECT MIN(COALESCE(MIN(seq), 1), 1) - 1 FROM outbox), ?, ?, ?)"));
    insert.addBindValue(id);
    insert.addBindValue(QDateTime::currentMSecsSinceEpoch());
    insert.addBindValue(body);
    QSqlQuery reset(db);
    reset.prepare(QStringLiteral("DELETE FROM meta WHERE key = ?"));
    reset.addBindValue(QString::fromLatin1(kDroppedKey));
    if (!insert.exec() || !reset.exec()) {
        qCWarning(lcHistory).noquote() << "the dropped reports' notice was not queued:" << insert.lastError().text();
        db.rollback();
        return;
    }
    db.commit();
}

QList<OutboxItem> HistoryStore::waitingReports(int maxCount, qint64 maxBytes)
{
    QList<OutboxItem> items;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT seq, id, body FROM outbox ORDER BY seq LIMIT ?"));
    query.addBindValue(std::max(1, maxCount));
    if (!query.exec())
        return items;
    qint64 bytes = 0;
    while (query.next()) {
        OutboxItem item{query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toByteArray()};
        if (!items.isEmpty() && bytes + item.body.size() > maxBytes)
            break;
        bytes += item.body.size();
        items.append(std::move(item));
    }
    return items;
}

void HistoryStore::removeReports(const QList<qint64> &seqs)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen() || seqs.isEmpty())
        return;
    db.transaction();
    QSqlQuery remove(db);
    remove.prepare(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
    for (qint64 seq : seqs) {
        remove.addBindValue(seq);
        remove.exec();
    }
    db.commit();
}

int HistoryStore::waitingReportCount()
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    // Reports only: the notice of dropped ones (seq <= 0) is not counted against the capacity.
    return query.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE seq > 0")) && query.next()
               ? query.value(0).toInt()
               : 0;
}

} // namespace NetPulse
