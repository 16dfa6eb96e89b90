#pragma once

#include <optional>

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>

#include "probe/ProbeOptions.h"

namespace NetPulse {

// The last good response for one endpoint, as stored.
struct CacheEntry
{
    QString url; // redacted: never holds credentials
    QByteArray method;
    int status = 0;
    QByteArray contentType;
    HeaderList headers;  // only ETag, Last-Modified, Cache-Control, Date
    QDateTime fetchedAt; // UTC: when this data was last confirmed by the server
    QByteArray body;
    double connectMs = -1, tlsMs = -1, ttfbMs = -1, transferMs = -1, totalMs = -1;

    QByteArray header(const QByteArray &name) const;
};

// What a failure can still show: the cached data, how old it is and how the server's own caching
// rules (Cache-Control max-age, stale-if-error, RFC 9111 / RFC 5861) would label it.
struct CacheFallback
{
    enum class Freshness
    {
        Unknown,
        Fresh,
        Stale,
        StaleIfErrorExpired
    };
    QDateTime cachedAt;
    qint64 ageMs = 0;
    int status = 0;
    qint64 bytes = 0;
    Freshness freshness = Freshness::Unknown;

    static CacheFallback from(const CacheEntry &entry, const QDateTime &now);
    static QString freshnessName(Freshness freshness);
};

// Encodes and decodes the on-disk format (docs/cache-format.md), version 1:
//   "NPCACHE\0" | u32 version | u32 metadata length | u64 body length | metadata JSON | body | SHA-256
// all integers big-endian, the SHA-256 over every byte before it.
class CacheFileFormat
{
public:
    static constexpr quint32 kVersion = 1;
    enum class Problem
    {
        None,
        Truncated,
        Foreign,
        FutureVersion,
        ChecksumMismatch,
        BadMetadata
    };

    static QByteArray encode(const CacheEntry &entry);
    static std::optional<CacheEntry> decode(const QByteArray &bytes, Problem *problem);
    static QString problemText(Problem problem);
};

} // namespace NetPulse

Q_DECLARE_METATYPE(NetPulse::CacheFallback)
