#include "probe/UrlValidator.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include "probe/Redactor.h"

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class UrlValidatorWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::UrlValidator)
};

} // namespace

namespace {

// QUrl::errorString() ends with "; source was "<the whole URL>"…": that repeats what the user typed
// (credentials included) and buries the reason.
QString qurlReason(const QUrl &url)
{
    QString reason = url.errorString();
    const qsizetype cut = reason.indexOf(QLatin1String("; source was"));
    if (cut >= 0)
        reason.truncate(cut);
    return reason;
}

} // namespace

UrlValidator::Result UrlValidator::parse(const QString &input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return {QUrl(), UrlValidatorWords::tr("the URL is empty")};
    for (const QChar c : text) {
        // A line break or a tab pasted in with the URL is named as what it is, by its code point:
        // the character itself would garble a terminal or a log line.
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return {QUrl(), UrlValidatorWords::tr("the URL contains a control character (U+%1)")
                                .arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')))};
        if (c.isSpace())
            return {QUrl(), UrlValidatorWords::tr("the URL contains a space")};
    }
    // A scheme typed wrong must not become a host name: "htp:/x" would be http://htp/x, and
    // "http//host" http://http//host, each then "host not found", sending the user to look at DNS.
    static const QRegularExpression oneSlash(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*):/(?!/)"));
    static const QRegularExpression noColon(QStringLiteral("^(https?)//"), QRegularExpression::CaseInsensitiveOption);
    if (const QRegularExpressionMatch typo = noColon.match(text); typo.hasMatch())
        return {QUrl(), UrlValidatorWords::tr("the URL is missing the ':' after '%1' (%1://…)").arg(typo.captured(1))};
    // "htp//host": a scheme typed wrong and without its colon. Read as a host it would be probed as
    // the host "htp" (and end in "host not found").
    // A host name has a dot or is localhost ("example.com//health" is a path with two slashes).
    static const QRegularExpression wordThenSlashes(QStringLiteral("^([A-Za-z][A-Za-z0-9+-]*)//"));
    if (const QRegularExpressionMatch typo = wordThenSlashes.match(text);
        typo.hasMatch() && typo.captured(1).compare(QLatin1String("localhost"), Qt::CaseInsensitive) != 0)
        return {QUrl(), UrlValidatorWords::tr("the URL starts with '%1//', a scheme without its ':' (use http:// or "
                                              "https://)")
                            .arg(typo.captured(1))};
    if (const QRegularExpressionMatch typo = oneSlash.match(text); typo.hasMatch()) {
        const QString scheme = typo.captured(1);
        if (scheme.compare(QLatin1String("http"), Qt::CaseInsensitive) == 0 ||
            scheme.compare(QLatin1String("https"), Qt::CaseInsensitive) == 0)
            return {QUrl(), UrlValidatorWords::tr("the URL needs two slashes after '%1:' (%1://…)").arg(scheme)};
        return {QUrl(),
                UrlValidatorWords::tr("'%1:' is not a scheme NetPulse checks (use http:// or https://)").arg(scheme)};
    }
    QString withScheme = text;
    if (!text.contains(QLatin1String("://")))
        withScheme = QStringLiteral("http://") + text;
    const QUrl url(withScheme, QUrl::StrictMode);
    if (!url.isValid()) {
        return {QUrl(),
                UrlValidatorWords::tr("'%1' is not a valid URL: %2").arg(Redactor::redactText(text), qurlReason(url))};
    }
    return {url, check(url)};
}

QString UrlValidator::check(const QUrl &url)
{
    if (url.isEmpty())
        return UrlValidatorWords::tr("the URL is empty");
    if (!url.isValid())
        return UrlValidatorWords::tr("not a valid URL: %1").arg(qurlReason(url));
    const QString scheme = url.scheme().toLower();
    if (scheme.isEmpty())
        return UrlValidatorWords::tr("the URL has no scheme (use http:// or https://)");
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return UrlValidatorWords::tr("unsupported scheme '%1' (use http or https)").arg(url.scheme());
    if (url.host().isEmpty())
        return UrlValidatorWords::tr("the URL has no host");
    // QUrl keeps -1 for "no port"; port 0 parses but cannot be connected to.
    if (url.port() == 0)
        return UrlValidatorWords::tr("port 0 cannot be connected to");
    if (url.port() > 65535)
        return UrlValidatorWords::tr("port %1 is out of range (1-65535)").arg(url.port());
    return QString();
}

} // namespace NetPulse
