#include "cache/CacheEntry.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtEndian>

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class CacheEntryWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::CacheEntry)
};

} // namespace

namespace {

constexpr char kMagic[8] = {'N', 'P', 'C', 'A', 'C', 'H', 'E', '\0'};
constexpr qsizetype kPrefixSize = 8 + 4 + 4 + 8;
constexpr qsizetype kDigestSize = 32;

std::optional<qint64> directive(const QByteArray &cacheControl, const char *name)
{
    const QRegularExpression pattern(QStringLiteral("(?:^|[,\\s])%1\\s*=\\s*\"?(\\d+)").arg(QLatin1String(name)),
                                     QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(QString::fromLatin1(cacheControl));
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toLongLong() * 1000;
}

} // namespace

QByteArray CacheEntry::header(const QByteArray &name) const
{
    return headerValue(headers, name);
}

CacheFallback CacheFallback::from(const CacheEntry &entry, const QDateTime &now)
{
    CacheFallback fallback;
    fallback.cachedAt = entry.fetchedAt;
    fallback.ageMs = std::max<qint64>(0, entry.fetchedAt.msecsTo(now));
    fallback.status = entry.status;
    fallback.bytes = entry.body.size();
    const QByteArray cacheControl = entry.header("Cache-Control");
    if (const std::optional<qint64> maxAge = directive(cacheControl, "max-age")) {
        if (fallback.ageMs <= *maxAge) {
            fallback.freshness = Freshness::Fresh;
        } else {
            // RFC 5861 §4: stale-if-error extends use past max-age when the origin fails.
            const std::optional<qint64> staleIfError = directive(cacheControl, "stale-if-error");
            fallback.freshness = staleIfError && fallback.ageMs > *maxAge + *staleIfError
                                     ? Freshness::StaleIfErrorExpired
                                     : Freshness::Stale;
        }
    }
    return fallback;
}

QString CacheFallback::freshnessName(Freshness freshness)
{
    switch (freshness) {
    case Freshness::Unknown:
        return QStringLiteral("unknown");
    case Freshness::Fresh:
        return QStringLiteral("fresh");
    case Freshness::Stale:
        return QStringLiteral("stale");
    case Freshness::StaleIfErrorExpired:
        return QStringLiteral("stale_if_error_expired");
    }
    return QStringLiteral("unknown");
}

QByteArray CacheFileFormat::encode(const CacheEntry &entry)
{
    QJsonObject meta;
    meta.insert(QStringLiteral("url"), entry.url);
    meta.insert(QStringLiteral("method"), QString::fromLatin1(entry.method));
    meta.insert(QStringLiteral("status"), entry.status);
    meta.insert(QStringLiteral("content_type"), QString::fromLatin1(entry.contentType));
    meta.insert(QStringLiteral("fetched_at"), entry.fetchedAt.toUTC().toString(Qt::ISODateWithMs));
    QJsonArray headers;
    for (const auto &h : entry.headers)
        headers.append(QJsonArray{QString::fromLatin1(h.first), QString::fromLatin1(h.second)});
    meta.insert(QStringLiteral("headers"), headers);
    QJsonObject timings;
    timings.insert(QStringLiteral("connect"), entry.connectMs);
    timings.insert(QStringLiteral("tls"), entry.tlsMs);
    timings.insert(QStringLiteral("ttfb"), entry.ttfbMs);
    timings.insert(QStringLiteral("transfer"), entry.transferMs);
    timings.insert(QStringLiteral("total"), entry.totalMs);
    meta.insert(QStringLiteral("timings_ms"), timings);
    const QByteArray metaBytes = QJsonDocument(meta).toJson(QJsonDocument::Compact);

    QByteArray out;
    out.reserve(kPrefixSize + metaBytes.size() + entry.body.size() + kDigestSize);
    out.append(kMagic, sizeof kMagic);
    char buffer[8];
    qToBigEndian<quint32>(kVersion, buffer);
    out.append(buffer, 4);
    qToBigEndian<quint32>(quint32(metaBytes.size()), buffer);
    out.append(buffer, 4);
    qToBigEndian<quint64>(quint64(entry.body.size()), buffer);
    out.append(buffer, 8);
    out.append(metaBytes);
    out.append(entry.body);
    out.append(QCryptographicHash::hash(out, QCryptographicHash::Sha256));
    return out;
}

std::optional<CacheEntry> CacheFileFormat::decode(const QByteArray &bytes, Problem *problem)
{
    auto fail = [problem](Problem p) -> std::optional<CacheEntry> {
        *problem = p;
        return std::nullopt;
    };
    *problem = Problem::None;
    // A short file that still starts like ours is a cut-off write; anything else is not ours.
    if (bytes.size() < qsizetype(sizeof kMagic))
        return fail(QByteArray(kMagic, sizeof kMagic).startsWith(bytes) ? Problem::Truncated : Problem::Foreign);
    if (std::memcmp(bytes.constData(), kMagic, sizeof kMagic) != 0)
        return fail(Problem::Foreign);
    if (bytes.size() < kPrefixSize)
        return fail(Problem::Truncated);
    const quint32 version = qFromBigEndian<quint32>(bytes.constData() + 8);
    if (version > kVersion)
        return fail(Problem::FutureVersion);
    if (version == 0)
        return fail(Problem::Foreign);
    const quint64 metaLength = qFromBigEndian<quint32>(bytes.constData() + 12);
    const quint64 bodyLength = qFromBigEndian<quint64>(bytes.constData() + 16);
    const quint64 expected = quint64(kPrefixSize) + metaLength + bodyLength + quint64(kDigestSize);
    if (bodyLength > (quint64(1) << 40) || quint64(bytes.size()) < expected)
        return fail(Problem::Truncated);
    if (quint64(bytes.size()) > expected)
        return fail(Problem::ChecksumMismatch); // trailing bytes: not what was written
    const qsizetype signedLength = qsizetype(expected) - kDigestSize;
    const QByteArray digest =
        QCryptographicHash::hash(QByteArrayView(bytes.constData(), signedLength), QCryptographicHash::Sha256);
    if (digest != QByteArrayView(bytes.constData() + signedLength, kDigestSize))
        return fail(Problem::ChecksumMismatch);

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes.mid(kPrefixSize, qsizetype(metaLength)), &error);
    const QJsonObject meta = document.object();
    CacheEntry entry;
    entry.url = meta.value(QStringLiteral("url")).toString();
    entry.method = meta.value(QStringLiteral("method")).toString().toLatin1();
    entry.status = meta.value(QStringLiteral("status")).toInt();
    entry.contentType = meta.value(QStringLiteral("content_type")).toString().toLatin1();
    entry.fetchedAt = QDateTime::fromString(meta.value(QStringLiteral("fetched_at")).toString(), Qt::ISODateWithMs);
    if (!document.isObject() || entry.status <= 0 || !entry.fetchedAt.isValid())
        return fail(Problem::BadMetadata);
    for (const QJsonValue &value : meta.value(QStringLiteral("headers")).toArray()) {
        const QJsonArray pair = value.toArray();
        entry.headers.append({pair.at(0).toString().toLatin1(), pair.at(1).toString().toLatin1()});
    }
    const QJsonObject timings = meta.value(QStringLiteral("timings_ms")).toObject();
    entry.connectMs = timings.value(QStringLiteral("connect")).toDouble(-1);
    entry.tlsMs = timings.value(QStringLiteral("tls")).toDouble(-1);
    entry.ttfbMs = timings.value(QStringLiteral("ttfb")).toDouble(-1);
    entry.transferMs = timings.value(QStringLiteral("transfer")).toDouble(-1);
    entry.totalMs = timings.value(QStringLiteral("total")).toDouble(-1);
    entry.body = bytes.mid(kPrefixSize + qsizetype(metaLength), qsizetype(bodyLength));
    return entry;
}

QString CacheFileFormat::problemText(Problem problem)
{
    switch (problem) {
    case Problem::None:
        return QStringLiteral("ok");
    case Problem::Truncated:
        return QStringLiteral("truncated");
    case Problem::Foreign:
        return CacheEntryWords::tr("not a NetPulse cache file");
    case Problem::FutureVersion:
        return CacheEntryWords::tr("written by a newer NetPulse (format version above %1)").arg(kVersion);
    case Problem::ChecksumMismatch:
        return CacheEntryWords::tr("checksum mismatch");
    case Problem::BadMetadata:
        return CacheEntryWords::tr("unreadable metadata");
    }
    return QStringLiteral("unreadable");
}

} // namespace NetPulse
