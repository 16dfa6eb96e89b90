#pragma once

#include <QHash>
#include <QObject>

#include "cache/CacheEntry.h"
#include "probe/ProbeOptions.h"
#include "probe/ProbeResult.h"

namespace NetPulse {

struct CacheLimits
{
    qint64 maxEntryBytes = 4 * 1024 * 1024;  // a body larger than this is not cached
    qint64 maxTotalBytes = 64 * 1024 * 1024; // beyond this, least recently used entries go
    // An answer identical to the stored one (body, status, type, validators) only moves the entry's
    // fetched-at and timings on. Those are kept in memory and written at most this often, and when
    // the cache closes: a fleet of healthy endpoints then costs no disk write (two fsyncs) per check,
    // and a crash can only make the stored data look older than it is, never newer.
    qint64 rewriteUnchangedMs = 60 * 1000;
    // After a write failed (a full disk), the disk is tried again this often; in between the
    // cache keeps to memory, and on success what it kept there is written.
    qint64 retryDiskMs = 60 * 1000;
};

// The last good response per endpoint, on disk under the cache directory, so it survives failures
// and restarts. Writes are atomic (QSaveFile, then the directory is synced): a crash or SIGKILL at
// any moment leaves the old entry or the new one, never a torn file, and once put() returns true
// the entry survives a crash. Files are the owner's only. A file that does not decode is renamed
// aside with one warning and treated as a miss; a directory that cannot be written degrades to
// memory only, with a warning, and monitoring goes on.
class ResponseCache : public QObject
{
    Q_OBJECT
public:
    explicit ResponseCache(const QString &directory, CacheLimits limits = CacheLimits(), QObject *parent = nullptr);
    ~ResponseCache() override; // writes the fetched-at of unchanged answers still held in memory

    // QStandardPaths::CacheLocation + "/responses".
    static QString defaultDirectory();
    // SHA-256 over method, URL and the request headers the user set: the key never reveals a
    // credential, yet different credentials get different entries.
    static QString keyFor(const ProbeOptions &options);

    bool isMemoryOnly() const { return m_memoryOnly; }
    QStringList warnings() const { return m_warnings; }

    std::optional<CacheEntry> get(const QString &key);
    // True once the entry is durable (or held in memory when the disk is unusable).
    bool put(const QString &key, const CacheEntry &entry);

    // The probe-facing policy, in one place for the monitor and the one-shot mode:
    // adds If-None-Match / If-Modified-Since from the stored entry.
    void prepare(ProbeOptions *options);
    // Stores a complete good response, refreshes the entry on 304, and for a failure returns
    // what can still be shown.
    std::optional<CacheFallback> absorb(const ProbeOptions &options, const ProbeResult &result);
    // Why this result is not stored (empty when it is storable).
    QString whyNotStored(const ProbeResult &result, bool haveEntry) const;

signals:
    void warningRaised(const QString &message);

private:
    // What this process knows a key holds, without its body: every probe consults the stored
    // validators (prepare) and every failure the stored age (absorb), and neither should read and
    // checksum up to 4 MiB from disk each time. Kept in step by get(), put(), evict() and setAside().
    struct Known
    {
        CacheEntry meta; // body left empty
        qint64 bodyBytes = 0;
        QByteArray bodyDigest;
        qint64 diskFetchedAtMs = 0; // the fetched-at the file on disk holds
        bool unwritten = false;     // meta is newer than the file (an unchanged answer since)
    };
    std::optional<Known> peek(const QString &key);
    void remember(const QString &key, const CacheEntry &entry);
    static bool sameContent(const Known &known, const CacheEntry &entry);
    void writeUnwritten();

    QString pathFor(const QString &key) const;
    void warn(const QString &message);
    void setAside(const QString &path, const QString &why);
    // `retry`: a write failed (the disk may have room again later); otherwise the directory
    // itself cannot be used, until restart.
    void switchToMemory(const QString &why, bool retry = false);
    void tryDiskAgain();
    void evict();
    qint64 m_totalBytes = -1; // bytes of every entry file; -1 until a listing counted them

    QString m_directory;
    CacheLimits m_limits;
    bool m_memoryOnly = false;
    bool m_retryDisk = false;
    qint64 m_diskFailedAtMs = 0;
    QHash<QString, CacheEntry> m_memory;
    QHash<QString, Known> m_known;
    QStringList m_warnings;
};

} // namespace NetPulse
