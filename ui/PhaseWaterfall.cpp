#include "PhaseWaterfall.h"

#include <QPainter>

#include "Presentation.h"

#include "probe/ProbeResult.h"

namespace NetPulse {

PhaseWaterfall::PhaseWaterfall(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("phaseWaterfall"));
    setMinimumHeight(90);
    setResult(nullptr);
}

QSize PhaseWaterfall::sizeHint() const
{
    return {360, 100};
}

QSize PhaseWaterfall::minimumSizeHint() const
{
    // Labels and values never overlap: below this the dashboard scrolls instead.
    return {labelWidth() + valueWidth() + 40, 4 * 18};
}

int PhaseWaterfall::labelWidth() const
{
    return fontMetrics().horizontalAdvance(tr("Waiting (TTFB)")) + 12;
}

int PhaseWaterfall::valueWidth() const
{
    return std::max(fontMetrics().horizontalAdvance(QStringLiteral("00000 ms")),
                    fontMetrics().horizontalAdvance(tr("not reached"))) +
           8;
}

void PhaseWaterfall::setResult(const ProbeResult *result)
{
    m_phases = {{tr("Connect"), result ? result->timeline.connectMs() : std::nullopt},
                {tr("TLS"), result ? result->timeline.tlsMs() : std::nullopt},
                {tr("Waiting (TTFB)"), result ? result->timeline.ttfbMs() : std::nullopt},
                {tr("Transfer"), result ? result->timeline.transferMs() : std::nullopt}};
    update();
}

void PhaseWaterfall::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    double total = 0;
    for (const Phase &phase : std::as_const(m_phases))
        total += phase.ms.value_or(0.0);
    const int labelWidth = this->labelWidth();
    const int valueWidth = this->valueWidth();
    const int rowHeight = std::max(18, height() / std::max<int>(1, int(m_phases.size())));
    const double barSpace = std::max(10, width() - labelWidth - valueWidth);
    double offset = 0;
    for (int i = 0; i < m_phases.size(); ++i) {
        const Phase &phase = m_phases.at(i);
        const QRect row(0, i * rowHeight, width(), rowHeight);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(row.adjusted(0, 0, -(width() - labelWidth), 0), Qt::AlignVCenter | Qt::AlignLeft, phase.name);
        const QString value = phase.ms ? Presentation::milliseconds(phase.ms) : tr("not reached");
        painter.drawText(QRect(width() - valueWidth, row.top(), valueWidth, rowHeight),
                         Qt::AlignVCenter | Qt::AlignRight, value);
        if (phase.ms && total > 0) {
            const double x = labelWidth + offset / total * barSpace;
            const double w = std::max(2.0, *phase.ms / total * barSpace);
            painter.setPen(Qt::NoPen);
            painter.setBrush(Presentation::phaseColour(i));
            painter.drawRoundedRect(QRectF(x, row.top() + rowHeight * 0.25, w, rowHeight * 0.5), 2, 2);
            offset += *phase.ms;
        }
    }
}

} // namespace NetPulse
