#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkProxy>
#include <QPair>
#include <QString>
#include <QUrl>

#include "base/Limits.h"
#include "probe/ResponseChecks.h"

namespace NetPulse {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// Everything one probe needs to know. Limits are never "0 means infinite": validate() rejects
// values outside their range, naming the field, so a typo cannot silently disable a timeout.
struct ProbeOptions
{
    QUrl url;
    QByteArray method = QByteArrayLiteral("GET");
    HeaderList headers;
    int inactivityTimeoutMs = Limits::timeoutMs.fallback;
    int totalDeadlineMs = Limits::deadlineMs.fallback;
    qint64 maxBodyBytes = Limits::maxBodyBytes.fallback;
    int maxRedirects = Limits::maxRedirects.fallback;
    bool insecure = false; // accept TLS certificates that fail verification
    ResponseChecks checks; // what makes an answer "up" beyond HTTP itself
    // The page that calls this endpoint ("http://localhost:3000"): each check also says whether a
    // browser would hand the answer to that page (PageOriginCheck). Empty: not checked.
    QString pageOrigin;

    // Empty when every field is usable; otherwise one sentence naming the first bad field.
    QString validate() const;

    bool operator==(const ProbeOptions &other) const;
    bool operator!=(const ProbeOptions &other) const { return !(*this == other); }
};

// Header lookups are case-insensitive (RFC 9110 §5.1). Empty when absent.
QByteArray headerValue(const HeaderList &headers, const QByteArray &name);
bool hasHeader(const HeaderList &headers, const QByteArray &name);

// Parses "Name: value" as given to --header; empty name or missing colon is an error (returned in `error`).
bool parseHeaderLine(const QString &line, QPair<QByteArray, QByteArray> *header, QString *error);
// Every non-blank line of a form's headers box, in order; the first unusable line's problem in `error`.
bool parseHeaderLines(const QString &text, HeaderList *headers, QString *error);

// RFC 9110 method token: 1*tchar.
bool isValidMethod(const QByteArray &method);
// The methods offered in pick lists, most used first; any valid token may still be typed.
QStringList commonMethods();

// "http://host:port" or "socks5://host:port" to a proxy. A proxy belongs to the network access
// manager, not to one probe, so it is set where the manager is made.
bool parseProxyUrl(const QString &text, QNetworkProxy *proxy, QString *error);

} // namespace NetPulse
