#pragma once

#include <algorithm>
#include <optional>

#include <QDateTime>
#include <QList>
#include <QString>

#include "kinds/FailureKind.h"

namespace NetPulse {

// What another vantage point last said of an endpoint, as read from Prometheus
// (docs/vantage.md): its verdict's kind and time, and how often it last said it checks the endpoint.
struct ElsewhereReading
{
    // A verdict is seen only once Prometheus has scraped it and the reader has read it: up to a
    // scrape interval and a refresh after it is made. Prometheus' usual 15 s for each when they
    // are not known.
    static constexpr double kUsualAllowanceS = 15.0 + 15.0;

    QString vantage;
    QString kind;                         // a failure kind's name, "ok" when its last check succeeded
    QDateTime checkedAt;                  // UTC, when its last check finished
    double intervalS = 0;                 // its last interval (an agent gone keeps it); 0: stopped there
    QString instance;                     // the Prometheus target it was scraped from ("host:port")
    double allowanceS = kUsualAllowanceS; // its target's scrape interval plus the reader's refresh

    double ageS(const QDateTime &now) const { return double(checkedAt.msecsTo(now)) / 1000.0; }
    // Stale once it has missed two of its checks: older than two of its intervals plus the time a
    // verdict takes to be seen. Not counted.
    // A verdict from the future beyond the allowance is a clock out of step, not a fresh one.
    bool isFresh(const QDateTime &now) const
    {
        const double age = ageS(now);
        return intervalS > 0 && checkedAt.isValid() && age <= 2.0 * intervalS + allowanceS && age >= -allowanceS;
    }
    bool isOk() const { return kind == QLatin1String("ok"); }
    // A vantage that is offline itself says nothing about the service: shown, never counted.
    bool isOffline() const { return kind == QLatin1String("offline"); }
    bool counts(const QDateTime &now) const { return isFresh(now) && !isOffline(); }
};

// Where this machine's view stands against the others' (docs/vantage.md).
enum class VantageVerdict
{
    None,       // no other fresh vantage point: nothing to compare with
    Everywhere, // this machine and every fresh vantage fail
    OnlyHere,   // this machine fails; at least one other vantage succeeds
    Elsewhere,  // this machine succeeds; some other vantage fails
    AllOk,      // this machine and every fresh vantage succeed
};

// "everywhere", "only_here", "elsewhere", "all_ok"; empty for None (JSON null).
QString vantageVerdictName(VantageVerdict verdict);

// This machine's verdict as the comparison takes it: none for our own (a cancel, netpulse_busy)
// and for offline, which says nothing about the service here either.
std::optional<bool> hereVerdict(FailureKind kind);

// The verdict for one endpoint: `hereOk` is this machine's last verdict (nothing: none yet, so
// no verdict either); `others` what the other vantages said.
VantageVerdict vantageVerdict(std::optional<bool> hereOk, const QList<ElsewhereReading> &others, const QDateTime &now);

// The banner's line for it, naming the vantages ("Failing from here, but answering from ci-runner
// and eu-1 (12 s ago): the service is up; look at this machine's network, VPN, firewall or DNS").
// `hereTitle` is this machine's failure in a few words ("Connection refused"). Empty for None and
// AllOk: nothing worth a line.
QString vantageVerdictWords(VantageVerdict verdict, const QString &hereTitle, const QList<ElsewhereReading> &others,
                            const QDateTime &now);

} // namespace NetPulse
