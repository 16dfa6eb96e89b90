#include "base/Duration.h"

namespace NetPulse {

QString durationText(qint64 ms, DurationPrecision precision)
{
    if (ms < 0)
        ms = 0;
    if (precision == DurationPrecision::WholeSeconds && ms < 120000)
        return QStringLiteral("%1 s").arg((ms + 999) / 1000);
    if (ms < 10000)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    const qint64 s = (ms + 500) / 1000;
    if (s < 120)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min").arg(s / 60);
    if (s < 86400)
        return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return QStringLiteral("%1 days").arg(s / 86400);
}

} // namespace NetPulse
