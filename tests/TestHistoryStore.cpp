// The history database: written in batches, read back after a restart, rolled up before raw rows
// go, and never lost or fought over: damaged files set aside, newer ones and busy ones left alone.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "SmallDisk.h"

#include "history/HistoryStore.h"

using namespace NetPulse;

namespace {

constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kDay = 24 * 60 * kMinute;

ProbeResult result(FailureKind kind, std::optional<int> status = std::nullopt, double totalMs = 10.0)
{
    ProbeResult r;
    r.kind = kind;
    r.httpStatus = status;
    r.timeline.finishedNs = qint64(totalMs * 1e6);
    return r;
}

MonitorStatus status(MonitorState state)
{
    MonitorStatus s;
    s.state = state;
    s.reason = monitorStateName(state);
    return s;
}

QByteArray sha(const QString &path)
{
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace

class TestHistoryStore : public QObject
{
    Q_OBJECT

private slots:
    void survivesARestart();
    void summaryCountsAndPercentiles();
    void outagesComeFromStateChanges();
    void ongoingOutagesAreTheOnesStillGoing();
    void rolledUpBeforeRawRowsGo();
    void cleanHoursAreRolledUpToo();
    void damagedFileIsSetAsideNotDeleted();
    void newerFileIsLeftAlone();
    void secondInstanceKeepsToMemory();
    void unusableDirectoryKeepsToMemory();
    void lockedByAnotherProgramWaitsAndCatchesUp();
    void lockedAtStartIsLeftAlone();
    void fullDiskKeepsAttemptsUntilThereIsRoom();
    void tenThousandAttemptsInOneBurst();
    void migratesFromVersion1();
    void overviewAddsRollupsAndRecentRows();
    void outboxKeepsReportsAcrossARestart();
    void fullOutboxDropsTheOldestAndCountsThem();
};

// What a restart continues: an endpoint whose last state is Down or Retrying, recently checked,
// with no ok answer after; its start is the first failure after its last healthy state, and its
// kind the one it went down with.
void TestHistoryStore::ongoingOutagesAreTheOnesStillGoing()
{
    HistoryStore store{QString()};
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 m = 60 * 1000;
    // Down since the first refusal after it was last up; then a timeout, still down.
    store.recordStateChange(QStringLiteral("down"), status(MonitorState::Up), now - 30 * m);
    store.recordAttempt(QStringLiteral("down"), result(FailureKind::Ok, 200), MonitorState::Up, now - 30 * m);
    store.recordAttempt(QStringLiteral("down"), result(FailureKind::ConnectionRefused), MonitorState::Retrying,
                        now - 9 * m);
    store.recordStateChange(QStringLiteral("down"), status(MonitorState::Retrying), now - 9 * m);
    store.recordAttempt(QStringLiteral("down"), result(FailureKind::ConnectionRefused), MonitorState::Down,
                        now - 8 * m);
    store.recordStateChange(QStringLiteral("down"), status(MonitorState::Down), now - 8 * m);
    store.recordAttempt(QStringLiteral("down"), result(FailureKind::ConnectTimeout), MonitorState::Down, now - m);
    // Retrying when it stopped.
    store.recordStateChange(QStringLiteral("retrying"), status(MonitorState::Retrying), now - 2 * m);
    // Down, but an ok answer came after (no state change written for it): not going on.
    store.recordStateChange(QStringLiteral("answered"), status(MonitorState::Down), now - 5 * m);
    store.recordAttempt(QStringLiteral("answered"), result(FailureKind::Ok, 200), MonitorState::Down, now - 4 * m);
    // Down and then stopped in the same millisecond: the stop was written last.
    store.recordStateChange(QStringLiteral("stopped"), status(MonitorState::Down), now - 3 * m);
    store.recordStateChange(QStringLiteral("stopped"), status(MonitorState::Stopped), now - 3 * m);
    // Down, last checked two hours ago: not watched since, so not continued.
    store.recordStateChange(QStringLiteral("long ago"), status(MonitorState::Down), now - 120 * m);
    store.recordAttempt(QStringLiteral("long ago"), result(FailureKind::ConnectionRefused), MonitorState::Down,
                        now - 120 * m);
    // Up.
    store.recordStateChange(QStringLiteral("up"), status(MonitorState::Up), now - m);

    const QHash<QString, HistoryStore::OngoingOutage> outages = store.ongoingOutages(now);
    QCOMPARE(QSet<QString>(outages.keyBegin(), outages.keyEnd()),
             (QSet<QString>{QStringLiteral("down"), QStringLiteral("retrying")}));
    const HistoryStore::OngoingOutage down = outages.value(QStringLiteral("down"));
    QCOMPARE(down.sinceMs, now - 9 * m);
    QVERIFY(down.retriesSpent);
    QCOMPARE(down.kind, FailureKind::ConnectionRefused);
    QVERIFY(!outages.value(QStringLiteral("retrying")).retriesSpent);
    QCOMPARE(outages.value(QStringLiteral("retrying")).sinceMs, now - 2 * m);
}

void TestHistoryStore::survivesARestart()
{
    QTemporaryDir dir;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    {
        HistoryStore store(dir.path());
        QCOMPARE(store.mode(), HistoryStore::Mode::Disk);
        QVERIFY(store.warnings().isEmpty());
        store.recordAttempt(QStringLiteral("a"), result(FailureKind::Ok, 200, 12.5), MonitorState::Up, now - 2000);
        store.recordAttempt(QStringLiteral("a"), result(FailureKind::ConnectionRefused), MonitorState::Retrying,
                            now - 1000);
        store.recordAttempt(QStringLiteral("b"), result(FailureKind::HttpServerError, 503), MonitorState::Down, now);
        store.recordAttempt(QStringLiteral("b"), result(FailureKind::Cancelled), MonitorState::Stopped, now);
    } // written on the way out
    HistoryStore again(dir.path());
    QCOMPARE(again.mode(), HistoryStore::Mode::Disk);
    QCOMPARE(again.attemptCount(), 3); // a cancel is ours, not the server's: not stored
    const auto rows = again.recentAttempts(now - kMinute, 10);
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(0).first, QStringLiteral("a"));
    QCOMPARE(rows.at(0).second.kind, FailureKind::Ok);
    QCOMPARE(rows.at(0).second.httpStatus, std::optional<int>(200));
    QCOMPARE(rows.at(0).second.totalMs, std::optional<double>(12.5));
    QCOMPARE(rows.at(1).second.kind, FailureKind::ConnectionRefused);
    QCOMPARE(rows.at(2).first, QStringLiteral("b"));
    QCOMPARE(rows.at(2).second.state, MonitorState::Down);
}

void TestHistoryStore::summaryCountsAndPercentiles()
{
    HistoryStore store{QString()}; // memory
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 1; i <= 100; ++i)
        store.recordAttempt(QStringLiteral("e"), result(FailureKind::Ok, 200, double(i)), MonitorState::Up,
                            now - i * 1000);
    for (int i = 0; i < 4; ++i)
        store.recordAttempt(QStringLiteral("e"), result(FailureKind::ConnectTimeout), MonitorState::Down, now - 500);
    store.recordAttempt(QStringLiteral("other"), result(FailureKind::Ok, 200, 999.0), MonitorState::Up, now);
    const HistorySummary s = store.summary(QStringLiteral("e"), now - kDay, now);
    QCOMPARE(s.checks, 104);
    QCOMPARE(s.ok, 100);
    QCOMPARE(s.p50, std::optional<double>(50.0));
    QCOMPARE(s.p95, std::optional<double>(95.0));
    QCOMPARE(s.p99, std::optional<double>(99.0));
    QCOMPARE(s.failures.value(FailureKind::ConnectTimeout), 4);
    QVERIFY(!s.fromRollups);
    // Another endpoint's rows never count.
    QCOMPARE(store.summary(QStringLiteral("nobody"), now - kDay, now).checks, 0);
}

