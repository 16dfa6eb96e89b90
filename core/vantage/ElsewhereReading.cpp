#include "vantage/ElsewhereReading.h"

#include <algorithm>

#include <QCoreApplication>
#include <QStringList>

#include "base/Duration.h"

namespace NetPulse {

namespace {

class VantageWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::VantageVerdict)
};

// "ci-runner and eu-1 (12 s ago)": the names, and the age of the newest of their verdicts.
QString namesAndAge(const QList<ElsewhereReading> &readings, const QDateTime &now)
{
    QStringList names;
    double newest = -1;
    for (const ElsewhereReading &reading : readings) {
        names << reading.vantage;
        newest = newest < 0 ? reading.ageS(now) : std::min(newest, reading.ageS(now));
    }
    QString list;
    if (names.size() == 1)
        list = names.first();
    else
        list = VantageWords::tr("%1 and %2")
                   .arg(names.mid(0, names.size() - 1).join(QStringLiteral(", ")), names.constLast());
    return VantageWords::tr("%1 (%2 ago)")
        .arg(list, durationText(qint64(std::max(0.0, newest) * 1000.0), DurationPrecision::WholeSeconds));
}

} // namespace

std::optional<bool> hereVerdict(FailureKind kind)
{
    if (!isVerdictOnServer(kind) || kind == FailureKind::Offline)
        return std::nullopt;
    return kind == FailureKind::Ok;
}

QString vantageVerdictName(VantageVerdict verdict)
{
    switch (verdict) {
    case VantageVerdict::None:
        return QString();
    case VantageVerdict::Everywhere:
        return QStringLiteral("everywhere");
    case VantageVerdict::OnlyHere:
        return QStringLiteral("only_here");
    case VantageVerdict::Elsewhere:
        return QStringLiteral("elsewhere");
    case VantageVerdict::AllOk:
        return QStringLiteral("all_ok");
    }
    return QString();
}

VantageVerdict vantageVerdict(std::optional<bool> hereOk, const QList<ElsewhereReading> &others, const QDateTime &now)
{
    if (!hereOk)
        return VantageVerdict::None;
    int counted = 0, ok = 0;
    for (const ElsewhereReading &reading : others) {
        if (!reading.counts(now))
            continue;
        ++counted;
        if (reading.isOk())
            ++ok;
    }
    if (counted == 0)
        return VantageVerdict::None;
    if (*hereOk)
        return ok == counted ? VantageVerdict::AllOk : VantageVerdict::Elsewhere;
    return ok > 0 ? VantageVerdict::OnlyHere : VantageVerdict::Everywhere;
}

QString vantageVerdictWords(VantageVerdict verdict, const QString &hereTitle, const QList<ElsewhereReading> &others,
                            const QDateTime &now)
{
    QList<ElsewhereReading> answering, failing;
    for (const ElsewhereReading &reading : others) {
        if (reading.counts(now))
            (reading.isOk() ? answering : failing).append(reading);
    }
    switch (verdict) {
    case VantageVerdict::OnlyHere:
        return VantageWords::tr("%1 from here, but answering from %2: the service is up; look at this machine's "
                                "network, VPN, firewall or DNS.")
            .arg(hereTitle, namesAndAge(answering, now));
    case VantageVerdict::Everywhere:
        return VantageWords::tr("%1 from here, and failing from %2 too: the service is down for every vantage "
                                "point watching it, not only here.")
            .arg(hereTitle, namesAndAge(failing, now));
    case VantageVerdict::Elsewhere:
        return VantageWords::tr("Answering here, but failing from %1: people on that side of the network may not "
                                "reach it.")
            .arg(namesAndAge(failing, now));
    case VantageVerdict::None:
    case VantageVerdict::AllOk:
        break;
    }
    return QString();
}

} // namespace NetPulse
