#include "vantage/VantageSettings.h"

#include <algorithm>

#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>

#include "base/Limits.h"
#include "probe/ProbeOptions.h"
#include "probe/Redactor.h"
#include "reports/ReportTarget.h"

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class VantageSettingsWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::VantageSettings)
};

} // namespace

VantageSource VantageSettings::load(QSettings *settings, QStringList *problems)
{
    VantageSource source;
    const QString text = settings->value(QStringLiteral("vantages/url")).toString().trimmed();
    if (!text.isEmpty()) {
        QString problem;
        const QUrl url = ReportTarget::parseUrl(text, &problem);
        if (problem.isEmpty())
            source.url = url;
        else
            problems->append(VantageSettingsWords::tr("vantages/url '%1' %2; not used")
                                 .arg(Redactor::redactText(text).left(200), problem));
    }
    const QStringList lines = settings->value(QStringLiteral("vantages/headers")).toStringList();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QPair<QByteArray, QByteArray> header;
        QString error;
        if (parseHeaderLine(lines.at(i), &header, &error))
            source.headers.append(header);
        else // the header's name only: its value may be the secret
            problems->append(
                VantageSettingsWords::tr("vantages/headers: line %1 is not usable (%2)").arg(i + 1).arg(error));
    }
    const QString ca = settings->value(QStringLiteral("vantages/ca_file")).toString();
    if (!ca.isEmpty() && !QFileInfo(ca).isReadable())
        problems->append(
            VantageSettingsWords::tr("vantages/ca_file: cannot read %1; the system's CAs are used").arg(ca));
    else
        source.caFile = ca;
    bool ok = false;
    const int every = settings->value(QStringLiteral("vantages/every_s")).toInt(&ok);
    if (settings->contains(QStringLiteral("vantages/every_s"))) {
        if (ok && Limits::vantagesRefreshS.contains(every))
            source.refreshS = every;
        else
            problems->append(VantageSettingsWords::tr("vantages/every_s '%1' is not %2 to %3 seconds; %4 s is used")
                                 .arg(settings->value(QStringLiteral("vantages/every_s")).toString().left(40))
                                 .arg(Limits::vantagesRefreshS.low)
                                 .arg(Limits::vantagesRefreshS.high)
                                 .arg(Limits::vantagesRefreshS.fallback));
    }
    return source;
}

void VantageSettings::save(const VantageSource &source, QSettings *settings)
{
    settings->setValue(QStringLiteral("vantages/url"), source.url.toString());
    QStringList lines;
    for (const auto &[name, value] : source.headers)
        lines << QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromLatin1(value); // as parsed
    settings->setValue(QStringLiteral("vantages/headers"), lines);
    settings->setValue(QStringLiteral("vantages/ca_file"), source.caFile);
    settings->setValue(QStringLiteral("vantages/every_s"), source.refreshS);
}

QString VantageSettings::restoreMasked(VantageSource *typed, const VantageSource &saved)
{
    const auto sameServer = [&] {
        return saved.url.isValid() && typed->url.scheme() == saved.url.scheme() &&
               typed->url.host() == saved.url.host() && typed->url.port() == saved.url.port();
    };
    const QString server = Redactor::redactUrl(saved.url);
    if (typed->url.password() == Redactor::kMask) {
        if (!sameServer() || saved.url.password().isEmpty() || typed->url.userName() != saved.url.userName())
            return VantageSettingsWords::tr("the password shows as %1, but no password is saved for this user and "
                                            "server; type it")
                .arg(Redactor::kMask);
        typed->url.setPassword(saved.url.password());
    }
    for (QPair<QByteArray, QByteArray> &header : typed->headers) {
        if (header.second != Redactor::kMask.toLatin1())
            continue;
        const QByteArray name = header.first; // clang 14 captures no structured binding
        const auto savedHeader = std::find_if(saved.headers.cbegin(), saved.headers.cend(), [&name](const auto &h) {
            return h.first.compare(name, Qt::CaseInsensitive) == 0;
        });
        if (savedHeader == saved.headers.cend())
            return VantageSettingsWords::tr("%1 shows as %2 but has no saved value; type its value")
                .arg(QString::fromLatin1(name), Redactor::kMask);
        if (!sameServer())
            return VantageSettingsWords::tr("%1's saved value was given for %2, not this server; type it again")
                .arg(QString::fromLatin1(name), server);
        header.second = savedHeader->second;
    }
    return QString();
}

bool VantageSettings::same(const VantageSource &a, const VantageSource &b)
{
    return a.url == b.url && a.headers == b.headers && a.caFile == b.caFile && a.refreshS == b.refreshS;
}

} // namespace NetPulse