void TestHistoryStore::outagesComeFromStateChanges()
{
    HistoryStore store{QString()};
    const qint64 t = QDateTime::currentMSecsSinceEpoch() - 10 * kMinute;
    store.recordStateChange(QStringLiteral("e"), status(MonitorState::Up), t);
    store.recordAttempt(QStringLiteral("e"), result(FailureKind::ConnectionRefused), MonitorState::Retrying,
                        t + kMinute);
    store.recordStateChange(QStringLiteral("e"), status(MonitorState::Retrying), t + kMinute);
    store.recordStateChange(QStringLiteral("e"), status(MonitorState::Down), t + 2 * kMinute);
    MonitorStatus wordless; // a change without a reason is written too (a null QString would bind NULL)
    wordless.state = MonitorState::Degraded;
    store.recordStateChange(QStringLiteral("e"), wordless, t + 4 * kMinute);
    store.recordStateChange(QStringLiteral("e"), status(MonitorState::Down), t + 6 * kMinute);
    const HistorySummary s = store.summary(QStringLiteral("e"), t, t + 8 * kMinute);
    QCOMPARE(s.outages.size(), 2);
    QCOMPARE(s.outages.at(0).startMs, t + kMinute);
    QCOMPARE(s.outages.at(0).endMs, t + 4 * kMinute);
    QCOMPARE(s.outages.at(0).kind, FailureKind::ConnectionRefused);
    QVERIFY(!s.outages.at(0).ongoing);
    QCOMPARE(s.outages.at(1).startMs, t + 6 * kMinute);
    QVERIFY(s.outages.at(1).ongoing);
}

