// The last-good store on real files: round trip and restart, conditional requests against the
// fault server, what is never stored, corrupt files set aside, an unusable directory, LRU
// eviction, redaction, and a writer SIGKILLed at random moments.
#include <csignal>

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "FaultServer.h"
#include "SmallDisk.h"

#include "cache/ResponseCache.h"
#include "probe/Probe.h"

using namespace NetPulse;
using NetPulse::Demo::FaultServer;

namespace {

CacheEntry entryWithBody(const QByteArray &body)
{
    CacheEntry entry;
    entry.url = QStringLiteral("http://127.0.0.1/x");
    entry.method = "GET";
    entry.status = 200;
    entry.contentType = "application/json";
    entry.fetchedAt = QDateTime::currentDateTimeUtc();
    entry.body = body;
    return entry;
}

} // namespace

class TestResponseCache : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTripAndRestart();
    void filesAreTheOwnersOnly();
    void conditionalRequestAnd304();
    void neverStored_data();
    void neverStored();
    void failureGetsTheFallback();
    void corruptFilesAreSetAside_data();
    void corruptFilesAreSetAside();
    void unusableDirectoryFallsBackToMemory();
    void fullDiskKeepsTheOldFileWhole();
    void evictsLeastRecentlyUsed();
    void secretsStayOutOfNamesAndContents();
    void keyDependsOnWhatMatters();
    void unchangedAnswersAreWrittenOnceAMinute();
    void survivesSigkillAtAnyMoment();

private:
    ProbeResult probe(const ProbeOptions &options);

    FaultServer m_server;
    QNetworkAccessManager m_manager;
};

void TestResponseCache::initTestCase()
{
    qRegisterMetaType<ProbeResult>();
    QVERIFY(m_server.start());
    m_manager.setProxy(QNetworkProxy::NoProxy);
}

ProbeResult TestResponseCache::probe(const ProbeOptions &options)
{
    Probe probe(&m_manager, options);
    QSignalSpy finished(&probe, &Probe::finished);
    probe.start();
    if (!finished.wait(10000))
        return {};
    return finished.at(0).at(0).value<ProbeResult>();
}

void TestResponseCache::roundTripAndRestart()
{
    QTemporaryDir dir;
    const QString key = QStringLiteral("abc");
    {
        ResponseCache cache(dir.path());
        QVERIFY(!cache.get(key).has_value());
        QVERIFY(cache.put(key, entryWithBody("{\"n\":1}")));
        QCOMPARE(cache.get(key)->body, QByteArray("{\"n\":1}"));
        QVERIFY(cache.put(key, entryWithBody("{\"n\":2}")));
    }
    ResponseCache reopened(dir.path()); // what a new process sees
    QCOMPARE(reopened.get(key)->body, QByteArray("{\"n\":2}"));
    QVERIFY(reopened.warnings().isEmpty());
    QVERIFY(!reopened.isMemoryOnly());
}

void TestResponseCache::filesAreTheOwnersOnly()
{
    QTemporaryDir dir;
    const QString path = dir.path() + QStringLiteral("/cache");
    ResponseCache cache(path);
    QVERIFY(cache.put(QStringLiteral("k"), entryWithBody("{}")));
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                            QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    QCOMPARE(QFile::permissions(path + QStringLiteral("/k.npc")) & others, QFileDevice::Permissions());
    QCOMPARE(QFile::permissions(path) & others, QFileDevice::Permissions());
}

