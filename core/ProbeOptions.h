#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkProxy>
#include <QPair>
#include <QString>
#include <QUrl>

namespace NetPulse {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// Everything one probe needs to know. Limits are never "0 means infinite": validate() rejects
// values outside their range, naming the field, so a typo cannot silently disable a timeout.
struct ProbeOptions
{
    QUrl url;
    QByteArray method = QByteArrayLiteral("GET");
    HeaderList headers;
    int inactivityTimeoutMs = 5000;
    int totalDeadlineMs = 30000;
    qint64 maxBodyBytes = 10 * 1024 * 1024;
    int maxRedirects = 10;
    bool insecure = false; // accept TLS certificates that fail verification

    static constexpr int kMinTimeoutMs = 50;
    static constexpr int kMaxTimeoutMs = 10 * 60 * 1000;
    static constexpr qint64 kMaxBodyLimit = qint64(1) << 30;
    static constexpr int kMaxRedirectsLimit = 50;

    // Empty when every field is usable; otherwise one sentence naming the first bad field.
    QString validate() const;
};

// Header lookups are case-insensitive (RFC 9110 §5.1). Empty when absent.
QByteArray headerValue(const HeaderList &headers, const QByteArray &name);
bool hasHeader(const HeaderList &headers, const QByteArray &name);

// Parses "Name: value" as given to --header; empty name or missing colon is an error (returned in `error`).
bool parseHeaderLine(const QString &line, QPair<QByteArray, QByteArray> *header, QString *error);

// RFC 9110 method token: 1*tchar.
bool isValidMethod(const QByteArray &method);

// "http://host:port" or "socks5://host:port" to a proxy. A proxy belongs to the network access
// manager, not to one probe, so it is set where the manager is made.
bool parseProxyUrl(const QString &text, QNetworkProxy *proxy, QString *error);

} // namespace NetPulse