void TestHistoryStore::rolledUpBeforeRawRowsGo()
{
    QTemporaryDir dir;
    HistoryStore store(dir.path());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 old = (now - 10 * kDay) / (60 * kMinute) * (60 * kMinute) + kMinute; // inside one hour, 10 days ago
    for (int i = 0; i < 30; ++i)
        store.recordAttempt(QStringLiteral("e"), result(FailureKind::Ok, 200, 20.0), MonitorState::Up, old + i * 1000);
    for (int i = 0; i < 10; ++i)
        store.recordAttempt(QStringLiteral("e"), result(FailureKind::HttpServerError, 500), MonitorState::Down,
                            old + (30 + i) * 1000);
    store.recordAttempt(QStringLiteral("e"), result(FailureKind::Ok, 200, 5.0), MonitorState::Up, now - 1000);
    store.maintain(now);
    QCOMPARE(store.attemptCount(), 1); // past the 7 raw days: gone
    const HistorySummary s = store.summary(QStringLiteral("e"), now - 30 * kDay, now);
    QVERIFY(s.fromRollups);
    QCOMPARE(s.checks, 41);
    QCOMPARE(s.ok, 31);
    QCOMPARE(s.failures.value(FailureKind::HttpServerError), 10);
    // Maintenance twice rolls nothing up twice.
    store.maintain(now);
    QCOMPARE(store.summary(QStringLiteral("e"), now - 30 * kDay, now).checks, 41);
}

void TestHistoryStore::cleanHoursAreRolledUpToo()
{
    // An hour without a single failure is a rollup like any other (its failures text is empty,
    // not NULL).
    HistoryStore store{QString()};
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 old = (now - 10 * kDay) / (60 * kMinute) * (60 * kMinute);
    for (int hour = 0; hour < 3; ++hour)
        for (int i = 0; i < 20; ++i)
            store.recordAttempt(QStringLiteral("e"), result(FailureKind::Ok, 200, 7.0), MonitorState::Up,
                                old + hour * 60 * kMinute + i * 1000);
    store.maintain(now);
    const HistorySummary s = store.summary(QStringLiteral("e"), now - 30 * kDay, now);
    QCOMPARE(s.checks, 60);
    QCOMPARE(s.ok, 60);
    QCOMPARE(s.p50, std::optional<double>(7.0));
}