void TestResponseCache::conditionalRequestAnd304()
{
    QTemporaryDir dir;
    ResponseCache cache(dir.path());
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/etag"));
    const QString key = ResponseCache::keyFor(options);

    ProbeResult first = probe(options);
    QCOMPARE(first.httpStatus, std::optional<int>(200));
    QVERIFY(!cache.absorb(options, first).has_value());
    const CacheEntry stored = *cache.get(key);
    QCOMPARE(stored.header("ETag"), QByteArray("\"v1\""));
    // With response checks, no conditional request: a 304 carries no body or status to check.
    ProbeOptions checked = options;
    checked.checks.bodyContains = QStringLiteral("v1");
    cache.prepare(&checked);
    QVERIFY(!hasHeader(checked.headers, "If-None-Match"));

    ProbeOptions conditional = options;
    cache.prepare(&conditional);
    QVERIFY(conditional.headers.contains(qMakePair(QByteArray("If-None-Match"), QByteArray("\"v1\""))));
    QCOMPARE(ResponseCache::keyFor(conditional), key);               // our validators do not change the key
    QTRY_VERIFY(QDateTime::currentDateTimeUtc() > stored.fetchedAt); // so the refresh is visible
    const ProbeResult second = probe(conditional);
    QCOMPARE(second.httpStatus, std::optional<int>(304));
    QCOMPARE(second.kind, FailureKind::Ok);
    QVERIFY(second.body.isEmpty());
    cache.absorb(options, second);
    const CacheEntry refreshed = *cache.get(key);
    QCOMPARE(refreshed.body, stored.body); // the body is the stored one, not the empty 304
    QVERIFY(refreshed.fetchedAt > stored.fetchedAt);
}

void TestResponseCache::neverStored_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("why");
    QTest::newRow("304 without an entry") << "/status/304"
                                          << "304 without a stored entry";
    QTest::newRow("no-store") << "/no-store"
                              << "no-store";
    QTest::newRow("JSON that does not parse") << "/bad-json"
                                              << "does not parse";
    QTest::newRow("error status") << "/status/500"
                                  << "not a success";
    QTest::newRow("body cut short") << "/truncated"
                                    << "not a success";
    QTest::newRow("redirect status") << "/status/300"
                                     << "not a 2xx";
}

void TestResponseCache::neverStored()
{
    QFETCH(QString, path);
    QFETCH(QString, why);
    QTemporaryDir dir;
    ResponseCache cache(dir.path());
    ProbeOptions options;
    options.url = m_server.url(path);
    options.maxRedirects = 0;
    const ProbeResult result = probe(options);
    QVERIFY2(cache.whyNotStored(result, false).contains(why), qPrintable(cache.whyNotStored(result, false)));
    cache.absorb(options, result);
    QVERIFY(!cache.get(ResponseCache::keyFor(options)).has_value());
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
}

void TestResponseCache::failureGetsTheFallback()
{
    QTemporaryDir dir;
    ResponseCache cache(dir.path());
    ProbeOptions options;
    options.url = m_server.refusedUrl();
    CacheEntry old = entryWithBody("{\"old\":true}");
    old.fetchedAt = QDateTime::currentDateTimeUtc().addSecs(-300);
    cache.put(ResponseCache::keyFor(options), old);
    const ProbeResult failed = probe(options);
    QCOMPARE(failed.kind, FailureKind::ConnectionRefused);
    const std::optional<CacheFallback> fallback = cache.absorb(options, failed);
    QVERIFY(fallback.has_value());
    QCOMPARE(fallback->cachedAt, old.fetchedAt);
    QVERIFY(fallback->ageMs >= 300000 && fallback->ageMs < 310000);
    QCOMPARE(fallback->bytes, qint64(old.body.size()));
    QCOMPARE(fallback->status, 200);
    QCOMPARE(cache.get(ResponseCache::keyFor(options))->body, old.body); // a failure never replaces data
}

void TestResponseCache::corruptFilesAreSetAside_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("why");
    const QByteArray good = CacheFileFormat::encode(entryWithBody("{\"n\":1}"));
    QTest::newRow("truncated") << good.left(good.size() / 2) << "truncated";
    QTest::newRow("empty") << QByteArray() << "truncated";
    QTest::newRow("random bytes") << QByteArray("\x13\x37 random junk that is not ours") << "not a NetPulse";
    QByteArray future = good;
    future[11] = 9;
    QTest::newRow("future version") << future << "newer NetPulse";
    QByteArray flipped = good;
    flipped[good.size() - 35] = 'X';
    QTest::newRow("wrong checksum") << flipped << "checksum";
}

