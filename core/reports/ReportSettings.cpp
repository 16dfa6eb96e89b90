#include "reports/ReportSettings.h"

#include <QCoreApplication>
#include <QSettings>

#include "probe/ProbeOptions.h"
#include "probe/Redactor.h"

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class ReportSettingsWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::ReportSettings)
};

} // namespace

namespace {

QUrl readUrl(QSettings *settings, const QString &key, QStringList *problems)
{
    const QString text = settings->value(key).toString().trimmed();
    if (text.isEmpty())
        return QUrl();
    QString problem;
    const QUrl url = ReportTarget::parseUrl(text, &problem);
    if (!problem.isEmpty()) {
        problems->append(
            ReportSettingsWords::tr("%1 '%2' %3; not used").arg(key, Redactor::redactText(text.left(200)), problem));
        return QUrl();
    }
    return url;
}

} // namespace

ReportSettings ReportSettings::load(QSettings *settings, QStringList *problems)
{
    ReportSettings result;
    result.reports.url = readUrl(settings, QStringLiteral("reports/url"), problems);
    result.alerts.url = readUrl(settings, QStringLiteral("alerts/url"), problems);
    const QStringList lines = settings->value(QStringLiteral("reports/headers")).toStringList();
    for (const QString &line : lines) {
        QPair<QByteArray, QByteArray> header;
        QString error;
        if (!parseHeaderLine(line, &header, &error)) {
            // The header's name only: its value may be the secret.
            problems->append(ReportSettingsWords::tr("reports/headers: line %1 is not usable (%2)")
                                 .arg(lines.indexOf(line) + 1)
                                 .arg(error));
            continue;
        }
        result.reports.headers.append(header);
    }
    result.alerts.headers = result.reports.headers;
    return result;
}

void ReportSettings::save(QSettings *settings) const
{
    settings->setValue(QStringLiteral("reports/url"), reports.url.toString());
    settings->setValue(QStringLiteral("alerts/url"), alerts.url.toString());
    QStringList lines;
    for (const auto &[name, value] : reports.headers)
        lines << QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromLatin1(value); // as parsed
    settings->setValue(QStringLiteral("reports/headers"), lines);
}

bool ReportSettings::operator==(const ReportSettings &other) const
{
    return reports.url == other.reports.url && alerts.url == other.alerts.url &&
           reports.headers == other.reports.headers;
}

} // namespace NetPulse
