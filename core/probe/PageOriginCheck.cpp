#include "probe/PageOriginCheck.h"

#include <algorithm>

#include <QCoreApplication>
#include <QHostAddress>

#include "probe/Redactor.h"

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class PageOriginWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::PageOriginCheck)
};

bool isLocalName(const QString &host)
{
    return host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
           host.endsWith(QLatin1String(".localhost"), Qt::CaseInsensitive);
}

// Private Network Access: loopback, RFC 1918, link-local and unique-local addresses, and localhost.
// A name other than localhost is not resolved here: its address space is not known.
enum class Space
{
    Local,
    Private,
    Public,
    Unknown
};

Space spaceOf(const QString &host)
{
    if (isLocalName(host))
        return Space::Local;
    const QHostAddress address(host);
    if (address.isNull())
        return Space::Unknown;
    if (address.isLoopback())
        return Space::Local;
    // RFC 1918 (QHostAddress::isPrivateUse is Qt 6.6), link-local, unique-local.
    static const QList<QPair<QHostAddress, int>> rfc1918 = {
        QHostAddress::parseSubnet(QStringLiteral("10.0.0.0/8")),
        QHostAddress::parseSubnet(QStringLiteral("172.16.0.0/12")),
        QHostAddress::parseSubnet(QStringLiteral("192.168.0.0/16"))};
    const bool privateUse = std::any_of(rfc1918.cbegin(), rfc1918.cend(), [&address](const auto &subnet) {
        return address.isInSubnet(subnet.first, subnet.second);
    });
    if (privateUse || address.isLinkLocal() || address.isUniqueLocalUnicast())
        return Space::Private;
    return Space::Public;
}

// The Fetch standard's CORS-safelisted request headers (with their simple values), and the ones a
// page cannot set at all (the browser's own): neither makes a preflight.
bool safelisted(const QByteArray &name, const QByteArray &value)
{
    const QByteArray lower = name.toLower();
    if (lower == "accept" || lower == "accept-language" || lower == "content-language")
        return true;
    if (lower == "content-type") {
        const QByteArray essence = value.split(';').value(0).trimmed().toLower();
        return essence == "application/x-www-form-urlencoded" || essence == "multipart/form-data" ||
               essence == "text/plain";
    }
    static const QList<QByteArray> browsers = {"user-agent", "accept-encoding", "connection", "host",      "origin",
                                               "referer",    "cookie",          "te",         "keep-alive"};
    return browsers.contains(lower);
}

QList<QByteArray> tokens(const QByteArray &list)
{
    QList<QByteArray> out;
    for (const QByteArray &part : list.split(','))
        if (!part.trimmed().isEmpty())
            out.append(part.trimmed().toLower());
    return out;
}

} // namespace

QString PageOriginCheck::serialised(const QUrl &page)
{
    // As a browser serialises an origin: no default port ("https://a.example", not ":443").
    QUrl origin = page;
    if (origin.port() == (origin.scheme() == QLatin1String("https") ? 443 : 80))
        origin.setPort(-1);
    return origin.toString(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo |
                           QUrl::StripTrailingSlash);
}

QString PageOriginCheck::preflightUnanswered(const Preflight &preflight, const QString &error)
{
    return PageOriginWords::tr("the browser asks first (a preflight OPTIONS, because %1), and it got no answer (%2)")
        .arg(preflight.why, error);
}

QString PageOriginCheck::validateOrigin(const QString &origin)
{
    const QUrl url(origin, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (origin.isEmpty())
        return QString();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        url.host().isEmpty() || !url.userInfo().isEmpty() ||
        (!url.path().isEmpty() && url.path() != QLatin1String("/")) || url.hasQuery() || url.hasFragment())
        return PageOriginWords::tr(
                   "page origin '%1' must look like http://localhost:3000 or https://app.example.com (a scheme, a "
                   "host and a port, nothing after them)")
            .arg(Redactor::redactText(origin));
    return QString();
}

bool PageOriginCheck::sameOrigin(const QUrl &page, const QUrl &endpoint)
{
    const int pageDefault = page.scheme() == QLatin1String("https") ? 443 : 80;
    const int endpointDefault = endpoint.scheme() == QLatin1String("https") ? 443 : 80;
    return page.scheme() == endpoint.scheme() && page.host().compare(endpoint.host(), Qt::CaseInsensitive) == 0 &&
           page.port(pageDefault) == endpoint.port(endpointDefault);
}

QString PageOriginCheck::mixedContent(const QUrl &page, const QUrl &endpoint)
{
    // Browsers treat http://localhost and http://127.0.0.1 as potentially trustworthy: allowed.
    const Space space = spaceOf(endpoint.host());
    if (page.scheme() == QLatin1String("https") && endpoint.scheme() == QLatin1String("http") && space != Space::Local)
        return PageOriginWords::tr(
            "an https page may not call http:// (mixed content): the browser does not even send the request");
    return QString();
}

