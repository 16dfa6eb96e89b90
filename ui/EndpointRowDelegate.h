#pragma once

#include <QStyledItemDelegate>

namespace NetPulse {

// Draws one row of the status board: name and uptime, the state in words in its tone, and a strip
// of the last checks. Colour is never alone: the words say the state, and in the strip an ok check
// is a tall bar, a slow one a tall hollow bar, a failure a short bar.
class EndpointRowDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static constexpr int kStripChecks = 40; // the most checks one strip shows

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace NetPulse
