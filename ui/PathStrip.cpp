#include "PathStrip.h"

#include "Presentation.h"

#include "probe/ProbePath.h"

namespace NetPulse {

PathStrip::PathStrip(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("pathStrip"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setAccessibleName(tr("Path of the last check"));
    setResult(nullptr);
}

void PathStrip::setResult(const ProbeResult *result)
{
    if (!result) {
        setText(tr("Path: no check yet"));
        return;
    }
    QStringList parts;
    for (const PathStep &step : ProbePath::steps(*result)) {
        QString name;
        if (step.step == QLatin1String("network"))
            name = tr("This machine's network");
        else if (step.step == QLatin1String("lookup"))
            name = tr("Name lookup");
        else if (step.step == QLatin1String("connect"))
            name = tr("Connect");
        else if (step.step == QLatin1String("tls"))
            name = tr("TLS");
        else if (step.step == QLatin1String("redirect"))
            name = tr("Redirect");
        else if (step.step == QLatin1String("gateway"))
            name = result->gateway && !result->gateway->product.isEmpty() ? result->gateway->product : tr("Gateway");
        else if (step.step == QLatin1String("page"))
            name = tr("The page");
        else
            name = tr("Service");
        QString mark;
        Presentation::Tone tone = Presentation::Tone::Neutral;
        if (step.outcome == QLatin1String("ok")) {
            mark = QStringLiteral("✓");
            tone = Presentation::Tone::Good;
        } else if (step.outcome == QLatin1String("failed")) {
            mark = QStringLiteral("✗");
            tone = Presentation::Tone::Bad;
        } else if (step.outcome == QLatin1String("not_needed")) {
            mark = tr("not needed");
        } else {
            mark = tr("not seen");
        }
        QString part = QStringLiteral("<b>%1</b> <span style=\"color:%2\">%3</span>")
                           .arg(name.toHtmlEscaped(), Presentation::colour(tone).name(), mark.toHtmlEscaped());
        QStringList facts;
        if (!step.note.isEmpty() && step.step != QLatin1String("gateway"))
            facts.append(step.note);
        if (step.step == QLatin1String("gateway"))
            facts.append(QStringLiteral("HTTP %1").arg(result->httpStatus.value_or(0)));
        if (step.ms)
            facts.append(Presentation::milliseconds(step.ms));
        if (!facts.isEmpty())
            part += QStringLiteral(" <small>(%1)</small>").arg(facts.join(QStringLiteral(", ")).toHtmlEscaped());
        parts.append(part);
    }
    setText(parts.join(QStringLiteral(" → ")));
}

} // namespace NetPulse
