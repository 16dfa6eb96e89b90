#include "EndpointRowDelegate.h"

#include <QApplication>
#include <QPainter>
#include <QSortFilterProxyModel>

#include "EndpointListModel.h"
#include "Presentation.h"

#include "endpoints/WatchedEndpoint.h"

namespace NetPulse {

namespace {

constexpr int kMargin = 6;
constexpr int kDot = 10;
constexpr int kStripHeight = 10;
constexpr int kBarWidth = 4;
constexpr int kBarGap = 2;

} // namespace

QSize EndpointRowDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics metrics(option.font);
    // Width 0: the row takes the view's width and never asks for a horizontal scroll bar.
    return {0, 2 * metrics.lineSpacing() + kStripHeight + 3 * kMargin};
}

void EndpointRowDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.icon = QIcon();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // background and selection

    // The sidebar shows the rows through its filter (EndpointFilterModel): the endpoint is the
    // source row's.
    const auto *proxy = qobject_cast<const QSortFilterProxyModel *>(index.model());
    const QModelIndex source = proxy ? proxy->mapToSource(index) : index;
    const auto *model = qobject_cast<const EndpointListModel *>(source.model());
    const WatchedEndpoint *endpoint = model ? model->at(source.row()) : nullptr;
    if (!endpoint)
        return;
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = option.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    const QColor text = option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    const auto tone = Presentation::Tone(index.data(EndpointListModel::ToneRole).toInt());
    const QRect area = option.rect.adjusted(kMargin, kMargin / 2, -kMargin, -kMargin / 2);
    const QFontMetrics metrics(option.font);
    const int line = metrics.lineSpacing();

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    // Line 1: the dot, the name (elided), the uptime on the right.
    painter->setPen(Qt::NoPen);
    painter->setBrush(Presentation::colour(tone));
    painter->drawEllipse(QRectF(area.left(), area.top() + (line - kDot) / 2.0, kDot, kDot));
    QFont bold = option.font;
    bold.setBold(true);
    const QString uptime = index.data(EndpointListModel::UptimeRole).toString();
    const int uptimeWidth = metrics.horizontalAdvance(uptime) + kMargin;
    const QRect nameRect(area.left() + kDot + kMargin, area.top(), area.width() - kDot - kMargin - uptimeWidth, line);
    painter->setFont(bold);
    painter->setPen(text);
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(bold).elidedText(endpoint->displayName(), Qt::ElideRight, nameRect.width()));
    painter->setFont(option.font);
    painter->drawText(QRect(area.right() - uptimeWidth, area.top(), uptimeWidth, line),
                      Qt::AlignRight | Qt::AlignVCenter, uptime);

    // Line 2: the state in words, in its tone (words first: the colour only underlines them).
    const QRect stateRect(nameRect.left(), area.top() + line, area.width() - kDot - kMargin, line);
    painter->setPen(selected ? text : Presentation::colour(tone));
    painter->drawText(
        stateRect, Qt::AlignLeft | Qt::AlignVCenter,
        metrics.elidedText(index.data(EndpointListModel::StateTextRole).toString(), Qt::ElideRight, stateRect.width()));

    // Line 3: the last checks, oldest left, newest right.
    const QRect strip(nameRect.left(), area.top() + 2 * line + kMargin / 2, stateRect.width(), kStripHeight);
    const int fits = std::min(kStripChecks, std::max(1, (strip.width() + kBarGap) / (kBarWidth + kBarGap)));
    const auto &samples = endpoint->stats().samples();
    const int shown = std::min<int>(fits, int(samples.size()));
    const int slowMs = endpoint->config().settings.slowThresholdMs;
    int x = strip.right() - shown * (kBarWidth + kBarGap) + kBarGap;
    for (auto it = samples.end() - shown; it != samples.end(); ++it, x += kBarWidth + kBarGap) {
        const bool ok = it->kind == FailureKind::Ok;
        const bool slow = ok && it->totalMs > slowMs;
        const QColor colour =
            Presentation::colour(ok && !slow                                      ? Presentation::Tone::Good
                                 : ok                                             ? Presentation::Tone::Warning
                                 : failureFamily(it->kind) == FailureFamily::Http ? Presentation::Tone::Warning
                                                                                  : Presentation::Tone::Bad);
        const int height = ok ? kStripHeight : kStripHeight / 2;
        const QRectF bar(x, strip.bottom() - height + 1, kBarWidth, height);
        if (slow) {
            painter->setPen(QPen(colour, 1.2));
            painter->setBrush(Qt::NoBrush);
            painter->drawRect(bar.adjusted(0.6, 0.6, -0.6, -0.6));
        } else {
            painter->setPen(Qt::NoPen);
            painter->setBrush(colour);
            painter->drawRect(bar);
        }
    }
    painter->restore();
}

} // namespace NetPulse