void TestHistoryStore::damagedFileIsSetAsideNotDeleted()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(HistoryStore::fileName());
    QFile garbage(file);
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(8192, 'x'));
    garbage.close();
    const QByteArray before = sha(file);
    HistoryStore store(dir.path());
    QCOMPARE(store.mode(), HistoryStore::Mode::Disk); // a new history, on disk
    QCOMPARE(store.warnings().size(), 1);
    QVERIFY2(store.warnings().first().contains(QLatin1String("moved aside")), qPrintable(store.warnings().first()));
    const QStringList aside = QDir(dir.path()).entryList({HistoryStore::fileName() + QStringLiteral(".damaged-*")});
    QCOMPARE(aside.size(), 1);
    QCOMPARE(sha(dir.filePath(aside.first())), before); // kept byte for byte
    store.recordAttempt(QStringLiteral("e"), result(FailureKind::Ok, 200), MonitorState::Up);
    QCOMPARE(store.attemptCount(), 1);
}

void TestHistoryStore::newerFileIsLeftAlone()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(HistoryStore::fileName());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery(db).exec(QStringLiteral("CREATE TABLE future(x)"));
        QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 99"));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("newer"));
    const QByteArray before = sha(file);
    {
        HistoryStore store(dir.path());
        QCOMPARE(store.mode(), HistoryStore::Mode::Memory);
        QVERIFY2(store.warnings().value(0).contains(QLatin1String("newer NetPulse")),
                 qPrintable(store.warnings().value(0)));
        store.recordAttempt(QStringLiteral("e"), result(FailureKind::Ok, 200), MonitorState::Up);
        QCOMPARE(store.attemptCount(), 1); // monitoring goes on, in memory
    }
    QCOMPARE(sha(file), before);
}

void TestHistoryStore::secondInstanceKeepsToMemory()
{
    QTemporaryDir dir;
    HistoryStore first(dir.path());
    QCOMPARE(first.mode(), HistoryStore::Mode::Disk);
    HistoryStore second(dir.path());
    QCOMPARE(second.mode(), HistoryStore::Mode::Memory);
    QVERIFY2(second.warnings().value(0).contains(QLatin1String("in use by another NetPulse")),
             qPrintable(second.warnings().value(0)));
    second.recordAttempt(QStringLiteral("e"), result(FailureKind::Ok, 200), MonitorState::Up);
    QCOMPARE(second.attemptCount(), 1);
    QCOMPARE(first.attemptCount(), 0); // neither writes into the other
}

void TestHistoryStore::unusableDirectoryKeepsToMemory()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where the directory should be
    blocker.close();
    HistoryStore store(dir.filePath(QStringLiteral("blocker/data")));
    QCOMPARE(store.mode(), HistoryStore::Mode::Memory);
    QVERIFY2(store.warnings().value(0).contains(QLatin1String("cannot create")), qPrintable(store.warnings().value(0)));
    QVERIFY(QFileInfo(blocker.fileName()).isFile()); // untouched
}

