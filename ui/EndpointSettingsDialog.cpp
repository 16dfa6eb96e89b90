#include "EndpointSettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include "CheckedSpinBox.h"
#include "Presentation.h"

#include "probe/PageOriginCheck.h"
#include "probe/UrlValidator.h"

namespace NetPulse {

namespace {

template<typename T>
QSpinBox *spin(QWidget *parent, const char *name, const Limits::Range<T> &range, T value, const QString &suffix)
{
    auto *box = new CheckedSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(int(range.low), int(range.high));
    box->setValue(int(std::clamp(value, range.low, range.high)));
    box->setSuffix(suffix);
    box->setAccelerated(true);
    return box;
}

} // namespace

EndpointSettingsDialog::EndpointSettingsDialog(const EndpointConfig &config, QWidget *parent)
    : QDialog(parent)
    , m_config(config)
{
    setWindowTitle(tr("Endpoint settings"));
    setObjectName(QStringLiteral("endpointSettingsDialog"));
    const MonitorSettings &s = config.settings;
    const QString ms = tr(" ms");
    m_name = new QLineEdit(config.name, this);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_url = new QLineEdit(s.probe.url.toString(), this);
    m_url->setObjectName(QStringLiteral("settingsUrlEdit"));
    m_method = new QComboBox(this);
    m_method->setObjectName(QStringLiteral("methodCombo"));
    m_method->setAccessibleName(tr("Method"));
    m_method->setEditable(true);
    m_method->lineEdit()->setAccessibleName(tr("Method")); // the field typed in, inside the box
    m_method->addItems(commonMethods());
    m_method->setCurrentText(QString::fromLatin1(s.probe.method));
    m_interval = spin(this, "intervalSpin", Limits::intervalMs, s.intervalMs, ms);
    m_timeout = spin(this, "timeoutSpin", Limits::timeoutMs, s.probe.inactivityTimeoutMs, ms);
    m_deadline = spin(this, "deadlineSpin", Limits::deadlineMs, s.probe.totalDeadlineMs, ms);
    // The body limit is shown in KiB; its range is the byte range, rounded to whole KiB.
    const Limits::Range<qint64> bodyKiB{1, Limits::maxBodyBytes.high / 1024, Limits::maxBodyBytes.fallback / 1024};
    m_maxBodyKiB = spin(this, "maxBodySpin", bodyKiB, std::max<qint64>(1, s.probe.maxBodyBytes / 1024), tr(" KiB"));
    m_retries = spin(this, "retriesSpin", Limits::retries, s.retries, QString());
    m_backoffInitial = spin(this, "backoffInitialSpin", Limits::backoffInitialMs, s.backoff.initialMs, ms);
    m_backoffMax = spin(this, "backoffMaxSpin", Limits::backoffMaxMs, s.backoff.capMs, ms);
    m_multiplier = new CheckedDoubleSpinBox(this);
    m_multiplier->setObjectName(QStringLiteral("multiplierSpin"));
    m_multiplier->setRange(Limits::backoffMultiplier.low, Limits::backoffMultiplier.high);
    m_multiplier->setSingleStep(0.1);
    m_multiplier->setValue(s.backoff.multiplier);
    m_jitter = new QComboBox(this);
    m_jitter->setObjectName(QStringLiteral("jitterCombo"));
    // Words in the window's language; the name endpoint files use ("full") as the item's data and
    // tooltip ("full" stood untranslated in the German dialog).
    const std::pair<JitterMode, QString> jitters[] = {{JitterMode::Full, tr("Full")},
                                                      {JitterMode::Equal, tr("Equal")},
                                                      {JitterMode::Decorrelated, tr("Decorrelated")},
                                                      {JitterMode::None, tr("None")}};
    for (const auto &[mode, words] : jitters) {
        m_jitter->addItem(words, jitterModeName(mode));
        m_jitter->setItemData(m_jitter->count() - 1, jitterModeName(mode), Qt::ToolTipRole);
    }
    m_jitter->setCurrentIndex(m_jitter->findData(jitterModeName(s.backoff.jitter)));
    m_downInterval = spin(this, "downIntervalSpin", Limits::downIntervalMs, s.downIntervalMs, ms);
    m_slow = spin(this, "slowSpin", Limits::slowMs, s.slowThresholdMs, ms);
    m_headers = new QPlainTextEdit(this);
    m_headers->setObjectName(QStringLiteral("headersEdit"));
    m_headers->setPlaceholderText(tr("Name: value, one per line"));
    QStringList lines;
    for (const auto &h : s.probe.headers)
        lines << QString::fromLatin1(h.first + ": " + h.second);
    m_headers->setPlainText(lines.join(QLatin1Char('\n')));
    m_headers->setMaximumHeight(80);
    // Tab moves on (to the check boxes, OK and Cancel): a tab is never part of a header line.
    m_headers->setTabChangesFocus(true);
    m_insecure = new QCheckBox(tr("Accept certificates that fail verification (insecure)"), this);
    m_insecure->setObjectName(QStringLiteral("insecureCheck"));
    m_insecure->setChecked(s.probe.insecure);
    m_retryNonIdempotent = new QCheckBox(tr("Retry POST and PATCH too"), this);
    m_retryNonIdempotent->setObjectName(QStringLiteral("retryNonIdempotentCheck"));
    m_retryNonIdempotent->setChecked(s.allowRetryNonIdempotent);
    m_recoveryWatch = new QCheckBox(tr("While it refuses or its name does not resolve, try the port (or name) every "
                                       "second and check at once when it answers"),
                                    this);
    m_recoveryWatch->setObjectName(QStringLiteral("recoveryWatchCheck"));
    m_recoveryWatch->setChecked(s.recoveryWatch);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("settingsProblem"));
    m_problem->setStyleSheet(Presentation::styleSheet(Presentation::Style::ErrorText));
    m_problem->setWordWrap(true);
    m_problem->setVisible(false);

