#include "CheckedSpinBox.h"

namespace NetPulse {

namespace {

// The number in what the user typed, without the prefix and suffix ("50 ms" → "50").
QString bare(QString text, const QString &prefix, const QString &suffix)
{
    text = text.trimmed();
    if (!prefix.trimmed().isEmpty() && text.startsWith(prefix.trimmed()))
        text.remove(0, prefix.trimmed().size());
    if (!suffix.trimmed().isEmpty() && text.endsWith(suffix.trimmed()))
        text.chop(suffix.trimmed().size());
    return text.trimmed();
}

// Qt's verdict, except that a number out of range may be typed (fixup() deals with it).
template<typename Parse>
QValidator::State allowOutOfRange(QValidator::State qtState, const QString &number, Parse parse)
{
    if (qtState != QValidator::Invalid)
        return qtState;
    bool ok = false;
    parse(number, &ok);
    return ok || number == QLatin1String("-") ? QValidator::Intermediate : QValidator::Invalid;
}

// Clamps a typed number to [low, high]; the words saying what changed, or empty when nothing did.
template<typename T, typename Box>
QString clampTyped(const Box &box, QString &input, T typed, T low, T high, const QString &shownLimit)
{
    if (typed >= low && typed <= high)
        return QString();
    input = box.prefix() + shownLimit + box.suffix();
    const QString was = box.locale().toString(typed) + box.suffix();
    const QString now = shownLimit + box.suffix();
    return typed < low ? CheckedSpinBox::tr("%1 is below the minimum: set to %2.").arg(was, now)
                       : CheckedSpinBox::tr("%1 is above the maximum: set to %2.").arg(was, now);
}

} // namespace

QValidator::State CheckedSpinBox::validate(QString &input, int &pos) const
{
    return allowOutOfRange(QSpinBox::validate(input, pos), bare(input, prefix(), suffix()),
                           [this](const QString &text, bool *ok) { return locale().toLongLong(text, ok); });
}

void CheckedSpinBox::fixup(QString &input) const
{
    bool ok = false;
    const qint64 typed = locale().toLongLong(bare(input, prefix(), suffix()), &ok);
    if (!ok)
        return;
    const qint64 limit = std::clamp<qint64>(typed, minimum(), maximum());
    const QString why = clampTyped<qint64>(*this, input, typed, minimum(), maximum(), locale().toString(limit));
    if (!why.isEmpty())
        emit corrected(why);
}

QValidator::State CheckedDoubleSpinBox::validate(QString &input, int &pos) const
{
    return allowOutOfRange(QDoubleSpinBox::validate(input, pos), bare(input, prefix(), suffix()),
                           [this](const QString &text, bool *ok) { return locale().toDouble(text, ok); });
}

void CheckedDoubleSpinBox::fixup(QString &input) const
{
    bool ok = false;
    const double typed = locale().toDouble(bare(input, prefix(), suffix()), &ok);
    if (!ok)
        return;
    const double limit = std::clamp(typed, minimum(), maximum());
    // Shown as the field shows it ("1.00"), said as a number ("1").
    const QString why = clampTyped(*this, input, typed, minimum(), maximum(), locale().toString(limit));
    if (why.isEmpty())
        return;
    input = prefix() + locale().toString(limit, 'f', decimals()) + suffix();
    emit corrected(why);
}

} // namespace NetPulse