// Another program (a backup, sqlite3 by hand) holds the write lock: nothing is lost, the window
// never waits more than the busy timeout per try, and it is said once, and once more when it ends.
void TestHistoryStore::lockedByAnotherProgramWaitsAndCatchesUp()
{
    QTemporaryDir dir;
    HistoryStore store(dir.path());
    QCOMPARE(store.mode(), HistoryStore::Mode::Disk);
    QSignalSpy warnings(&store, &HistoryStore::warningRaised);
    {
        QSqlDatabase locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
        locker.setDatabaseName(store.path());
        QVERIFY(locker.open());
        QSqlQuery lock(locker);
        QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        for (int i = 0; i < 100; ++i)
            store.recordAttempt(QStringLiteral("e"), result(FailureKind::ConnectionRefused), MonitorState::Down);
        store.flush();
        QCOMPARE(warnings.size(), 1);
        const QString said = warnings.at(0).at(0).toString();
        QVERIFY2(said.contains(QLatin1String("kept in memory until")) && said.contains(QLatin1String("locked")),
                 qPrintable(said));
        QCOMPARE(store.attemptCount(), 0); // still waiting, in memory
        QCOMPARE(warnings.size(), 1);      // said once
        QVERIFY(lock.exec(QStringLiteral("COMMIT")));
        locker.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("locker"));
    QTRY_COMPARE_WITH_TIMEOUT(warnings.size(), 2, 3 * HistoryStore::kRetryWriteMs + 5000);
    QVERIFY2(warnings.at(1).at(0).toString().contains(QLatin1String("History is written again")),
             qPrintable(warnings.at(1).at(0).toString()));
    QCOMPARE(store.attemptCount(), 100);
}

// A file another program holds exclusively from the start is not damaged: it is left as it is.
void TestHistoryStore::lockedAtStartIsLeftAlone()
{
    QTemporaryDir dir;
    {
        HistoryStore first(dir.path());
        first.recordAttempt(QStringLiteral("e"), result(FailureKind::Ok, 200), MonitorState::Up);
    }
    const QString file = dir.filePath(HistoryStore::fileName());
    {
        QSqlDatabase locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
        locker.setDatabaseName(file);
        QVERIFY(locker.open());
        QSqlQuery lock(locker);
        QVERIFY(lock.exec(QStringLiteral("PRAGMA locking_mode = EXCLUSIVE")));
        QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        QVERIFY(lock.exec(QStringLiteral("UPDATE attempts SET bytes = bytes")));
        HistoryStore store(dir.path());
        QCOMPARE(store.mode(), HistoryStore::Mode::Memory);
        QVERIFY2(store.warnings().value(0).contains(QLatin1String("locked by another program")),
                 qPrintable(store.warnings().value(0)));
        QVERIFY(QDir(dir.path()).entryList({HistoryStore::fileName() + QStringLiteral(".damaged-*")}).isEmpty());
        QVERIFY(lock.exec(QStringLiteral("COMMIT")));
        locker.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("locker"));
    HistoryStore again(dir.path());
    QCOMPARE(again.mode(), HistoryStore::Mode::Disk);
    QCOMPARE(again.attemptCount(), 1); // the file as it was
}

// A real full disk: a small tmpfs in a mount namespace of this test's own (root only), filled to
// the last byte. Attempts wait in memory while the disk is full and are all written once there is
// room; the file is never damaged.
void TestHistoryStore::fullDiskKeepsAttemptsUntilThereIsRoom()
{
    Test::SmallDisk disk;
    if (!disk.problem().isEmpty())
        QSKIP(qPrintable(disk.problem()));
    int recorded = 0;
    {
        HistoryStore store(disk.path());
        QCOMPARE(store.mode(), HistoryStore::Mode::Disk);
        QSignalSpy warnings(&store, &HistoryStore::warningRaised);
        QVERIFY(disk.fill());
        for (; recorded < 2000 && warnings.isEmpty(); ++recorded) {
            store.recordAttempt(QStringLiteral("e%1").arg(recorded % 10), result(FailureKind::HttpServerError, 503),
                                MonitorState::Down);
            if (recorded % 100 == 99)
                store.flush();
        }
        QVERIFY2(!warnings.isEmpty(), "the disk never filled up");
        const QString said = warnings.at(0).at(0).toString();
        QVERIFY2(said.contains(QLatin1String("kept in memory until")) && said.contains(QLatin1String("full")),
                 qPrintable(said));
        for (int i = 0; i < 500; ++i, ++recorded) // more keeps coming while the disk is full
            store.recordAttempt(QStringLiteral("e1"), result(FailureKind::HttpServerError, 503), MonitorState::Down);
        store.flush();
        QCOMPARE(warnings.size(), 1);
        QVERIFY(disk.makeRoom());
        QTRY_COMPARE_WITH_TIMEOUT(warnings.size(), 2, 3 * HistoryStore::kRetryWriteMs + 5000);
        QVERIFY2(warnings.at(1).at(0).toString().contains(QLatin1String("History is written again")),
                 qPrintable(warnings.at(1).at(0).toString()));
        QCOMPARE(store.attemptCount(), qint64(recorded));
    }
    HistoryStore again(disk.path());
    QCOMPARE(again.mode(), HistoryStore::Mode::Disk);
    QVERIFY(again.warnings().isEmpty()); // not damaged
    QCOMPARE(again.attemptCount(), qint64(recorded));
}

