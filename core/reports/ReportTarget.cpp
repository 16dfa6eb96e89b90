#include "reports/ReportTarget.h"

#include <QCoreApplication>

#include "probe/Redactor.h"

namespace NetPulse {

QString ReportTarget::displayUrl() const
{
    return Redactor::redactUrl(url);
}

QString ReportTarget::checkUrl(const QUrl &url)
{
    if (!url.isValid() || url.isEmpty())
        return QCoreApplication::translate("ReportTarget", "is not a URL");
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return QCoreApplication::translate("ReportTarget", "must start with http:// or https://");
    if (url.host().isEmpty())
        return QCoreApplication::translate("ReportTarget", "names no host");
    return QString();
}

} // namespace NetPulse
