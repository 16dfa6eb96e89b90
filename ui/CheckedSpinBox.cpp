#include "CheckedSpinBox.h"

namespace NetPulse {

namespace {

// The number in what the user typed, without the prefix and suffix ("50 ms" → "50").
QString bare(const QAbstractSpinBox &box, QString text, const QString &prefix, const QString &suffix)
{
    Q_UNUSED(box);
    text = text.trimmed();
    if (!prefix.isEmpty() && text.startsWith(prefix.trimmed()))
        text.remove(0, prefix.trimmed().size());
    if (!suffix.isEmpty() && text.endsWith(suffix.trimmed()))
        text.chop(suffix.trimmed().size());
    return text.trimmed();
}

template<typename T>
QString correction(T typed, T low, T high, const QString &suffix, const QLocale &locale)
{
    const bool below = typed < low;
    const T limit = below ? low : high;
    return below ? CheckedSpinBox::tr("%1%3 is below the minimum: set to %2%3.")
                       .arg(locale.toString(typed), locale.toString(limit), suffix)
                 : CheckedSpinBox::tr("%1%3 is above the maximum: set to %2%3.")
                       .arg(locale.toString(typed), locale.toString(limit), suffix);
}

} // namespace

QValidator::State CheckedSpinBox::validate(QString &input, int &pos) const
{
    const QValidator::State state = QSpinBox::validate(input, pos);
    if (state != QValidator::Invalid)
        return state;
    // A whole number out of range may be typed; fixup() clamps it and says so.
    bool ok = false;
    const QString number = bare(*this, input, prefix(), suffix());
    locale().toLongLong(number, &ok);
    return ok || number == QLatin1String("-") ? QValidator::Intermediate : QValidator::Invalid;
}

void CheckedSpinBox::fixup(QString &input) const
{
    bool ok = false;
    const qint64 typed = locale().toLongLong(bare(*this, input, prefix(), suffix()), &ok);
    if (!ok || (typed >= minimum() && typed <= maximum()))
        return;
    const qint64 clamped = std::clamp<qint64>(typed, minimum(), maximum());
    input = prefix() + locale().toString(clamped) + suffix();
    emit corrected(correction<qint64>(typed, minimum(), maximum(), suffix(), locale()));
}

QValidator::State CheckedDoubleSpinBox::validate(QString &input, int &pos) const
{
    const QValidator::State state = QDoubleSpinBox::validate(input, pos);
    if (state != QValidator::Invalid)
        return state;
    bool ok = false;
    const QString number = bare(*this, input, prefix(), suffix());
    locale().toDouble(number, &ok);
    return ok || number == QLatin1String("-") ? QValidator::Intermediate : QValidator::Invalid;
}

void CheckedDoubleSpinBox::fixup(QString &input) const
{
    bool ok = false;
    const double typed = locale().toDouble(bare(*this, input, prefix(), suffix()), &ok);
    if (!ok || (typed >= minimum() && typed <= maximum()))
        return;
    const double clamped = std::clamp(typed, minimum(), maximum());
    input = prefix() + locale().toString(clamped, 'f', decimals()) + suffix();
    emit corrected(correction<double>(typed, minimum(), maximum(), suffix(), locale()));
}

} // namespace NetPulse
