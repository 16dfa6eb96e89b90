#include "cache/ResponseCache.h"

#include <algorithm>
#include <fcntl.h>
#include <unistd.h>
#include <utility>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

#include "base/Logging.h"
#include "base/WholeFile.h"
#include "probe/Redactor.h"

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class ResponseCacheWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::ResponseCache)
};

} // namespace

namespace {

const QString kSuffix = QStringLiteral(".npc");
// The response headers an entry keeps: what conditional requests and freshness need, nothing that
// could carry a secret (Set-Cookie never).
const QByteArray kKeptHeaders[] = {"ETag", "Last-Modified", "Cache-Control", "Date"};

bool isJsonType(const QByteArray &contentType)
{
    const QByteArray type = contentType.split(';').first().trimmed().toLower();
    return type == "application/json" || type.endsWith("+json");
}

void syncDirectory(const QString &directory)
{
    // The rename is only durable once the directory entry is on disk too.
    const int fd = ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

ResponseCache::ResponseCache(const QString &directory, CacheLimits limits, QObject *parent)
    : QObject(parent)
    , m_directory(directory)
    , m_limits(limits)
{
    QDir dir;
    if (!dir.mkpath(m_directory)) {
        switchToMemory(ResponseCacheWords::tr("cannot create %1").arg(m_directory));
        return;
    }
    QFile::setPermissions(m_directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    if (!QFileInfo(m_directory).isWritable()) {
        switchToMemory(ResponseCacheWords::tr("%1 is not writable").arg(m_directory));
        return;
    }
    // A writer killed mid-save leaves QSaveFile's temporary file behind; it never became an entry.
    const QDateTime stale = QDateTime::currentDateTimeUtc().addSecs(-60);
    for (const QFileInfo &info : QDir(m_directory).entryInfoList({QStringLiteral("*.npc.*")}, QDir::Files)) {
        if (!info.fileName().contains(QLatin1String(".corrupt-")) && info.lastModified().toUTC() < stale)
            QFile::remove(info.filePath());
    }
}

ResponseCache::~ResponseCache()
{
    writeUnwritten();
}

void ResponseCache::writeUnwritten()
{
    const QHash<QString, Known> known = m_known; // a copy: get() and put() change it
    for (auto it = known.cbegin(); it != known.cend(); ++it) {
        if (!it->unwritten)
            continue;
        const std::optional<CacheEntry> stored = get(it.key());
        if (!stored || QCryptographicHash::hash(stored->body, QCryptographicHash::Sha256) != it->bodyDigest)
            continue; // gone or changed behind our back: the file stays as it is
        CacheEntry entry = it->meta;
        entry.body = stored->body;
        put(it.key(), entry);
    }
}

QString ResponseCache::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/responses");
}

QString ResponseCache::keyFor(const ProbeOptions &options)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(options.method.toUpper());
    hash.addData("\n");
    hash.addData(options.url.toEncoded(QUrl::FullyEncoded));
    HeaderList headers = options.headers;
    std::sort(headers.begin(), headers.end(),
              [](const auto &a, const auto &b) { return a.first.toLower() < b.first.toLower(); });
    for (const auto &header : headers) {
        const QByteArray name = header.first.toLower();
        if (name == "if-none-match" || name == "if-modified-since")
            continue; // ours, added per probe
        const QByteArray line = "\n" + name + ": " + header.second;
        hash.addData(line);
    }
    return QString::fromLatin1(hash.result().toHex());
}

QString ResponseCache::pathFor(const QString &key) const
{
    return m_directory + QLatin1Char('/') + key + kSuffix;
}

void ResponseCache::warn(const QString &message)
{
    m_warnings.append(message);
    qCWarning(lcCache).noquote() << message;
    emit warningRaised(message);
}

void ResponseCache::switchToMemory(const QString &why, bool retry)
{
    m_diskFailedAtMs = QDateTime::currentMSecsSinceEpoch();
    const bool saidAlready = m_retryDisk; // a retry that failed again: said the first time
    m_retryDisk = retry;
    if (m_memoryOnly)
        return;
    m_memoryOnly = true;
    if (saidAlready)
        return;
    warn(retry ? ResponseCacheWords::tr("%1; keeping cached data in memory and trying the disk again every %2 s")
                     .arg(why)
                     .arg(m_limits.retryDiskMs / 1000)
               : ResponseCacheWords::tr("%1; keeping cached data in memory only until restart").arg(why));
}

void ResponseCache::tryDiskAgain()
{
    // Everything kept in memory goes to disk through put(); the first failure puts the cache
    // back in memory (the rest of what waited with it) and the next try is a retryDiskMs away.
    m_memoryOnly = false;
    const QHash<QString, CacheEntry> waiting = std::exchange(m_memory, {});
    for (auto it = waiting.cbegin(); it != waiting.cend(); ++it) {
        if (m_memoryOnly)
            m_memory.insert(it.key(), it.value());
        else
            put(it.key(), it.value());
    }
    if (!m_memoryOnly) {
        m_retryDisk = false;
        warn(ResponseCacheWords::tr("%1 takes writes again: cached data is on disk").arg(m_directory));
    }
}

void ResponseCache::setAside(const QString &path, const QString &why)
{
    m_known.remove(QFileInfo(path).completeBaseName());
    const QString aside = path + QStringLiteral(".corrupt-") +
                          QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmsszzz"));
    if (QFile::rename(path, aside))
        warn(ResponseCacheWords::tr("%1 is %2: moved aside to %3")
                 .arg(QFileInfo(path).fileName(), why, QFileInfo(aside).fileName()));
    else
        warn(ResponseCacheWords::tr("%1 is %2 and could not be moved aside").arg(QFileInfo(path).fileName(), why));
}

void ResponseCache::remember(const QString &key, const CacheEntry &entry)
{
    Known known{entry, entry.body.size(), QCryptographicHash::hash(entry.body, QCryptographicHash::Sha256),
                entry.fetchedAt.toMSecsSinceEpoch(), false};
    known.meta.body.clear();
    m_known.insert(key, known);
}

bool ResponseCache::sameContent(const Known &known, const CacheEntry &entry)
{
    // Date moves on with every answer, like fetched-at; everything else must be as stored.
    auto withoutDate = [](HeaderList headers) {
        headers.removeIf([](const auto &h) { return h.first.compare("Date", Qt::CaseInsensitive) == 0; });
        return headers;
    };
    const CacheEntry &old = known.meta;
    return old.url == entry.url && old.method == entry.method && old.status == entry.status &&
           old.contentType == entry.contentType && known.bodyBytes == entry.body.size() &&
           withoutDate(old.headers) == withoutDate(entry.headers) &&
           known.bodyDigest == QCryptographicHash::hash(entry.body, QCryptographicHash::Sha256);
}

std::optional<ResponseCache::Known> ResponseCache::peek(const QString &key)
{
    const auto it = m_known.constFind(key);
    if (it != m_known.cend())
        return *it;
    if (!get(key)) // reads it once, and remembers
        return std::nullopt;
    return m_known.value(key);
}

std::optional<CacheEntry> ResponseCache::get(const QString &key)
{
    if (m_memory.contains(key))
        return m_memory.value(key);
    if (m_memoryOnly && !QFileInfo::exists(pathFor(key)))
        return std::nullopt;
    QFile file(pathFor(key));
    if (!file.exists()) {
        m_known.remove(key); // removed behind our back: know nothing of it
        return std::nullopt;
    }
    if (file.size() > m_limits.maxEntryBytes + 1024 * 1024) {
        setAside(file.fileName(), ResponseCacheWords::tr("larger than any entry NetPulse writes"));
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        warn(ResponseCacheWords::tr("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        return std::nullopt;
    }
    const QByteArray bytes = file.readAll();
    file.close();
    CacheFileFormat::Problem problem = CacheFileFormat::Problem::None;
    std::optional<CacheEntry> entry = CacheFileFormat::decode(bytes, &problem);
    if (!entry) {
        setAside(file.fileName(), CacheFileFormat::problemText(problem));
        return std::nullopt;
    }
    const auto known = m_known.constFind(key);
    if (known != m_known.cend() && known->unwritten &&
        known->bodyDigest == QCryptographicHash::hash(entry->body, QCryptographicHash::Sha256)) {
        // An unchanged answer came after the file was written (CacheLimits::rewriteUnchangedMs):
        // the stored body with the newer fetched-at, timings and validators.
        CacheEntry newer = known->meta;
        newer.body = entry->body;
        entry = newer;
    } else {
        remember(key, *entry);
    }
    // Least recently used goes first when the cache is over its limit.
    if (file.open(QIODevice::ReadWrite)) {
        file.setFileTime(QDateTime::currentDateTimeUtc(), QFileDevice::FileModificationTime);
        file.close();
    }
    return entry;
}

bool ResponseCache::put(const QString &key, const CacheEntry &entry)
{
    if (entry.body.size() > m_limits.maxEntryBytes)
        return false;
    if (m_memoryOnly && m_retryDisk && QDateTime::currentMSecsSinceEpoch() - m_diskFailedAtMs >= m_limits.retryDiskMs) {
        m_memory.insert(key, entry); // written with the others, or kept with them
        remember(key, entry);
        tryDiskAgain();
        return true;
    }
    if (m_memoryOnly) {
        m_memory.insert(key, entry);
        remember(key, entry);
        return true;
    }
    const QString path = pathFor(key);
    const qint64 previousBytes = QFileInfo(path).size(); // 0 when there is none
    const QByteArray bytes = CacheFileFormat::encode(entry);
    if (QString why; !writeWholeFile(path, bytes, &why)) {
        switchToMemory(ResponseCacheWords::tr("cannot write %1 (%2)").arg(path, why), true);
        m_memory.insert(key, entry);
        remember(key, entry);
        return true;
    }
    remember(key, entry);
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    syncDirectory(m_directory);
    if (m_totalBytes >= 0)
        m_totalBytes += bytes.size() - previousBytes;
    // The directory is listed only when the total may be over the limit (or is not known yet).
    if (m_totalBytes < 0 || m_totalBytes > m_limits.maxTotalBytes)
        evict();
    return true;
}

void ResponseCache::evict()
{
    QFileInfoList entries =
        QDir(m_directory).entryInfoList({QLatin1Char('*') + kSuffix}, QDir::Files, QDir::Time | QDir::Reversed);
    qint64 total = 0;
    for (const QFileInfo &info : std::as_const(entries))
        total += info.size();
    for (const QFileInfo &info : std::as_const(entries)) { // oldest first
        if (total <= m_limits.maxTotalBytes)
            break;
        if (QFile::remove(info.filePath())) {
            total -= info.size();
            m_known.remove(info.completeBaseName());
        }
    }
    m_totalBytes = total;
}

void ResponseCache::prepare(ProbeOptions *options)
{
    // Response checks read the live status, headers and body: a 304 has none of them.
    if (!options->checks.isEmpty())
        return;
    const std::optional<Known> known = peek(keyFor(*options));
    if (!known)
        return;
    const CacheEntry *entry = &known->meta;
    auto add = [options](const QByteArray &name, const QByteArray &value) {
        if (!value.isEmpty() && !hasHeader(options->headers, name))
            options->headers.append({name, value});
    };
    add("If-None-Match", entry->header("ETag"));
    add("If-Modified-Since", entry->header("Last-Modified"));
}

QString ResponseCache::whyNotStored(const ProbeResult &result, bool haveEntry) const
{
    if (result.kind != FailureKind::Ok)
        return ResponseCacheWords::tr("not a success");
    const int status = result.httpStatus.value_or(0);
    if (status == 304)
        return haveEntry ? QString() : ResponseCacheWords::tr("304 without a stored entry to confirm");
    if (status < 200 || status > 299)
        return ResponseCacheWords::tr("status %1 is not a 2xx answer").arg(status);
    if (headerValue(result.responseHeaders, "Cache-Control").toLower().contains("no-store"))
        return ResponseCacheWords::tr("the server said no-store");
    if (result.contentLength && *result.contentLength != result.bytesReceived)
        return ResponseCacheWords::tr("the body does not match its Content-Length");
    if (result.bytesReceived != result.body.size() || result.body.size() > m_limits.maxEntryBytes)
        return ResponseCacheWords::tr("the body is larger than a cache entry may be");
    if (isJsonType(headerValue(result.responseHeaders, "Content-Type"))) {
        QJsonParseError error;
        QJsonDocument::fromJson(result.body, &error);
        if (error.error != QJsonParseError::NoError)
            return ResponseCacheWords::tr("the body is declared JSON but does not parse (%1)").arg(error.errorString());
    }
    return QString();
}

std::optional<CacheFallback> ResponseCache::absorb(const ProbeOptions &options, const ProbeResult &result)
{
    const QString key = keyFor(options);
    const std::optional<Known> known = peek(key);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (result.kind != FailureKind::Ok) {
        if (!known || !isVerdictOnServer(result.kind) || result.kind == FailureKind::InvalidUrl)
            return std::nullopt;
        CacheFallback fallback = CacheFallback::from(known->meta, now);
        fallback.bytes = known->bodyBytes;
        return fallback;
    }
    if (!whyNotStored(result, known.has_value()).isEmpty())
        return std::nullopt;
    if (result.httpStatus == 304) {
        // RFC 9110 §15.4.5: the stored body is still current; only when we knew that changes.
        auto refreshed = [&](CacheEntry entry) {
            entry.fetchedAt = now;
            for (const QByteArray &name : kKeptHeaders) {
                const QByteArray value = headerValue(result.responseHeaders, name);
                if (value.isEmpty())
                    continue;
                auto it = std::find_if(entry.headers.begin(), entry.headers.end(),
                                       [&](const auto &h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
                if (it != entry.headers.end())
                    it->second = value;
                else
                    entry.headers.append({name, value});
            }
            return entry;
        };
        if (known && !m_memoryOnly && now.toMSecsSinceEpoch() - known->diskFetchedAtMs < m_limits.rewriteUnchangedMs) {
            Known kept = *known;
            kept.meta = refreshed(known->meta);
            kept.unwritten = true;
            m_known.insert(key, kept);
            return std::nullopt;
        }
        // Only here is the body needed: the entry is rewritten with a new fetched-at.
        const std::optional<CacheEntry> stored = get(key);
        if (!stored)
            return std::nullopt;
        CacheEntry entry = refreshed(known ? known->meta : *stored); // the newest meta, the stored body
        entry.body = stored->body;
        put(key, entry);
        return std::nullopt;
    }
    CacheEntry entry;
    entry.url = Redactor::redactUrl(result.url);
    entry.method = options.method;
    entry.status = *result.httpStatus;
    entry.contentType = headerValue(result.responseHeaders, "Content-Type");
    for (const QByteArray &name : kKeptHeaders) {
        const QByteArray value = headerValue(result.responseHeaders, name);
        if (!value.isEmpty())
            entry.headers.append({name, value});
    }
    entry.fetchedAt = now;
    entry.body = result.body;
    const ProbeTimeline &t = result.timeline;
    entry.connectMs = t.connectMs().value_or(-1);
    entry.tlsMs = t.tlsMs().value_or(-1);
    entry.ttfbMs = t.ttfbMs().value_or(-1);
    entry.transferMs = t.transferMs().value_or(-1);
    entry.totalMs = t.totalMs().value_or(-1);
    if (known && !m_memoryOnly && sameContent(*known, entry) &&
        now.toMSecsSinceEpoch() - known->diskFetchedAtMs < m_limits.rewriteUnchangedMs) {
        Known refreshed = *known;
        refreshed.meta = entry;
        refreshed.meta.body.clear();
        refreshed.unwritten = true;
        m_known.insert(key, refreshed);
        return std::nullopt;
    }
    put(key, entry);
    return std::nullopt;
}

} // namespace NetPulse
