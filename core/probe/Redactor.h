#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace NetPulse {

// Secrets never leave the process through our outputs: user info and secret-looking query values
// are masked in URLs, credential headers are masked in header dumps.
class Redactor
{
public:
    static inline const QString kMask = QStringLiteral("***");

    static QString redactUrl(const QUrl &url);
    // For text that may hold a URL that did not even parse (error messages): masks "user:pass@".
    static QString redactText(const QString &text);
    static bool isSecretQueryKey(const QString &key);
    static bool isSecretHeader(const QByteArray &name);
    static QByteArray redactHeaderValue(const QByteArray &name, const QByteArray &value);
};

} // namespace NetPulse
