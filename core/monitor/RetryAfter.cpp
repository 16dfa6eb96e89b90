#include "monitor/RetryAfter.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class RetryAfterWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::RetryAfter)
};

} // namespace

namespace {

int monthNumber(const QString &name)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int i = 0; i < 12; ++i) {
        if (name == QLatin1String(months[i]))
            return i + 1;
    }
    return 0;
}

std::optional<QDateTime> makeUtc(int year, int month, int day, int hour, int minute, int second)
{
    const QDate date(year, month, day);
    const QTime time(hour, minute, second);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC);
}

} // namespace

std::optional<QDateTime> RetryAfter::parseHttpDate(const QByteArray &value)
{
    const QString text = QString::fromLatin1(value).trimmed();
    // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
    static const QRegularExpression imf(
        QStringLiteral("^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ([A-Z][a-z]{2}) (\\d{4}) "
                       "(\\d{2}):(\\d{2}):(\\d{2}) GMT$"));
    // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT (two-digit years: RFC 9110 §5.6.7 says a year
    // more than 50 years in the future is taken as the past century)
    static const QRegularExpression rfc850(
        QStringLiteral("^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-([A-Z][a-z]{2})-"
                       "(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$"));
    // asctime: Sun Nov  6 08:49:37 1994
    static const QRegularExpression asctime(
        QStringLiteral("^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2}) "
                       "(\\d{4})$"));
    QRegularExpressionMatch m = imf.match(text);
    if (m.hasMatch())
        return makeUtc(m.captured(3).toInt(), monthNumber(m.captured(2)), m.captured(1).toInt(), m.captured(4).toInt(),
                       m.captured(5).toInt(), m.captured(6).toInt());
    m = rfc850.match(text);
    if (m.hasMatch()) {
        int year = 2000 + m.captured(3).toInt();
        if (year > QDate::currentDate().year() + 50)
            year -= 100;
        return makeUtc(year, monthNumber(m.captured(2)), m.captured(1).toInt(), m.captured(4).toInt(),
                       m.captured(5).toInt(), m.captured(6).toInt());
    }
    m = asctime.match(text);
    if (m.hasMatch())
        return makeUtc(m.captured(6).toInt(), monthNumber(m.captured(1)), m.captured(2).trimmed().toInt(),
                       m.captured(3).toInt(), m.captured(4).toInt(), m.captured(5).toInt());
    return std::nullopt;
}

std::optional<qint64> RetryAfter::parse(const QByteArray &value, const QDateTime &now, QString *note)
{
    const QByteArray trimmed = value.trimmed();
    auto reject = [&](const QString &why) -> std::optional<qint64> {
        if (note)
            *note = RetryAfterWords::tr("Retry-After '%1' ignored: %2").arg(QString::fromLatin1(trimmed), why);
        return std::nullopt;
    };
    if (trimmed.isEmpty())
        return reject(QStringLiteral("empty"));
    if (trimmed.startsWith('-'))
        return reject(QStringLiteral("negative"));
    bool allDigits = true;
    for (char c : trimmed)
        allDigits = allDigits && c >= '0' && c <= '9';
    if (allDigits) {
        if (trimmed.size() > 9) // more than 31 years: nobody means it, and it would overflow later
            return reject(RetryAfterWords::tr("absurdly large"));
        return trimmed.toLongLong() * 1000;
    }
    const std::optional<QDateTime> date = parseHttpDate(trimmed);
    if (!date)
        return reject(RetryAfterWords::tr("neither delay-seconds nor an HTTP-date"));
    return std::max<qint64>(0, now.msecsTo(*date));
}

} // namespace NetPulse