    auto *form = new QFormLayout;
    // Under each number, room for what was corrected in it and why (hidden until then).
    // Beside each number, in the same row, room for what was corrected in it and why: a note
    // never pushes the fields below it down while the user is filling them in.
    auto addNumber = [this, form](const QString &label, QAbstractSpinBox *box) {
        auto *row = new QWidget(this);
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        auto *note = new QLabel(row);
        note->setObjectName(box->objectName() + QStringLiteral("Note"));
        note->setStyleSheet(Presentation::styleSheet(Presentation::Style::WarningText));
        note->setMinimumWidth(
            fontMetrics().horizontalAdvance(QStringLiteral("500 ms is above the maximum: set to 100 ms.")));
        rowLayout->addWidget(box);
        rowLayout->addWidget(note, 1);
        // The label's buddy is the number itself, not the row around it: so its mnemonic reaches the
        // field and a screen reader names the field by it.
        auto *caption = new QLabel(label, this);
        caption->setBuddy(box);
        // Qt names a control after a label beside it in the same parent; this one is not.
        box->setAccessibleName(QString(label).remove(QLatin1Char('&')).remove(QLatin1Char(':')).trimmed());
        form->addRow(caption, row);
        auto show = [this, note](const QString &why) {
            note->setText(why);
            ++m_corrections;
        };
        if (auto *whole = qobject_cast<CheckedSpinBox *>(box))
            connect(whole, &CheckedSpinBox::corrected, this, show);
        else if (auto *real = qobject_cast<CheckedDoubleSpinBox *>(box))
            connect(real, &CheckedDoubleSpinBox::corrected, this, show);
        // Typing in the field again: the note was about the old value. (Not textChanged: the
        // correction itself changes the text.)
        if (auto *edit = box->findChild<QLineEdit *>())
            connect(edit, &QLineEdit::textEdited, this, [this, note] {
                note->clear();
                m_problem->setVisible(false);
            });
        m_numbers << box;
    };
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&URL:"), m_url);
    form->addRow(tr("&Method:"), m_method);
    addNumber(tr("Check &every:"), m_interval);
    addNumber(tr("&Timeout (no progress):"), m_timeout);
    addNumber(tr("&Deadline (total):"), m_deadline);
    addNumber(tr("Body &limit:"), m_maxBodyKiB);
    addNumber(tr("&Retries per failure:"), m_retries);
    addNumber(tr("First retry &after:"), m_backoffInitial);
    addNumber(tr("Longest retry &delay:"), m_backoffMax);
    addNumber(tr("Delay &growth:"), m_multiplier);
    form->addRow(tr("&Jitter:"), m_jitter);
    addNumber(tr("Check every, once &down:"), m_downInterval);
    addNumber(tr("&Slow above:"), m_slow);
    form->addRow(tr("&Headers:"), m_headers);
    form->addRow(QString(), m_insecure);
    form->addRow(QString(), m_retryNonIdempotent);
    form->addRow(QString(), m_recoveryWatch);
    m_report = new QCheckBox(tr("Send its failures to the reports and alerts (Notifications menu)"), this);
    m_report->setObjectName(QStringLiteral("reportCheck"));
    m_report->setChecked(config.report);
    form->addRow(QString(), m_report);
    // The problem shown at OK was about what was there then; an edit hides it until the next OK.
    for (QLineEdit *edit : {m_name, m_url})
        connect(edit, &QLineEdit::textEdited, m_problem, [this] { m_problem->setVisible(false); });
    connect(m_headers, &QPlainTextEdit::textChanged, m_problem, [this] { m_problem->setVisible(false); });
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &EndpointSettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &EndpointSettingsDialog::reject);
    auto *layout = new QVBoxLayout(this);
    if (config.demo) {
        auto *demoNote =
            new QLabel(tr("This is a demo endpoint: it is not saved, because the demo's ports change every "
                          "run. To keep it, add its URL as a new endpoint."),
                       this);
        demoNote->setObjectName(QStringLiteral("demoNote"));
        demoNote->setWordWrap(true);
        layout->addWidget(demoNote);
    }
    // The checks have their own tab, so the dialog still fits a small screen.
    const ResponseChecks &checks = s.probe.checks;
    auto edit = [this](const char *name, const QString &text, const QString &placeholder) {
        auto *line = new QLineEdit(text, this);
        line->setObjectName(QLatin1String(name));
        line->setPlaceholderText(placeholder);
        connect(line, &QLineEdit::textEdited, m_problem, [this] { m_problem->setVisible(false); });
        return line;
    };
    m_expectStatus = edit("expectStatusEdit", ResponseChecks::statusesText(checks.statuses),
                          tr("any 2xx or 3xx; or e.g. 200, 204-206"));
    m_expectBody = edit("expectBodyEdit", checks.bodyContains, tr("text the body must contain"));
    m_pageOrigin = edit("pageOriginEdit", s.probe.pageOrigin,
                        tr("e.g. http://localhost:3000: would a browser page there get the answer?"));
    m_expectNotBody = edit("expectNotBodyEdit", checks.bodyNotContains, tr("text the body must not contain"));
    m_expectRegex = edit("expectRegexEdit", checks.bodyRegex, tr("a regular expression the body must match"));
    QString json;
    if (!checks.jsonPath.isNull()) {
        json = checks.jsonPath;
        if (!checks.jsonEquals.isUndefined())
            json += QStringLiteral(" = ") +
                    QString::fromUtf8(QJsonDocument(QJsonArray{checks.jsonEquals}).toJson(QJsonDocument::Compact))
                        .mid(1)
                        .chopped(1);
    }
    m_expectJson = edit("expectJsonEdit", json, QStringLiteral("/status = \"UP\""));
    m_expectHeader = edit("expectHeaderEdit",
                          checks.headerName.isEmpty()
                              ? QString()
                              : QString::fromLatin1(checks.headerName) + QStringLiteral(": ") + checks.headerContains,
                          tr("Content-Type: json (the value must contain the text)"));
    m_expectCertDays = new QSpinBox(this);
    m_expectCertDays->setObjectName(QStringLiteral("expectCertDaysSpin"));
    m_expectCertDays->setRange(0, 3650);
    m_expectCertDays->setSpecialValueText(tr("no check"));
    m_expectCertDays->setSuffix(tr(" days"));
    m_expectCertDays->setValue(checks.certificateMinDays);
    m_expectMaxMs = new QSpinBox(this);
    m_expectMaxMs->setObjectName(QStringLiteral("expectMaxMsSpin"));
    m_expectMaxMs->setRange(0, Limits::deadlineMs.high);
    m_expectMaxMs->setSpecialValueText(tr("no check"));
    m_expectMaxMs->setSuffix(ms);
    m_expectMaxMs->setSingleStep(100); // one step up from "no check" is a usable limit, not 1 ms
    m_expectMaxMs->setValue(checks.maxMs);
    m_expectHeaderShown = m_expectHeader->text().trimmed();
    auto *checksPage = new QWidget(this);
    auto *checksForm = new QFormLayout(checksPage);
    auto *checksNote = new QLabel(tr("Checks on every answer the server gives successfully. The first that fails "
                                     "makes the check fail (\"check failed\") and says what it saw. Empty fields "
                                     "check nothing."),
                                  checksPage);
    checksNote->setWordWrap(true);
    checksForm->addRow(checksNote);
    checksForm->addRow(tr("&Status codes:"), m_expectStatus);
    checksForm->addRow(tr("Body &contains:"), m_expectBody);
    checksForm->addRow(tr("Body does &not contain:"), m_expectNotBody);
    checksForm->addRow(tr("Body &matches:"), m_expectRegex);
    checksForm->addRow(tr("&JSON value:"), m_expectJson);
    checksForm->addRow(tr("H&eader:"), m_expectHeader);
    checksForm->addRow(tr("Certificate valid &for:"), m_expectCertDays);
    checksForm->addRow(tr("Slower than this &fails:"), m_expectMaxMs);
    checksForm->addRow(tr("Called from a pa&ge:"), m_pageOrigin);
    auto *watchingPage = new QWidget(this);
    watchingPage->setLayout(form);
    // Each tab scrolls, so OK and Cancel stay reachable on a small screen.
    const QSize content = watchingPage->sizeHint().expandedTo(checksPage->sizeHint());
    auto scrolled = [this](QWidget *page) {
        auto *area = new QScrollArea(this);
        area->setWidget(page);
        area->setWidgetResizable(true);
        area->setFrameShape(QFrame::NoFrame);
        return area;
    };
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("settingsTabs"));
    tabs->addTab(scrolled(watchingPage), tr("&Watching"));
    tabs->addTab(scrolled(checksPage), tr("Chec&ks"));
    layout->addWidget(tabs);
    layout->addWidget(m_problem);
    m_naturalSize = content + QSize(60, 150); // tab bar, note, buttons, margins
    layout->addWidget(buttons);
}

