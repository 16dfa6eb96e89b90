#include "reports/ReportTarget.h"

#include <QCoreApplication>
#include <QNetworkReply>
#include <QNetworkRequest>

#include "base/Duration.h"
#include "probe/Redactor.h"

namespace NetPulse {

QString ReportTarget::displayUrl() const
{
    return Redactor::redactUrl(url);
}

QString ReportTarget::checkUrl(const QUrl &url)
{
    if (!url.isValid() || url.isEmpty())
        return QCoreApplication::translate("NetPulse::ReportTarget", "is not a URL");
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return QCoreApplication::translate("NetPulse::ReportTarget", "must start with http:// or https://");
    if (url.host().isEmpty())
        return QCoreApplication::translate("NetPulse::ReportTarget", "names no host");
    return QString();
}

QUrl ReportTarget::parseUrl(const QString &text, QString *problem)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    *problem = checkUrl(url);
    return problem->isEmpty() ? url : QUrl();
}

QString ReportTarget::describeFailure(QNetworkReply *reply, int timeoutMs)
{
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid()) {
        const QString phrase = QString::fromLatin1(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute)
                                                       .toByteArray()
                                                       .left(80)); // the server's words, kept short
        return QCoreApplication::translate("NetPulse::ReportTarget", "HTTP %1 %2")
            .arg(status.toInt())
            .arg(phrase)
            .trimmed();
    }
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return QCoreApplication::translate("NetPulse::ReportTarget", "connection refused");
    case QNetworkReply::HostNotFoundError:
        return QCoreApplication::translate("NetPulse::ReportTarget", "host not found");
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        return QCoreApplication::translate("NetPulse::ReportTarget", "no answer within %1")
            .arg(durationText(timeoutMs));
    case QNetworkReply::SslHandshakeFailedError:
        return QCoreApplication::translate("NetPulse::ReportTarget", "TLS handshake failed");
    default:
        // Qt's words may quote the URL: masked like every URL NetPulse shows.
        return Redactor::redactText(reply->errorString());
    }
}

QNetworkRequest ReportTarget::request(const QUrl &to, const QByteArray &contentType, int timeoutMs) const
{
    QNetworkRequest request(to);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(timeoutMs);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return request;
}

} // namespace NetPulse
