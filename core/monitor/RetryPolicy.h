#pragma once

#include <optional>

#include <QByteArray>
#include <QSet>
#include <QString>

#include "kinds/FailureKind.h"

namespace NetPulse {

// Which failures are retried on the backoff schedule: the one table, here.
class RetryPolicy
{
public:
    // Retried by default: failures that are often transient. Not retried: the server's considered
    // answer (4xx but 408), TLS, invalid URL, redirect loop, body too large, and the user's cancel.
    static QSet<FailureKind> defaultRetriedKinds();
    // RFC 9110 §9.2.2.
    static bool isIdempotent(const QByteArray &method);

    RetryPolicy();

    void setAllowNonIdempotent(bool allow) { m_allowNonIdempotent = allow; }

    // nullopt when the failure may be retried; otherwise the reason, in words for people.
    std::optional<QString> whyNotRetried(FailureKind kind, std::optional<int> httpStatus,
                                         const QByteArray &method) const;

private:
    QSet<FailureKind> m_kinds;
    bool m_allowNonIdempotent = false;
};

} // namespace NetPulse