void EndpointSettingsDialog::showEvent(QShowEvent *event)
{
    // As large as its content, never larger than the screen it opens on.
    if (QScreen *where = screen())
        resize(m_naturalSize.boundedTo(where->availableGeometry().size() * 0.95));
    QDialog::showEvent(event);
}

void EndpointSettingsDialog::setUrlText(const QString &text)
{
    m_url->setText(text);
}

QString EndpointSettingsDialog::apply()
{
    EndpointConfig next = m_config;
    next.name = m_name->text().trimmed();
    const UrlValidator::Result url = UrlValidator::parse(m_url->text());
    if (!url.ok())
        return tr("URL: %1").arg(url.error);
    MonitorSettings &s = next.settings;
    s.probe.url = url.url;
    s.probe.method = m_method->currentText().trimmed().toUpper().toLatin1();
    s.intervalMs = m_interval->value();
    s.probe.inactivityTimeoutMs = m_timeout->value();
    s.probe.totalDeadlineMs = m_deadline->value();
    s.probe.maxBodyBytes = qint64(m_maxBodyKiB->value()) * 1024;
    s.retries = m_retries->value();
    s.backoff.initialMs = m_backoffInitial->value();
    s.backoff.capMs = m_backoffMax->value();
    s.backoff.multiplier = m_multiplier->value();
    s.backoff.jitter = jitterModeFromName(m_jitter->currentData().toString()).value_or(JitterMode::Full);
    s.downIntervalMs = m_downInterval->value();
    s.slowThresholdMs = m_slow->value();
    s.probe.insecure = m_insecure->isChecked();
    s.allowRetryNonIdempotent = m_retryNonIdempotent->isChecked();
    s.recoveryWatch = m_recoveryWatch->isChecked();
    next.report = m_report->isChecked();
    s.probe.pageOrigin = m_pageOrigin->text().trimmed();
    if (const QString origin = PageOriginCheck::validateOrigin(s.probe.pageOrigin); !origin.isEmpty())
        return tr("Called from a page: %1").arg(origin);
    ResponseChecks checks;
    QString problem;
    checks.statuses = ResponseChecks::parseStatuses(m_expectStatus->text(), &problem);
    if (!problem.isEmpty())
        return tr("Status codes: %1").arg(problem);
    checks.bodyContains = m_expectBody->text();
    checks.bodyNotContains = m_expectNotBody->text();
    checks.bodyRegex = m_expectRegex->text();
    if (!checks.bodyRegex.isEmpty() && !QRegularExpression(checks.bodyRegex).isValid())
        return tr("Body matches: not a regular expression (%1)")
            .arg(QRegularExpression(checks.bodyRegex).errorString());
    const QString json = m_expectJson->text().trimmed();
    if (!json.isEmpty()) {
        const qsizetype equals = json.indexOf(QLatin1Char('='));
        checks.jsonPath = (equals < 0 ? json : json.left(equals)).trimmed();
        if (!checks.jsonPath.startsWith(QLatin1Char('/')))
            return tr("JSON value: start with a path such as /status");
        checks.jsonEquals = QJsonValue(QJsonValue::Undefined);
        if (equals >= 0) {
            // A JSON value ("UP", 3, true); anything else is taken as text.
            const QString value = json.mid(equals + 1).trimmed();
            const QJsonDocument document = QJsonDocument::fromJson("[" + value.toUtf8() + "]");
            checks.jsonEquals =
                document.isArray() && document.array().size() == 1 ? document.array().at(0) : QJsonValue(value);
        }
    }
    const QString header = m_expectHeader->text().trimmed();
    if (header == m_expectHeaderShown) {
        // Untouched: the check as it was (an "equals" from a file has no words of its own here).
        checks.headerName = m_config.settings.probe.checks.headerName;
        checks.headerEquals = m_config.settings.probe.checks.headerEquals;
        checks.headerContains = m_config.settings.probe.checks.headerContains;
    } else if (!header.isEmpty()) {
        const qsizetype colon = header.indexOf(QLatin1Char(':'));
        checks.headerName = (colon < 0 ? header : header.left(colon)).trimmed().toLatin1();
        checks.headerContains = colon < 0 ? QString() : header.mid(colon + 1).trimmed();
    }
    checks.certificateMinDays = m_expectCertDays->value();
    checks.maxMs = m_expectMaxMs->value();
    s.probe.checks = checks;
    if (QString error; !parseHeaderLines(m_headers->toPlainText(), &s.probe.headers, &error))
        return tr("Headers: %1").arg(error);
    problem = s.validate();
    if (!problem.isEmpty())
        return problem;
    m_config = next;
    return QString();
}

void EndpointSettingsDialog::accept()
{
    // A number typed out of range and not yet left is corrected now; if any was, the dialog stays
    // open so the correction is read at its field before anything is applied.
    const int before = m_corrections;
    for (QAbstractSpinBox *box : std::as_const(m_numbers))
        box->interpretText();
    if (m_corrections != before)
        return;
    const QString problem = apply();
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    if (problem.isEmpty())
        QDialog::accept();
}

} // namespace NetPulse