// Ten thousand results between two writes: all of them in the file, in one transaction.
void TestHistoryStore::tenThousandAttemptsInOneBurst()
{
    QTemporaryDir dir;
    HistoryStore store(dir.path());
    for (int i = 0; i < 10000; ++i)
        store.recordAttempt(QStringLiteral("e%1").arg(i % 1000), result(FailureKind::ConnectionRefused),
                            MonitorState::Down);
    QCOMPARE(store.attemptCount(), 10000);
    QVERIFY(store.warnings().isEmpty());
}

void TestHistoryStore::migratesFromVersion1()
{
    // A file as version 1 wrote it (tests/data/history-v1.sql, a dump of a real run).
    QFile dump(QFINDTESTDATA("data/history-v1.sql"));
    QVERIFY(dump.open(QIODevice::ReadOnly));
    QTemporaryDir dir;
    const QString file = dir.filePath(HistoryStore::fileName());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        db.setDatabaseName(file);
        QVERIFY(db.open());
        for (const QString &statement : QString::fromUtf8(dump.readAll()).split(QStringLiteral(";\n"))) {
            const QString sql = statement.trimmed();
            if (!sql.isEmpty() && !sql.startsWith(QLatin1String("--")))
                QVERIFY2(QSqlQuery(db).exec(sql), qPrintable(sql));
        }
        QSqlQuery version(db);
        QVERIFY(version.exec(QStringLiteral("PRAGMA user_version")) && version.next());
        QCOMPARE(version.value(0).toInt(), 1);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));
    const QString endpoint = QStringLiteral("headless:GET http://127.0.0.1:1/health");
    {
        HistoryStore store(dir.path());
        QCOMPARE(store.mode(), HistoryStore::Mode::Disk);
        QVERIFY2(store.warnings().isEmpty(), qPrintable(store.warnings().join(QLatin1Char('\n'))));
        // What version 1 stored reads as before.
        QCOMPARE(store.attemptCount(), 3);
        const HistorySummary summary = store.summary(endpoint, 1796067300000, 1796067400000);
        QCOMPARE(summary.checks, 3);
        QCOMPARE(summary.failures.value(FailureKind::ConnectionRefused), 3);
        QCOMPARE(summary.outages.size(), 1);
        // And what version 2 added works.
        store.queueReport(QStringLiteral("r1"), QByteArrayLiteral("{}"), 10);
        QCOMPARE(store.waitingReportCount(), 1);
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v2"));
    db.setDatabaseName(file);
    QVERIFY(db.open());
    {
        QSqlQuery version(db);
        QVERIFY(version.exec(QStringLiteral("PRAGMA user_version")) && version.next());
        QCOMPARE(version.value(0).toInt(), HistoryStore::kSchemaVersion);
    }
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("v2"));
}

