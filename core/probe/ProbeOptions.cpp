#include "probe/ProbeOptions.h"

#include <algorithm>

#include <QCoreApplication>

#include "probe/PageOriginCheck.h"
#include "probe/Redactor.h"
#include "probe/UrlValidator.h"

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class ProbeOptionsWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::ProbeOptions)
};

} // namespace

namespace {

bool isTchar(char c)
{
    // RFC 9110 §5.6.2
    static const QByteArray extra = QByteArrayLiteral("!#$%&'*+-.^_`|~");
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || extra.contains(c);
}

} // namespace

QByteArray headerValue(const HeaderList &headers, const QByteArray &name)
{
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return QByteArray();
}

bool hasHeader(const HeaderList &headers, const QByteArray &name)
{
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto &header) { return header.first.compare(name, Qt::CaseInsensitive) == 0; });
}

bool isValidMethod(const QByteArray &method)
{
    if (method.isEmpty())
        return false;
    for (char c : method) {
        if (!isTchar(c))
            return false;
    }
    return true;
}

QStringList commonMethods()
{
    return {QStringLiteral("GET"), QStringLiteral("HEAD"),  QStringLiteral("OPTIONS"), QStringLiteral("POST"),
            QStringLiteral("PUT"), QStringLiteral("PATCH"), QStringLiteral("DELETE")};
}

bool parseHeaderLine(const QString &line, QPair<QByteArray, QByteArray> *header, QString *error)
{
    const qsizetype colon = line.indexOf(QLatin1Char(':'));
    if (colon <= 0) {
        // Never the line itself: a value pasted without its name may be a token.
        *error = ProbeOptionsWords::tr("a header is written 'Name: value' (this one has no colon after a name)");
        return false;
    }
    const QByteArray name = line.left(colon).trimmed().toLatin1();
    const QByteArray value = line.mid(colon + 1).trimmed().toLatin1();
    if (!isValidMethod(name)) { // header names are tokens too
        // The name only when it looks like one; a secret pasted before a colon stays unsaid.
        const QString shown = line.left(colon).trimmed();
        *error = shown.size() <= 40 && !shown.contains(QLatin1Char(' '))
                     ? ProbeOptionsWords::tr("header name '%1' has characters a header name cannot have").arg(shown)
                     : ProbeOptionsWords::tr("a header name has characters a header name cannot have");
        return false;
    }
    if (value.contains('\r') || value.contains('\n')) {
        *error = ProbeOptionsWords::tr("header '%1' has a line break in its value").arg(QString::fromLatin1(name));
        return false;
    }
    *header = qMakePair(name, value);
    return true;
}

bool parseHeaderLines(const QString &text, HeaderList *headers, QString *error)
{
    headers->clear();
    for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (line.trimmed().isEmpty())
            continue;
        QPair<QByteArray, QByteArray> header;
        if (!parseHeaderLine(line, &header, error))
            return false;
        headers->append(header);
    }
    return true;
}

QString ProbeOptions::validate() const
{
    const QString urlError = UrlValidator::check(url);
    if (!urlError.isEmpty())
        return urlError;
    if (!isValidMethod(method))
        return ProbeOptionsWords::tr("method '%1' is not a valid HTTP method token").arg(QString::fromLatin1(method));
    const QString checks[] = {
        Limits::outOfRange("timeout (ms)", inactivityTimeoutMs, Limits::timeoutMs),
        Limits::outOfRange("deadline (ms)", totalDeadlineMs, Limits::deadlineMs),
        Limits::outOfRange("max body (bytes)", maxBodyBytes, Limits::maxBodyBytes),
        Limits::outOfRange("max redirects", maxRedirects, Limits::maxRedirects),
    };
    for (const QString &problem : checks) {
        if (!problem.isEmpty())
            return problem;
    }
    return PageOriginCheck::validateOrigin(pageOrigin);
}

bool ProbeOptions::operator==(const ProbeOptions &other) const
{
    return url == other.url && method == other.method && headers == other.headers &&
           inactivityTimeoutMs == other.inactivityTimeoutMs && totalDeadlineMs == other.totalDeadlineMs &&
           maxBodyBytes == other.maxBodyBytes && maxRedirects == other.maxRedirects && insecure == other.insecure &&
           checks == other.checks && pageOrigin == other.pageOrigin;
}

bool parseProxyUrl(const QString &text, QNetworkProxy *proxy, QString *error)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    const bool knownScheme = scheme == QLatin1String("http") || scheme == QLatin1String("socks5");
    if (!url.isValid() || !knownScheme || url.host().isEmpty() || url.port() <= 0 || url.port() > 65535) {
        *error = ProbeOptionsWords::tr("proxy '%1' must look like http://host:port or socks5://host:port")
                     .arg(Redactor::redactText(text));
        return false;
    }
    *proxy = QNetworkProxy(scheme == QLatin1String("http") ? QNetworkProxy::HttpProxy : QNetworkProxy::Socks5Proxy,
                           url.host(), quint16(url.port()), url.userName(), url.password());
    return true;
}

} // namespace NetPulse