void TestResponseCache::corruptFilesAreSetAside()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, why);
    QTemporaryDir dir;
    QFile file(dir.path() + QStringLiteral("/k.npc"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
    file.close();
    ResponseCache cache(dir.path());
    QSignalSpy warned(&cache, &ResponseCache::warningRaised);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("k\\.npc is .*")));
    QVERIFY(!cache.get(QStringLiteral("k")).has_value());
    QCOMPARE(warned.size(), 1); // one clear line
    QVERIFY2(warned.at(0).at(0).toString().contains(why), qPrintable(warned.at(0).at(0).toString()));
    QVERIFY(!QFile::exists(file.fileName()));
    const QStringList aside = QDir(dir.path()).entryList({QStringLiteral("k.npc.corrupt-*")});
    QCOMPARE(aside.size(), 1); // renamed, not deleted
    QFile kept(dir.path() + QLatin1Char('/') + aside.first());
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), bytes);
    // The slot is usable again.
    QVERIFY(cache.put(QStringLiteral("k"), entryWithBody("{}")));
    QVERIFY(cache.get(QStringLiteral("k")).has_value());
}

void TestResponseCache::unusableDirectoryFallsBackToMemory()
{
    QTemporaryDir dir;
    // A file where the directory should be: no one, root included, can create the cache there.
    QFile blocker(dir.path() + QStringLiteral("/blocker"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot create .*")));
    ResponseCache cache(blocker.fileName() + QStringLiteral("/cache"));
    QVERIFY(cache.isMemoryOnly());
    QCOMPARE(cache.warnings().size(), 1);
    QVERIFY(cache.warnings().first().contains(QLatin1String("memory only")));
    QVERIFY(cache.put(QStringLiteral("k"), entryWithBody("{\"kept\":1}")));
    QCOMPARE(cache.get(QStringLiteral("k"))->body, QByteArray("{\"kept\":1}"));
}

// A real full disk: the entry already on disk stays whole (a new one is written beside it and
// renamed over it only when complete), new answers are kept in memory, said once, and written
// once the disk has room again.
void TestResponseCache::fullDiskKeepsTheOldFileWhole()
{
    Test::SmallDisk disk;
    if (!disk.problem().isEmpty())
        QSKIP(qPrintable(disk.problem()));
    const QString directory = disk.path() + QStringLiteral("/cache");
    CacheLimits limits;
    limits.retryDiskMs = 0; // try the disk again at every write
    const QByteArray newer = QByteArray("{\"new\":") + QByteArray(8000, '2') + "}";
    {
        ResponseCache cache(directory, limits);
        QVERIFY(cache.put(QStringLiteral("k"), entryWithBody("{\"old\":1}")));
        QVERIFY(disk.fill());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot write .*No space left.*")));
        QVERIFY(cache.put(QStringLiteral("k"), entryWithBody(newer)));
        QVERIFY(cache.isMemoryOnly());
        QVERIFY(cache.put(QStringLiteral("other"), entryWithBody(newer))); // tried again: still full
        QCOMPARE(cache.warnings().size(), 1);                              // said once
        QCOMPARE(cache.get(QStringLiteral("k"))->body, newer);
        {
            ResponseCache reader(directory); // what a restart would find now
            QCOMPARE(reader.get(QStringLiteral("k"))->body, QByteArray("{\"old\":1}"));
        }
        QVERIFY(disk.makeRoom());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral(".*takes writes again.*")));
        QVERIFY(cache.put(QStringLiteral("third"), entryWithBody("{\"third\":3}")));
        QVERIFY(!cache.isMemoryOnly());
        QCOMPARE(cache.warnings().size(), 2);
    }
    ResponseCache again(directory);
    QVERIFY(again.warnings().isEmpty()); // nothing torn, nothing set aside
    QCOMPARE(again.get(QStringLiteral("k"))->body, newer);
    QCOMPARE(again.get(QStringLiteral("other"))->body, newer);
    QCOMPARE(again.get(QStringLiteral("third"))->body, QByteArray("{\"third\":3}"));
}