void TestHistoryStore::overviewAddsRollupsAndRecentRows()
{
    const qint64 hour = 60 * kMinute;
    const qint64 now = (QDateTime::currentMSecsSinceEpoch() / hour) * hour + 30 * kMinute;
    const qint64 from = now - 30 * kMinute - 3 * hour; // whole hours
    QTemporaryDir dir;
    HistoryStore store(dir.path());
    int checksA = 0;
    int okA = 0;
    for (qint64 at = from; at < now; at += kMinute) {
        const bool ok = (at / kMinute) % 4 != 0; // every fourth minute fails
        store.recordAttempt(QStringLiteral("a"), result(ok ? FailureKind::Ok : FailureKind::ConnectionRefused),
                            ok ? MonitorState::Up : MonitorState::Down, at);
        ++checksA;
        okA += ok ? 1 : 0;
        if (at >= now - hour)
            store.recordAttempt(QStringLiteral("b"), result(FailureKind::Ok), MonitorState::Up, at);
    }
    store.maintain(now); // the whole hours become rollups; the last half hour stays raw only
    const QHash<QString, HistoryUptime> overview = store.overview(from, now);
    QCOMPARE(overview.size(), 2);
    QCOMPARE(overview.value(QStringLiteral("a")).checks, checksA);
    QCOMPARE(overview.value(QStringLiteral("a")).ok, okA);
    QCOMPARE(overview.value(QStringLiteral("b")).checks, 60);
    QCOMPARE(*overview.value(QStringLiteral("b")).uptime(), 1.0);
    // A range that starts later counts only what lies in it.
    QCOMPARE(store.overview(now - 10 * kMinute, now).value(QStringLiteral("b")).checks, 10);
}

void TestHistoryStore::outboxKeepsReportsAcrossARestart()
{
    QTemporaryDir dir;
    {
        HistoryStore store(dir.path());
        for (int i = 1; i <= 4; ++i)
            store.queueReport(QStringLiteral("id-%1").arg(i), QStringLiteral("{\"n\":%1}").arg(i).toUtf8(), 100);
        store.queueReport(QStringLiteral("id-2"), QByteArrayLiteral("{}"), 100); // the same id is one report
        const QList<OutboxItem> first = store.waitingReports(2, 1 << 20);
        QCOMPARE(first.size(), 2);
        QCOMPARE(first.at(0).id, QStringLiteral("id-1"));
        store.removeReports({first.at(0).seq, first.at(1).seq});
    } // no flush needed: a report is written when it is queued
    HistoryStore again(dir.path());
    const QList<OutboxItem> left = again.waitingReports(10, 1 << 20);
    QCOMPARE(left.size(), 2);
    QCOMPARE(left.at(0).id, QStringLiteral("id-3"));
    QCOMPARE(left.at(1).body, QByteArrayLiteral("{\"n\":4}"));
    // The byte bound keeps a batch small, but never empty.
    QCOMPARE(again.waitingReports(10, 1).size(), 1);
}

void TestHistoryStore::fullOutboxDropsTheOldestAndCountsThem()
{
    HistoryStore store{QString()};
    for (int i = 1; i <= 7; ++i)
        store.queueReport(QStringLiteral("id-%1").arg(i), QByteArrayLiteral("{}"), 3);
    QCOMPARE(store.waitingReportCount(), 3);
    qint64 told = 0;
    auto notice = [&told](qint64 dropped) {
        told = dropped;
        return qMakePair(QStringLiteral("notice-%1").arg(dropped), QByteArrayLiteral("{}"));
    };
    store.queueDroppedNotice(notice);
    QCOMPARE(told, 4);
    told = 0;
    store.queueDroppedNotice(notice); // said once: the count restarted
    QCOMPARE(told, 0);
    // The notice is outside the capacity: making room never drops it.
    store.queueReport(QStringLiteral("id-8"), QByteArrayLiteral("{}"), 3);
    QCOMPARE(store.waitingReportCount(), 3);
    const QList<OutboxItem> items = store.waitingReports(10, 1 << 20);
    QCOMPARE(items.size(), 4);
    QCOMPARE(items.at(0).id, QStringLiteral("notice-4"));
    QCOMPARE(items.at(1).id, QStringLiteral("id-6"));
    store.queueDroppedNotice(notice);
    QCOMPARE(told, 1); // id-5 went for id-8
}

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "TestHistoryStore.moc"
