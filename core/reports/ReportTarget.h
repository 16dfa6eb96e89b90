#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

class QNetworkReply;
class QNetworkRequest;

namespace NetPulse {

// Where reports or alerts go: a URL and optional extra headers (a token, usually). The headers'
// values are secrets: they are sent, never logged, stored, shown or exported.
struct ReportTarget
{
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;

    bool isValid() const { return url.isValid() && !url.isEmpty(); }
    // The URL as it may be shown: credentials and secret-looking query values masked.
    QString displayUrl() const;

    // Checks a URL typed by the user: http or https with a host; returns the problem in words.
    static QString checkUrl(const QUrl &url);
    // The one way a typed target URL is read (command line, dialog, saved settings): "http://" or
    // "https://" is required, so a host:port alone is refused the same everywhere.
    static QUrl parseUrl(const QString &text, QString *problem);
    bool operator==(const ReportTarget &other) const { return url == other.url && headers == other.headers; }
    // Why a POST to a target failed, in words ("connection refused", "HTTP 500 Internal Server
    // Error", "no answer within 10 s"); URLs in Qt's words are masked.
    static QString describeFailure(QNetworkReply *reply, int timeoutMs);
    // A POST to `url` as reports and alerts send it: the extra headers, no redirects followed (a
    // token must not travel to another host), and a time limit for the whole exchange.
    QNetworkRequest request(const QUrl &url, const QByteArray &contentType, int timeoutMs) const;
};

} // namespace NetPulse
