#include "ReportSettingsDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include "Presentation.h"

#include "probe/ProbeOptions.h"
#include "probe/Redactor.h"

namespace NetPulse {

ReportSettingsDialog::ReportSettingsDialog(const ReportSettings &settings, int waiting, bool overridden,
                                           QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
{
    setWindowTitle(tr("Reports and alerts"));
    setMinimumWidth(fontMetrics().averageCharWidth() * 72); // a URL fits without scrolling
    auto *intro = new QLabel(tr("Failures and state changes of every endpoint that allows it are sent as CloudEvents "
                                "JSON to the report URL, and an endpoint that is down raises an alert in Prometheus "
                                "Alertmanager. Leave a URL empty to send nothing there."),
                             this);
    intro->setWordWrap(true);
    m_reportUrl = new QLineEdit(settings.reports.url.toString(), this);
    m_reportUrl->setObjectName(QStringLiteral("reportUrlEdit"));
    m_reportUrl->setPlaceholderText(QStringLiteral("https://backend.example/netpulse/events"));
    m_alertUrl = new QLineEdit(settings.alerts.url.toString(), this);
    m_alertUrl->setObjectName(QStringLiteral("alertmanagerUrlEdit"));
    m_alertUrl->setPlaceholderText(QStringLiteral("http://localhost:9093"));
    QStringList lines;
    for (const auto &header : settings.reports.headers)
        lines << QString::fromLatin1(header.first) + QStringLiteral(": ") + Redactor::kMask;
    m_headers = new QPlainTextEdit(lines.join(QLatin1Char('\n')), this);
    m_headers->setObjectName(QStringLiteral("reportHeadersEdit"));
    m_headers->setPlaceholderText(QStringLiteral("Authorization: Bearer …"));
    m_headers->setTabChangesFocus(true);
    m_headers->setMaximumHeight(m_headers->fontMetrics().lineSpacing() * 5);
    auto *headersNote = new QLabel(tr("One 'Name: value' per line, sent with reports and alerts. Saved values show as "
                                      "%1 and are kept unless you change the line.")
                                       .arg(Redactor::kMask),
                                   this);
    headersNote->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Report URL:"), m_reportUrl);
    form->addRow(tr("&Alertmanager:"), m_alertUrl);
    form->addRow(tr("&Headers:"), m_headers);
    form->addRow(QString(), headersNote);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("reportSettingsProblem"));
    m_problem->setStyleSheet(Presentation::styleSheet(Presentation::Style::ErrorText));
    m_problem->setWordWrap(true);
    m_problem->setVisible(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ReportSettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ReportSettingsDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    // Reports queued while a URL was set stay in the outbox when it is cleared: said, not hidden.
    QString state = settings.reports.isValid() || overridden ? tr("%n report(s) waiting to be sent.", nullptr, waiting)
                    : waiting > 0 ? tr("%n report(s) from earlier wait for a report URL.", nullptr, waiting)
                                  : QString();
    if (overridden)
        state += QLatin1Char(' ') + tr("This run uses the URLs given on the command line; what is saved here applies "
                                       "from the next start without them.");
    if (!state.isEmpty()) {
        auto *stateLabel = new QLabel(state.trimmed(), this);
        stateLabel->setObjectName(QStringLiteral("reportState"));
        stateLabel->setWordWrap(true);
        layout->addWidget(stateLabel);
    }
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
}

QString ReportSettingsDialog::apply()
{
    ReportSettings next;
    const struct
    {
        QLineEdit *edit;
        ReportTarget *target;
        QString label;
    } urls[] = {{m_reportUrl, &next.reports, tr("Report URL")}, {m_alertUrl, &next.alerts, tr("Alertmanager")}};
    for (const auto &field : urls) {
        const QString text = field.edit->text().trimmed();
        if (text.isEmpty())
            continue;
        QString problem;
        const QUrl url = ReportTarget::parseUrl(text, &problem);
        if (!problem.isEmpty())
            return tr("%1 %2").arg(field.label, problem);
        field.target->url = url;
    }
    for (const QString &line : m_headers->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (line.trimmed().isEmpty())
            continue;
        QPair<QByteArray, QByteArray> header;
        QString error;
        if (!parseHeaderLine(line, &header, &error))
            return tr("Headers: %1").arg(error);
        if (header.second == Redactor::kMask.toUtf8()) {
            // The saved value, unchanged.
            bool found = false;
            for (const auto &saved : std::as_const(m_settings.reports.headers)) {
                if (saved.first.compare(header.first, Qt::CaseInsensitive) == 0) {
                    header.second = saved.second;
                    found = true;
                    break;
                }
            }
            if (!found)
                return tr("Headers: %1 has no saved value; type its value").arg(QString::fromLatin1(header.first));
        }
        next.reports.headers.append(header);
    }
    next.alerts.headers = next.reports.headers;
    m_settings = next;
    return QString();
}

void ReportSettingsDialog::accept()
{
    const QString problem = apply();
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    if (problem.isEmpty())
        QDialog::accept();
}

} // namespace NetPulse
