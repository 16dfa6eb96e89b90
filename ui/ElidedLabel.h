#pragma once

#include <QLabel>

namespace NetPulse {

// One line of plain text that is cut with "…" when it does not fit, never clipped mid-letter and
// never widening its window; the whole text is its tooltip.
class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr, Qt::TextElideMode mode = Qt::ElideRight);

    void setText(const QString &text);
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Qt::TextElideMode m_mode;
};

} // namespace NetPulse
