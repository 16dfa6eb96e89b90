#pragma once

#include <QDoubleSpinBox>
#include <QSpinBox>

namespace NetPulse {

// Spin boxes that never change a typed value silently. Qt's own refuse the keystroke that would
// leave the range ("500" retries ends as "50") or put the previous value back on leaving the field
// ("50" ms becomes 5000 again). These accept any number while typing, clamp it to the nearest
// limit when the field is left, and say what they changed and why through corrected().
class CheckedSpinBox : public QSpinBox
{
    Q_OBJECT
public:
    using QSpinBox::QSpinBox;

    QValidator::State validate(QString &input, int &pos) const override;
    void fixup(QString &input) const override;

signals:
    void corrected(const QString &why) const;
};

class CheckedDoubleSpinBox : public QDoubleSpinBox
{
    Q_OBJECT
public:
    using QDoubleSpinBox::QDoubleSpinBox;

    QValidator::State validate(QString &input, int &pos) const override;
    void fixup(QString &input) const override;

signals:
    void corrected(const QString &why) const;
};

} // namespace NetPulse