PageOriginCheck::Preflight PageOriginCheck::preflightFor(const ProbeOptions &options, const QUrl &page)
{
    Preflight p;
    const QByteArray method = options.method.toUpper();
    QStringList why;
    if (method != "GET" && method != "HEAD" && method != "POST") {
        p.needed = true;
        why.append(PageOriginWords::tr("the method %1 is not a simple one").arg(QString::fromLatin1(options.method)));
    }
    QList<QByteArray> names;
    for (const auto &[name, value] : options.headers) {
        if (safelisted(name, value))
            continue;
        names.append(name.toLower());
        why.append(PageOriginWords::tr("the header %1 is not a simple one").arg(QString::fromLatin1(name)));
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    if (!names.isEmpty()) {
        p.needed = true;
        p.headers = names.join(',');
    }
    const Space pageSpace = spaceOf(page.host());
    const Space endpointSpace = spaceOf(options.url.host());
    // A public page (an address, or a name: it is not resolved, see docs/path.md) calling this
    // machine or a private network.
    const bool publicPage = pageSpace == Space::Public || pageSpace == Space::Unknown;
    if (publicPage && (endpointSpace == Space::Local || endpointSpace == Space::Private)) {
        p.needed = true;
        p.privateNetwork = true;
        why.append(PageOriginWords::tr("a public page calls a private address"));
    }
    p.method = method;
    p.why = why.join(QStringLiteral("; "));
    return p;
}

QString PageOriginCheck::judgePreflight(int status, const HeaderList &headers, const QUrl &page,
                                        const Preflight &preflight)
{
    const QString because =
        PageOriginWords::tr("the browser asks first (a preflight OPTIONS, because %1), and ").arg(preflight.why);
    if (status < 200 || status > 299)
        return because + PageOriginWords::tr("its answer was HTTP %1, not 2xx").arg(status);
    const QString origin = serialised(page);
    const QByteArray allowOrigin = headerValue(headers, "Access-Control-Allow-Origin").trimmed();
    if (allowOrigin.isEmpty())
        return because + PageOriginWords::tr("its answer has no Access-Control-Allow-Origin");
    if (allowOrigin != "*" && QString::fromLatin1(allowOrigin) != origin)
        return because +
               PageOriginWords::tr("its answer allows %1, not %2").arg(QString::fromLatin1(allowOrigin), origin);
    const QList<QByteArray> methods = tokens(headerValue(headers, "Access-Control-Allow-Methods"));
    const bool simpleMethod = preflight.method == "GET" || preflight.method == "HEAD" || preflight.method == "POST";
    if (!simpleMethod && !methods.contains(preflight.method.toLower()) && !methods.contains("*"))
        return because + PageOriginWords::tr("its answer does not allow the method %1")
                             .arg(QString::fromLatin1(preflight.method));
    const QList<QByteArray> allowed = tokens(headerValue(headers, "Access-Control-Allow-Headers"));
    for (const QByteArray &name : tokens(preflight.headers)) {
        // "*" allows every header but Authorization (Fetch standard).
        if (allowed.contains(name) || (allowed.contains("*") && name != "authorization"))
            continue;
        return because + PageOriginWords::tr("its answer does not allow the header %1").arg(QString::fromLatin1(name));
    }
    if (preflight.privateNetwork &&
        headerValue(headers, "Access-Control-Allow-Private-Network").trimmed().toLower() != "true")
        return because + PageOriginWords::tr("its answer lacks Access-Control-Allow-Private-Network: true");
    return QString();
}

QString PageOriginCheck::judgeAnswer(const HeaderList &headers, const QUrl &page, const ProbeOptions &options)
{
    const QString origin = serialised(page);
    const QByteArray allowOrigin = headerValue(headers, "Access-Control-Allow-Origin").trimmed();
    if (allowOrigin.isEmpty())
        return PageOriginWords::tr("the answer has no Access-Control-Allow-Origin for that origin");
    const bool credentials = hasHeader(options.headers, "Cookie");
    if (allowOrigin == "*" && credentials)
        return PageOriginWords::tr("the page sends credentials (a cookie), and the answer allows any origin (*), "
                                   "which browsers refuse with credentials");
    if (allowOrigin != "*" && QString::fromLatin1(allowOrigin) != origin)
        return PageOriginWords::tr("the answer allows %1, not %2").arg(QString::fromLatin1(allowOrigin), origin);
    if (credentials && headerValue(headers, "Access-Control-Allow-Credentials").trimmed().toLower() != "true")
        return PageOriginWords::tr("the page sends credentials (a cookie), and the answer lacks "
                                   "Access-Control-Allow-Credentials: true");
    return QString();
}

} // namespace NetPulse
