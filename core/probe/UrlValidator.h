#pragma once

#include <QString>
#include <QUrl>

namespace NetPulse {

// QUrl calls "not a url" and "http://" valid, so what a probe can use is decided here: an http or
// https scheme, a host, a usable port. Nothing is sent for a URL that fails.
class UrlValidator
{
public:
    struct Result
    {
        QUrl url;
        QString error; // empty when `url` can be probed
        bool ok() const { return error.isEmpty(); }
    };

    // Parses what a person typed. A bare "host:port/path" gets "http://" in front, as curl does.
    static Result parse(const QString &input);
    // Empty when `url` can be probed, else the problem in one sentence.
    static QString check(const QUrl &url);
};

} // namespace NetPulse
