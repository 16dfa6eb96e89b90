#include "probe/Redactor.h"

#include <QRegularExpression>
#include <QUrlQuery>

namespace NetPulse {

bool Redactor::isSecretQueryKey(const QString &key)
{
    // Substring match on purpose: "api_key", "X-Amz-Signature", "access_token", "client_secret".
    // Masking a harmless "monkey=1" is cheaper than printing one real key.
    static const char *const fragments[] = {"token", "key",  "password", "passwd", "pwd",    "secret",
                                            "sig",   "auth", "session",  "cred",   "private"};
    const QString lower = key.toLower();
    for (const char *fragment : fragments) {
        if (lower.contains(QLatin1String(fragment)))
            return true;
    }
    return false;
}

bool Redactor::isSecretHeader(const QByteArray &name)
{
    const QByteArray lower = name.toLower();
    return lower == "authorization" || lower == "proxy-authorization" || lower == "cookie" || lower == "set-cookie" ||
           lower.contains("token") || lower.contains("api-key") || lower.contains("secret") || lower == "x-api-key";
}

QByteArray Redactor::redactHeaderValue(const QByteArray &name, const QByteArray &value)
{
    return isSecretHeader(name) ? kMask.toLatin1() : value;
}

QString Redactor::redactUrl(const QUrl &url)
{
    if (url.isEmpty())
        return QString();
    QUrl copy = url;
    if (!copy.userInfo().isEmpty())
        copy.setUserInfo(kMask);
    if (copy.hasQuery()) {
        QUrlQuery query(copy);
        auto items = query.queryItems(QUrl::FullyEncoded);
        bool changed = false;
        for (auto &item : items) {
            if (isSecretQueryKey(QUrl::fromPercentEncoding(item.first.toLatin1()))) {
                item.second = kMask;
                changed = true;
            }
        }
        if (changed) {
            query.setQueryItems(items);
            copy.setQuery(query.query(QUrl::FullyEncoded), QUrl::StrictMode);
        }
    }
    if (copy.hasFragment() && isSecretQueryKey(copy.fragment()))
        copy.setFragment(kMask);
    // A URL inside this one (a path or a query value such as ?next=http://user:pw@host) carries
    // its own credentials: the free-text rules catch those (found by FuzzUrlIntake).
    return redactText(copy.toString(QUrl::FullyEncoded));
}

QString Redactor::redactText(const QString &text)
{
    // User information ends where the authority does: at '/', '?' or '#' (RFC 3986 §3.2), so an
    // '@' in a query is not a login (found by FuzzEndpointFile: an export lost a URL's host).
    static const QRegularExpression userInfo(QStringLiteral("(://)[^/?#@\\s]*@"));
    // A URL's query inside free text (Qt's error strings quote the URL): mask secret-looking values
    // as redactUrl does.
    static const QRegularExpression queryItem(QStringLiteral("([?&;])([^=&;\\s#]+)=([^&;\\s#\"'<>)]*)"));
    // Both patterns need one of these; most texts (every "HTTP 200, 73 bytes") have neither, and a
    // fleet redacts a thousand of them a second.
    if (!text.contains(QLatin1Char('@')) && !text.contains(QLatin1Char('=')) &&
        !text.contains(QLatin1String("%40"), Qt::CaseInsensitive))
        return text;
    // Query values first, user information last: masking a value can join what was around it
    // into something that reads as user information ("://a?token=/x&b@" becomes
    // "://a?token=***&b@"), and the last pass masks that too (found by FuzzUrlIntake).
    QString masked;
    qsizetype from = 0;
    for (auto it = queryItem.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        if (!isSecretQueryKey(QUrl::fromPercentEncoding(match.captured(2).toLatin1())))
            continue;
        masked += QStringView(text).mid(from, match.capturedStart(3) - from) + kMask;
        from = match.capturedEnd(3);
    }
    QString out = from == 0 ? text : masked + QStringView(text).mid(from);
    out.replace(userInfo, QStringLiteral("\\1") + kMask + QStringLiteral("@"));
    // The same inside a percent-encoded URL (?next=http%3A%2F%2Fadmin%3Apw%40host).
    static const QRegularExpression encodedUserInfo(QStringLiteral("(%3A%2F%2F)(?:(?!%2F|%3F|%23|%40)[^/?#@\\s])*%40"),
                                                    QRegularExpression::CaseInsensitiveOption);
    if (out.contains(QLatin1String("%40"), Qt::CaseInsensitive))
        out.replace(encodedUserInfo, QStringLiteral("\\1") + kMask + QStringLiteral("%40"));
    return out;
}

} // namespace NetPulse
