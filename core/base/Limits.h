#pragma once

#include <iterator>

#include <QCoreApplication>
#include <QString>

// The one place for every setting's range and default. The command line, the settings dialog, the
// saved-settings reader and validate() all read these, so a limit changes in one line. Limits are never "0 means
// infinite": a typo cannot silently switch a timeout off.
namespace NetPulse::Limits {

template<typename T>
struct Range
{
    T low;
    T high;
    T fallback; // the default

    constexpr bool contains(T value) const { return value >= low && value <= high; }
};

inline constexpr int kDayMs = 24 * 60 * 60 * 1000;

// One probe.
inline constexpr Range<int> timeoutMs{50, 10 * 60 * 1000, 5000};   // inactivity
inline constexpr Range<int> deadlineMs{50, 10 * 60 * 1000, 30000}; // total
inline constexpr Range<qint64> maxBodyBytes{1, qint64(1) << 30, 10 * 1024 * 1024};
inline constexpr Range<int> maxRedirects{0, 50, 10};

// The schedule of one endpoint.
inline constexpr Range<int> intervalMs{100, kDayMs, 5000};
inline constexpr Range<int> retries{0, 100, 3};
inline constexpr Range<qint64> backoffInitialMs{1, 60 * 60 * 1000, 1000};
inline constexpr Range<double> backoffMultiplier{1.0, 10.0, 2.0};
inline constexpr Range<qint64> backoffMaxMs{1, kDayMs, 60000};
inline constexpr Range<int> downIntervalMs{100, kDayMs, 30000};
inline constexpr Range<int> slowMs{1, 10 * 60 * 1000, 2000};
// Flapping: more than `flapTransitions` changes between healthy and failing within `flapWindowMs`.
inline constexpr Range<int> flapTransitions{1, 1000, 4};
inline constexpr Range<int> flapWindowMs{1000, kDayMs, 10 * 60 * 1000};

// First checks started together (an endpoint file of a thousand, the app's saved list) are spread
// at most this many a millisecond, so a fleet's checks do not all fall on the same instant every
// interval ever after: 1,000 endpoints begin within a second, one endpoint at once.
inline constexpr int kFirstChecksPerMs = 1;

// Probe lanes (--probe-threads, the endpoint file's defaults): threads that each carry their own
// QNetworkAccessManager. Not given, the number of cores with 2 at least and 8 at most
// (ProbeEngine::defaultLaneCount); the fallback here is that floor.
inline constexpr Range<int> probeThreads{1, 64, 2};
// How often the other vantage points are read from Prometheus, in seconds (docs/vantage.md).
inline constexpr Range<int> vantagesRefreshS{1, 3600, 15};
// The largest answer read from Prometheus for them: 10 agents × 1,000 endpoints is about 4 MB.
inline constexpr qint64 vantagesAnswerBytes = 64 * 1024 * 1024;

// How often the recovery watch tries a failing endpoint's port or name between planned checks.
inline constexpr int kRecoveryWatchPeriodMs = 1000;

// Headless: attempts before stopping. Not given, the watch runs until a signal (HeadlessConfig's 0,
// which cannot be typed); the fallback here is unused.
inline constexpr Range<int> count{1, 1000000000, 1};

// Days before a certificate's expiry at which NetPulse warns (banner, notification), largest first.
inline constexpr int kCertificateWarningDays[] = {21, 14, 7};

// The smallest warning threshold `daysLeft` is within (21, 14 or 7), -1 once expired, 0 when none.
constexpr int certificateWarningLevel(qint64 daysLeft)
{
    if (daysLeft < 0)
        return -1;
    int level = 0;
    for (int threshold : kCertificateWarningDays)
        level = daysLeft <= threshold ? threshold : level;
    return level;
}

// How bad a warning level is: 0 for none, then one step per threshold crossed, the most for expired.
constexpr int certificateWarningRank(int level)
{
    constexpr int count = int(std::size(kCertificateWarningDays));
    if (level < 0)
        return count + 1;
    for (int i = 0; i < count; ++i) {
        if (kCertificateWarningDays[i] == level)
            return i + 1;
    }
    return 0;
}

// Empty when `value` is within `range`; otherwise one sentence naming the field.
template<typename T>
QString outOfRange(const char *field, T value, const Range<T> &range)
{
    if (range.contains(value))
        return QString();
    return QCoreApplication::translate("NetPulse::Limits", "%1 must be between %2 and %3, not %4")
        .arg(QLatin1String(field))
        .arg(range.low)
        .arg(range.high)
        .arg(value);
}

// Reports to a backend (reports/): how many wait at most, how many go in one POST, how long one
// POST may take, and how the retries space out while the backend fails.
inline constexpr int kOutboxCapacity = 10000;
inline constexpr int kReportBatchCount = 100;
inline constexpr qint64 kReportBatchBytes = 256 * 1024;
inline constexpr int kReportTimeoutMs = 10000;
inline constexpr qint64 kReportRetryInitialMs = 1000;
inline constexpr qint64 kReportRetryMaxMs = 5 * 60 * 1000;

// Alerts to Alertmanager: firing alerts are re-sent every minute with endsAt four minutes ahead
// (as Prometheus does, well inside Alertmanager's 5-minute resolve_timeout), and a resolution is
// repeated for 15 minutes.
inline constexpr int kAlertResendMs = 60 * 1000;
inline constexpr int kAlertEndsAheadMs = 4 * 60 * 1000;
inline constexpr int kAlertResolvedRepeatMs = 15 * 60 * 1000;

} // namespace NetPulse::Limits
