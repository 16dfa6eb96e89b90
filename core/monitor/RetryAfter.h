#pragma once

#include <optional>

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace NetPulse {

// Retry-After (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date in any of the three forms a
// recipient must accept (§5.6.7): IMF-fixdate, obsolete RFC 850, and asctime.
struct RetryAfter
{
    // The delay in milliseconds from `now`; nullopt (with `note` saying why) when the value is
    // malformed or negative. A date already past gives 0.
    static std::optional<qint64> parse(const QByteArray &value, const QDateTime &now, QString *note = nullptr);
    static std::optional<QDateTime> parseHttpDate(const QByteArray &value);
};

} // namespace NetPulse
