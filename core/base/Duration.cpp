#include "base/Duration.h"

#include <QCoreApplication>
#include <QLocale>

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class DurationWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::Duration)
};

} // namespace

QString durationText(qint64 ms, DurationPrecision precision)
{
    if (ms < 0)
        ms = 0;
    if (precision == DurationPrecision::WholeSeconds && ms < 120000)
        return DurationWords::tr("%1 s").arg((ms + 999) / 1000);
    if (ms < 10000)
        // In the default locale: the window's language sets it ("6,2 s" in German); the headless
        // mode sets C, since scripts read its words.
        return DurationWords::tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
    const qint64 s = (ms + 500) / 1000;
    if (s < 120)
        return DurationWords::tr("%1 s").arg(s);
    if (s < 3600)
        return DurationWords::tr("%1 min").arg(s / 60);
    if (s < 86400)
        return DurationWords::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return DurationWords::tr("%1 days").arg(s / 86400);
}

} // namespace NetPulse