void TestResponseCache::evictsLeastRecentlyUsed()
{
    QTemporaryDir dir;
    ResponseCache cache(dir.path(), {2000, 4000}); // room for three entries of ~1.25 KB on disk
    const QByteArray body(1000, 'x');
    QVERIFY(!cache.put(QStringLiteral("huge"), entryWithBody(QByteArray(2001, 'x')))); // over the entry cap
    for (const char *key : {"a", "b", "c"})
        QVERIFY(cache.put(QString::fromLatin1(key), entryWithBody(body)));
    // Give the three distinct ages (a oldest), then use "a": "b" becomes the least recently used.
    const QDateTime base = QDateTime::currentDateTimeUtc().addSecs(-100);
    int offset = 0;
    for (const char *key : {"a", "b", "c"}) {
        QFile file(dir.path() + QLatin1Char('/') + QString::fromLatin1(key) + QStringLiteral(".npc"));
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(base.addSecs(offset += 10), QFileDevice::FileModificationTime));
    }
    QVERIFY(cache.get(QStringLiteral("a")).has_value());
    QVERIFY(cache.put(QStringLiteral("d"), entryWithBody(body)));
    QVERIFY(cache.get(QStringLiteral("a")).has_value());
    QVERIFY(!cache.get(QStringLiteral("b")).has_value());
    QVERIFY(cache.get(QStringLiteral("c")).has_value());
    QVERIFY(cache.get(QStringLiteral("d")).has_value());
}

void TestResponseCache::secretsStayOutOfNamesAndContents()
{
    QTemporaryDir dir;
    ResponseCache cache(dir.path());
    ProbeOptions options;
    QUrl url = m_server.url(QStringLiteral("/ok?token=t0k3n&page=1"));
    url.setUserName(QStringLiteral("alice"));
    url.setPassword(QStringLiteral("hunter2"));
    options.url = url;
    options.headers = {{"Authorization", "Bearer s3cr3t"}};
    const ProbeResult result = probe(options);
    QCOMPARE(result.kind, FailureKind::Ok);
    cache.absorb(options, result);
    const QStringList files = QDir(dir.path()).entryList(QDir::Files);
    QCOMPARE(files.size(), 1);
    QFile file(dir.path() + QLatin1Char('/') + files.first());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray contents = file.readAll();
    for (const char *secret : {"hunter2", "alice", "t0k3n", "s3cr3t"}) {
        QVERIFY2(!contents.contains(secret), secret);
        QVERIFY2(!files.first().contains(QLatin1String(secret)), secret);
    }
    QVERIFY(contents.contains("token=***"));
}

void TestResponseCache::keyDependsOnWhatMatters()
{
    ProbeOptions a;
    a.url = QUrl(QStringLiteral("http://127.0.0.1/x"));
    ProbeOptions b = a;
    QCOMPARE(ResponseCache::keyFor(a), ResponseCache::keyFor(b));
    b.method = "HEAD";
    QVERIFY(ResponseCache::keyFor(a) != ResponseCache::keyFor(b));
    b = a;
    b.headers = {{"Authorization", "Bearer one"}};
    ProbeOptions c = a;
    c.headers = {{"Authorization", "Bearer two"}};
    QVERIFY(ResponseCache::keyFor(b) != ResponseCache::keyFor(c));
    QVERIFY(ResponseCache::keyFor(a) != ResponseCache::keyFor(b));
}

