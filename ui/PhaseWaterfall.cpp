#include "PhaseWaterfall.h"

#include <QPainter>

#include "Presentation.h"

#include "probe/ProbeResult.h"

namespace NetPulse {

PhaseWaterfall::PhaseWaterfall(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("phaseWaterfall"));
    setAccessibleName(tr("Phases of the last request"));
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
    return {labelWidth() + valueWidth() + 40, int(m_phases.size()) * 18};
}

int PhaseWaterfall::labelWidth() const
{
    int widest = 0;
    for (const Phase &phase : m_phases)
        widest = std::max(widest, fontMetrics().horizontalAdvance(phase.name));
    return widest + 12;
}

int PhaseWaterfall::valueWidth() const
{
    int widest = fontMetrics().horizontalAdvance(QStringLiteral("00000 ms"));
    for (const Phase &phase : m_phases)
        widest = std::max(widest, fontMetrics().horizontalAdvance(phase.withoutTime));
    return widest + 8;
}

void PhaseWaterfall::setResult(const ProbeResult *result)
{
    const QString notReached = tr("not reached");
    if (!result) {
        m_phases = {{tr("Setup"), std::nullopt, notReached},
                    {tr("Connect"), std::nullopt, notReached},
                    {tr("TLS"), std::nullopt, notReached},
                    {tr("Waiting (TTFB)"), std::nullopt, notReached},
                    {tr("Transfer"), std::nullopt, notReached}};
        describe();
        return;
    }
    const ProbeTimeline &t = result->timeline;
    const QUrl finalUrl = result->redirects.isEmpty() ? result->url : result->redirects.constLast();
    const bool https = finalUrl.scheme() == QLatin1String("https");
    // Qt reports no separate TCP connect on https: the TLS row covers both.
    const QString connectMissing = !https ? notReached : t.encryptedNs >= 0 ? tr("in TLS") : tr("not measured");
    // Bytes that were not HTTP are an answer, but no headers ever came.
    const QString ttfbMissing =
        result->kind == FailureKind::ProtocolError && !result->httpStatus ? tr("no headers") : notReached;
    m_phases = {{tr("Setup"), t.setupMs(), notReached},
                {tr("Connect"), t.connectMs(), connectMissing},
                {tr("TLS"), t.tlsMs(),
                 !https                                  ? tr("not used")
                 : result->kind == FailureKind::TlsError ? tr("failed")
                                                         : notReached},
                {tr("Waiting (TTFB)"), t.ttfbMs(), ttfbMissing},
                {tr("Transfer"), t.transferMs(), notReached}};
    describe();
}

void PhaseWaterfall::describe()
{
    // The bars are drawn only: a screen reader reads the same phases in words.
    QStringList words;
    for (const Phase &phase : std::as_const(m_phases))
        words << tr("%1: %2").arg(phase.name, phase.ms ? Presentation::milliseconds(phase.ms) : phase.withoutTime);
    Presentation::setAccessibleDescription(this, words.join(QStringLiteral("; ")));
    updateGeometry();
    update();
}

double PhaseWaterfall::scaleMs() const
{
    double total = 0;
    for (const Phase &phase : std::as_const(m_phases))
        total += phase.ms.value_or(0.0);
    return std::max(total, 1.0);
}

void PhaseWaterfall::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const double total = scaleMs();
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
        const QString value = phase.ms ? Presentation::milliseconds(phase.ms) : phase.withoutTime;
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
