#include "VantageSettingsDialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSpinBox>
#include <QSslCertificate>
#include <QVBoxLayout>

#include "Presentation.h"

#include "base/Limits.h"
#include "probe/ProbeOptions.h"
#include "probe/Redactor.h"
#include "reports/ReportTarget.h"
#include "vantage/VantageSettings.h"

namespace NetPulse {

namespace {

// The URL as shown: its password (if any) masked, so the dialog never displays it.
QString shownUrl(const QUrl &url)
{
    if (url.isEmpty())
        return QString();
    QUrl shown = url;
    if (!shown.password().isEmpty())
        shown.setPassword(Redactor::kMask);
    return shown.toString();
}

} // namespace

VantageSettingsDialog::VantageSettingsDialog(const VantageSource &source, const QString &here, bool overridden,
                                             QWidget *parent)
    : QDialog(parent)
    , m_source(source)
    , m_here(here)
{
    setWindowTitle(tr("Vantage points"));
    setMinimumWidth(fontMetrics().averageCharWidth() * 72);
    auto *intro = new QLabel(tr("Other machines running NetPulse (agents) are scraped by a Prometheus; read from it, "
                                "the banner says whether a failure here is seen elsewhere too. This machine is the "
                                "vantage point \"%1\". Leave the URL empty to read nothing.")
                                 .arg(here),
                             this);
    intro->setWordWrap(true);
    m_url = new QLineEdit(shownUrl(source.url), this);
    m_url->setObjectName(QStringLiteral("vantagesUrlEdit"));
    m_url->setPlaceholderText(QStringLiteral("http://prometheus.example:9090"));
    QStringList lines;
    for (const auto &header : source.headers)
        lines << QString::fromLatin1(header.first) + QStringLiteral(": ") + Redactor::kMask;
    m_headers = new QPlainTextEdit(lines.join(QLatin1Char('\n')), this);
    m_headers->setObjectName(QStringLiteral("vantagesHeadersEdit"));
    m_headers->setPlaceholderText(QStringLiteral("Authorization: Bearer …"));
    m_headers->setTabChangesFocus(true);
    m_headers->setMaximumHeight(m_headers->fontMetrics().lineSpacing() * 4);
    m_caFile = new QLineEdit(source.caFile, this);
    m_caFile->setObjectName(QStringLiteral("vantagesCaEdit"));
    m_caFile->setPlaceholderText(tr("the system's certificate authorities"));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA certificate (PEM)"), m_caFile->text(),
                                                          tr("Certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);
    m_every = new QSpinBox(this);
    m_every->setObjectName(QStringLiteral("vantagesEverySpin"));
    m_every->setRange(Limits::vantagesRefreshS.low, Limits::vantagesRefreshS.high);
    m_every->setSuffix(tr(" s"));
    m_every->setValue(source.refreshS);
    auto *form = new QFormLayout;
    auto addRow = [form](const QString &label, QWidget *field, QLayout *layout = nullptr) {
        auto *text = new QLabel(label);
        text->setBuddy(field);
        if (layout)
            form->addRow(text, layout);
        else
            form->addRow(text, field);
    };
    addRow(tr("&Prometheus:"), m_url);
    addRow(tr("&Headers:"), m_headers);
    auto *headersNote = new QLabel(tr("One 'Name: value' per line, for a token. Saved values show as %1 and are kept "
                                      "unless you change the line.")
                                       .arg(Redactor::kMask),
                                   this);
    headersNote->setWordWrap(true);
    form->addRow(QString(), headersNote);
    addRow(tr("&CA certificate:"), m_caFile, caRow);
    addRow(tr("Read &every:"), m_every);

    m_testButton = new QPushButton(tr("&Test"), this);
    m_testButton->setObjectName(QStringLiteral("vantagesTestButton"));
    m_testButton->setToolTip(tr("Read once from this Prometheus with these settings, without saving them"));
    connect(m_testButton, &QPushButton::clicked, this, &VantageSettingsDialog::test);
    m_testResult = new QLabel(this);
    m_testResult->setObjectName(QStringLiteral("vantagesTestResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_testButton, 0, Qt::AlignTop);
    testRow->addWidget(m_testResult, 1);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("vantagesProblem"));
    m_problem->setStyleSheet(Presentation::styleSheet(Presentation::Style::ErrorText));
    m_problem->setWordWrap(true);
    m_problem->setVisible(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &VantageSettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &VantageSettingsDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addLayout(testRow);
    if (overridden) {
        auto *note = new QLabel(tr("This run reads the Prometheus given on the command line (--vantages-from); what is "
                                   "saved here applies from the next start without it."),
                                this);
        note->setObjectName(QStringLiteral("vantagesOverridden"));
        note->setWordWrap(true);
        layout->addWidget(note);
    }
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
}

VantageSettingsDialog::~VantageSettingsDialog() = default;

QString VantageSettingsDialog::read(VantageSource *out) const
{
    VantageSource next;
    next.refreshS = m_every->value();
    const QString text = m_url->text().trimmed();
    if (!text.isEmpty()) {
        QString problem;
        next.url = ReportTarget::parseUrl(text, &problem);
        if (!problem.isEmpty())
            return tr("Prometheus: %1").arg(problem);
    }
    if (QString error; !parseHeaderLines(m_headers->toPlainText(), &next.headers, &error))
        return tr("Headers: %1").arg(error);
    // The masked secrets, put back only for the server they were saved for.
    if (const QString problem = VantageSettings::restoreMasked(&next, m_source); !problem.isEmpty())
        return tr("Prometheus: %1").arg(problem);
    const QString ca = m_caFile->text().trimmed();
    if (!ca.isEmpty()) {
        if (QSslCertificate::fromPath(ca).isEmpty())
            return tr("CA certificate: %1 holds no PEM certificate (or cannot be read)").arg(ca);
        next.caFile = ca;
    }
    *out = next;
    return QString();
}

void VantageSettingsDialog::test()
{
    VantageSource trial;
    const QString problem = read(&trial);
    if (!problem.isEmpty()) {
        m_testResult->setText(problem);
        return;
    }
    if (!trial.isValid()) {
        m_testResult->setText(tr("No Prometheus URL to test."));
        return;
    }
    delete m_trial;
    m_trial = new VantageReader(m_here, this);
    m_testButton->setEnabled(false);
    m_testResult->setText(tr("Reading %1…").arg(Redactor::redactUrl(trial.url)));
    connect(m_trial, &VantageReader::refreshed, this, [this, reader = m_trial.data()] {
        m_testButton->setEnabled(true);
        if (!reader->problem().isEmpty()) {
            m_testResult->setText(reader->problem());
        } else {
            QSet<QString> vantages;
            for (const QList<ElsewhereReading> &list : reader->allReadings()) {
                for (const ElsewhereReading &reading : list)
                    vantages.insert(reading.vantage);
            }
            m_testResult->setText(vantages.isEmpty()
                                      ? tr("Prometheus answered in %1 ms, but no other vantage point's verdicts are "
                                           "there (are the agents "
                                           "scraped, with --vantage names other than \"%2\"?).")
                                            .arg(qRound(reader->lastRefreshMs()))
                                            .arg(m_here)
                                      : tr("Prometheus answered in %1 ms: %2 on %3.")
                                            .arg(qRound(reader->lastRefreshMs()))
                                            .arg(tr("%n other vantage point(s)", nullptr, int(vantages.size())),
                                                 tr("%n URL(s)", nullptr, int(reader->allReadings().size()))));
        }
        reader->deleteLater(); // one reading: its timer goes with it
    });
    trial.refreshS = Limits::vantagesRefreshS.high; // setSource reads at once; no second read
    m_trial->setSource(trial);
}

void VantageSettingsDialog::accept()
{
    VantageSource next;
    const QString problem = read(&next);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    if (!problem.isEmpty())
        return;
    m_source = next;
    QDialog::accept();
}

} // namespace NetPulse