// A fleet of healthy endpoints must not cost a disk write per check: an answer identical to the
// stored one only moves fetched-at on in memory, written when the cache closes (or a minute on);
// a changed body is written at once. What get() returns is always the newest.
void TestResponseCache::unchangedAnswersAreWrittenOnceAMinute()
{
    QTemporaryDir dir;
    ProbeOptions options;
    options.url = m_server.url(QStringLiteral("/etag")); // a body that never changes (/ok has the time)
    const QString key = ResponseCache::keyFor(options);
    const QString path = dir.filePath(key + QStringLiteral(".npc"));
    const ProbeResult first = probe(options);
    QCOMPARE(first.kind, FailureKind::Ok);
    QDateTime secondFetch;
    {
        ResponseCache cache(dir.path());
        cache.absorb(options, first);
        const QByteArray written = [&] {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }();
        QVERIFY(!written.isEmpty());
        const QDateTime firstFetch = cache.get(key)->fetchedAt;
        QTRY_VERIFY(QDateTime::currentDateTimeUtc() > firstFetch);

        cache.absorb(options, probe(options)); // the same body: memory only
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), written);
        secondFetch = cache.get(key)->fetchedAt;
        QVERIFY(secondFetch > firstFetch);
        QCOMPARE(cache.get(key)->body, first.body);

        ProbeOptions changed = options;
        ProbeResult other = first;
        other.body = "{\"status\":\"changed\"}";
        other.bytesReceived = other.body.size();
        other.contentLength = other.body.size();
        cache.absorb(changed, other); // a new body: on disk at once
        file.close();
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll() != written);
        cache.absorb(options, probe(options)); // back to the first body, unchanged again later
        secondFetch = cache.get(key)->fetchedAt;
        QTRY_VERIFY(QDateTime::currentDateTimeUtc() > secondFetch);
        cache.absorb(options, probe(options));
        secondFetch = cache.get(key)->fetchedAt;
    } // closing writes what was held in memory
    ResponseCache reopened(dir.path());
    QCOMPARE(reopened.get(key)->fetchedAt, secondFetch);
    QCOMPARE(reopened.get(key)->body, first.body);
}

void TestResponseCache::survivesSigkillAtAnyMoment()
{
    const QString writer = QStringLiteral(NETPULSE_TEST_BIN_DIR "/netpulse-cache-writer");
    QVERIFY(QFile::exists(writer));
    QTemporaryDir dir;
    QRandomGenerator random(1129);
    constexpr int kKills = 200;
    int filesChecked = 0;
    int torn = 0;
    int acknowledged = 0;
    QHash<QString, qint64> lastAck; // across runs: what must never be lost
    for (int kill = 0; kill < kKills; ++kill) {
        QProcess process;
        // Sequence numbers keep growing across runs, so "not older than acknowledged" can be checked.
        process.start(writer, {dir.path(), QString::number(qint64(kill) * 1000000 + 1)});
        QVERIFY(process.waitForStarted(5000));
        // Kill after a random number of acknowledged writes: the next write is then at a random stage.
        const int acksWanted = 1 + int(random.bounded(12));
        QByteArray output;
        int acks = 0;
        while (acks < acksWanted) {
            QVERIFY(process.waitForReadyRead(10000));
            output += process.readAllStandardOutput();
            acks = int(output.count('\n'));
        }
        ::kill(pid_t(process.processId()), SIGKILL);
        QVERIFY(process.waitForFinished(5000));
        output += process.readAllStandardOutput();
        for (const QByteArray &line : output.split('\n')) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() == 3 && parts.at(0) == "ack") {
                lastAck[QString::fromLatin1(parts.at(1))] = parts.at(2).toLongLong();
                ++acknowledged;
            }
        }
        ResponseCache cache(dir.path());
        for (const QString &name : QDir(dir.path()).entryList({QStringLiteral("*.npc")}, QDir::Files)) {
            QFile file(dir.path() + QLatin1Char('/') + name);
            QVERIFY(file.open(QIODevice::ReadOnly));
            CacheFileFormat::Problem problem = CacheFileFormat::Problem::None;
            ++filesChecked;
            if (!CacheFileFormat::decode(file.readAll(), &problem))
                ++torn;
        }
        for (auto it = lastAck.cbegin(); it != lastAck.cend(); ++it) {
            const std::optional<CacheEntry> entry = cache.get(it.key());
            QVERIFY2(entry.has_value(), qPrintable(it.key()));
            const qint64 seq = entry->body.left(entry->body.indexOf(' ')).toLongLong();
            QVERIFY2(
                seq >= it.value(),
                qPrintable(QStringLiteral("%1: stored %2, acknowledged %3").arg(it.key()).arg(seq).arg(it.value())));
        }
    }
    qInfo("SIGKILL test: %d writers killed, %d writes acknowledged, %d files checked, torn: %d", kKills, acknowledged,
          filesChecked, torn);
    QCOMPARE(torn, 0);
    QVERIFY(QDir(dir.path()).entryList({QStringLiteral("*.corrupt-*")}).isEmpty());
}

QTEST_GUILESS_MAIN(TestResponseCache)
#include "TestResponseCache.moc"
