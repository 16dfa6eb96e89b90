#include "MainWindow.h"

#include "EndpointMonitor.h"
#include "ProbeEngine.h"
#include "Redactor.h"
#include "UrlValidator.h"

#include <QColor>
#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace NetPulse {

namespace {

// Enough to see a flap or a recovery at a glance; the event log issue brings the full history.
constexpr int kHistoryRows = 200;

QString familyColour(FailureFamily family)
{
    switch (family) {
    case FailureFamily::Ok:
        return QStringLiteral("#1b7f3b");
    case FailureFamily::Usage:
    case FailureFamily::Cancelled:
        return QStringLiteral("#555555");
    case FailureFamily::Http:
        return QStringLiteral("#b35900");
    case FailureFamily::Unreachable:
    case FailureFamily::NoResponse:
    case FailureFamily::Tls:
        return QStringLiteral("#b00020");
    }
    return QStringLiteral("#555555");
}

QString ms(const std::optional<double> &value)
{
    return value ? QStringLiteral("%1 ms").arg(*value, 0, 'f', 1) : QStringLiteral("–");
}

} // namespace

MainWindow::MainWindow(ProbeEngine *engine, QWidget *parent)
    : QMainWindow(parent)
    , m_monitor(new EndpointMonitor(engine, this))
    , m_urlEdit(new QLineEdit(this))
    , m_urlError(new QLabel(this))
    , m_note(new QLabel(this))
    , m_startStop(new QPushButton(this))
    , m_retryNow(new QPushButton(tr("&Retry now"), this))
    , m_state(new QLabel(this))
    , m_title(new QLabel(this))
    , m_message(new QLabel(this))
    , m_action(new QLabel(this))
    , m_detail(new QLabel(this))
    , m_facts(new QLabel(this))
    , m_history(new QListWidget(this))
    , m_ribbon(new QLabel(this))
    , m_data(new QPlainTextEdit(this))
{
    setWindowTitle(tr("NetPulse"));
    m_urlEdit->setObjectName(QStringLiteral("urlEdit"));
    m_urlEdit->setPlaceholderText(tr("http://127.0.0.1:8080/health"));
    m_urlEdit->setClearButtonEnabled(true);
    m_urlError->setObjectName(QStringLiteral("urlErrorLabel"));
    m_urlError->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_urlError->setVisible(false);
    m_note->setObjectName(QStringLiteral("noteLabel"));
    m_note->setWordWrap(true);
    m_note->setVisible(false);
    m_startStop->setObjectName(QStringLiteral("startStopButton"));
    m_retryNow->setObjectName(QStringLiteral("retryNowButton"));
    m_retryNow->setToolTip(tr("Check now instead of waiting (F5, Ctrl+R)"));
    m_state->setObjectName(QStringLiteral("stateLabel"));
    m_title->setObjectName(QStringLiteral("outcomeTitle"));
    m_message->setObjectName(QStringLiteral("outcomeMessage"));
    m_action->setObjectName(QStringLiteral("outcomeAction"));
    m_detail->setObjectName(QStringLiteral("outcomeDetail"));
    m_facts->setObjectName(QStringLiteral("outcomeFacts"));
    m_history->setObjectName(QStringLiteral("historyList"));
    m_ribbon->setObjectName(QStringLiteral("cachedRibbon"));
    m_ribbon->setStyleSheet(QStringLiteral("background: #fff3cd; color: #5c4400; padding: 4px;"));
    m_ribbon->setVisible(false);
    m_data->setObjectName(QStringLiteral("dataView"));
    m_data->setReadOnly(true);
    m_data->setPlaceholderText(tr("No data yet."));
    m_data->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_history->setUniformItemSizes(true);
    m_history->setAlternatingRowColors(true);
    for (QLabel *label : {m_message, m_action, m_detail, m_facts}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_detail->setStyleSheet(QStringLiteral("color: #555555;"));
    m_title->setText(tr("Not watching"));
    m_message->setText(tr("Enter a URL and press Start."));

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    auto *bar = new QHBoxLayout;
    auto *urlLabel = new QLabel(tr("&URL:"), central);
    urlLabel->setBuddy(m_urlEdit);
    bar->addWidget(urlLabel);
    bar->addWidget(m_urlEdit, 1);
    bar->addWidget(m_startStop);
    bar->addWidget(m_retryNow);
    layout->addLayout(bar);
    layout->addWidget(m_urlError);
    layout->addWidget(m_note);
    auto *frame = new QFrame(central);
    frame->setObjectName(QStringLiteral("outcomeFrame"));
    frame->setFrameShape(QFrame::StyledPanel);
    auto *outcome = new QVBoxLayout(frame);
    outcome->addWidget(m_state);
    outcome->addWidget(m_title);
    outcome->addWidget(m_message);
    outcome->addWidget(m_action);
    outcome->addWidget(m_facts);
    outcome->addWidget(m_detail);
    layout->addWidget(frame);
    auto *lower = new QHBoxLayout;
    auto *historyColumn = new QVBoxLayout;
    auto *historyLabel = new QLabel(tr("Recent &attempts:"), central);
    historyLabel->setBuddy(m_history);
    historyColumn->addWidget(historyLabel);
    historyColumn->addWidget(m_history, 1);
    auto *dataColumn = new QVBoxLayout;
    auto *dataLabel = new QLabel(tr("&Data:"), central);
    dataLabel->setBuddy(m_data);
    dataColumn->addWidget(dataLabel);
    dataColumn->addWidget(m_ribbon);
    dataColumn->addWidget(m_data, 1);
    lower->addLayout(historyColumn, 2);
    lower->addLayout(dataColumn, 3);
    layout->addLayout(lower, 1);
    setCentralWidget(central);
    resize(980, 560);

    connect(m_urlEdit, &QLineEdit::textChanged, this, &MainWindow::validateUrl);
    connect(m_urlEdit, &QLineEdit::returnPressed, this, &MainWindow::startWatching);
    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (m_monitor->isRunning())
            stopWatching();
        else
            startWatching();
    });
    connect(m_retryNow, &QPushButton::clicked, m_monitor, &EndpointMonitor::retryNow);
    for (const QKeySequence &key : {QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_R)})
        connect(new QShortcut(key, this), &QShortcut::activated, m_monitor, &EndpointMonitor::retryNow);
    connect(m_monitor, &EndpointMonitor::attemptStarted, this, &MainWindow::onAttemptStarted);
    connect(m_monitor, &EndpointMonitor::attemptFinished, this, &MainWindow::onAttemptFinished);
    connect(m_monitor, &EndpointMonitor::stateChanged, this, &MainWindow::showStatus);
    connect(m_monitor, &EndpointMonitor::stopped, this, &MainWindow::onStopped);
    // The countdown is redrawn from the monitor's plan every second; nothing here keeps time.
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &MainWindow::showStatus);
    connect(&m_countdown, &QTimer::timeout, this, &MainWindow::showCachedRibbon);
    updateButton();
}

void MainWindow::setUrlText(const QString &url)
{
    m_urlEdit->setText(url);
}

QString MainWindow::setMonitorSettings(const MonitorSettings &settings)
{
    MonitorSettings withUrl = settings;
    withUrl.probe.url = m_monitor->settings().probe.url;
    if (withUrl.probe.url.isEmpty())
        withUrl.probe.url = QUrl(QStringLiteral("http://127.0.0.1/")); // placeholder until Start
    return m_monitor->setSettings(withUrl);
}

void MainWindow::setNote(const QString &note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

void MainWindow::validateUrl()
{
    const QString text = m_urlEdit->text();
    const UrlValidator::Result parsed = UrlValidator::parse(text);
    const bool showError = !text.trimmed().isEmpty() && !parsed.ok();
    m_urlError->setText(showError ? tr("Invalid URL: %1").arg(parsed.error) : QString());
    m_urlError->setVisible(showError);
    updateButton();
}

void MainWindow::startWatching()
{
    if (m_monitor->isRunning())
        return;
    const UrlValidator::Result parsed = UrlValidator::parse(m_urlEdit->text());
    if (!parsed.ok()) {
        m_urlError->setText(tr("Invalid URL: %1. Nothing was sent.").arg(parsed.error));
        m_urlError->setVisible(true);
        return;
    }
    MonitorSettings settings = m_monitor->settings();
    settings.probe.url = parsed.url;
    m_monitor->setSettings(settings);
    // The last good data is there at once, before the first check answers.
    if (const std::optional<CacheEntry> cached = m_monitor->lastGood()) {
        showData(cached->body);
        m_cachedAt = cached->fetchedAt;
        m_cachedBecause = tr("from the cache, not yet confirmed");
        showCachedRibbon();
    }
    m_monitor->start();
    m_countdown.start();
    updateButton();
}

void MainWindow::stopWatching()
{
    m_monitor->stop();
}

void MainWindow::onAttemptStarted(int)
{
    showStatus();
    updateButton();
}

void MainWindow::showStatus()
{
    const MonitorStatus &status = m_monitor->status();
    QString text =
        monitorStateName(status.state) + QStringLiteral(" — ") + status.sentence(m_monitor->msUntilNextAttempt());
    if (status.flapping)
        text += tr(" · flapping");
    m_state->setText(text);
}

void MainWindow::onAttemptFinished(const ProbeResult &result, const MonitorStatus &status)
{
    const int attempt = m_monitor->attemptsStarted();
    const FailureDescription description = result.description();
    const QString colour = familyColour(failureFamily(result.kind));
    if (result.isOk() && result.httpStatus != 304) {
        showData(result.body);
        m_cachedAt = QDateTime();
    } else if (result.isOk() || status.fallback) {
        // 304, or a failure with last good data: show what we stored, and say how old it is.
        if (const std::optional<CacheEntry> cached = m_monitor->lastGood()) {
            showData(cached->body);
            m_cachedAt = result.isOk() ? QDateTime() : cached->fetchedAt;
            m_cachedBecause = description.title.toLower();
        }
    }
    showCachedRibbon();
    if (!status.notRetried.isEmpty())
        m_action->setText(m_action->text() + QLatin1Char(' ') + tr("(Not retried: %1.)").arg(status.notRetried));
    m_title->setText(description.title);
    m_title->setStyleSheet(QStringLiteral("color: %1;").arg(colour));
    m_message->setText(description.explanation);
    m_action->setText(description.action);
    m_action->setVisible(!description.action.isEmpty());
    m_detail->setText(Redactor::redactText(result.detail));
    QStringList facts;
    if (result.httpStatus)
        facts << tr("HTTP %1").arg(*result.httpStatus);
    facts << tr("connect %1").arg(ms(result.timeline.connectMs())) << tr("TLS %1").arg(ms(result.timeline.tlsMs()))
          << tr("TTFB %1").arg(ms(result.timeline.ttfbMs())) << tr("total %1").arg(ms(result.timeline.totalMs()))
          << tr("%1 bytes").arg(result.bytesReceived);
    m_facts->setText(facts.join(QStringLiteral(" · ")));

    const QString httpStatus = result.httpStatus ? QStringLiteral(" HTTP %1").arg(*result.httpStatus) : QString();
    auto *row = new QListWidgetItem(tr("%1  #%2  %3%4  %5 ms")
                                        .arg(result.startedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")))
                                        .arg(attempt)
                                        .arg(failureKindName(result.kind), httpStatus)
                                        .arg(result.timeline.totalMs().value_or(0.0), 0, 'f', 1));
    row->setForeground(QColor(colour));
    row->setToolTip(description.title + QLatin1Char('\n') + Redactor::redactText(result.detail));
    m_history->insertItem(0, row);
    while (m_history->count() > kHistoryRows)
        delete m_history->takeItem(m_history->count() - 1);
    showStatus();
    updateButton();
}

void MainWindow::showData(const QByteArray &body)
{
    // Kept small: this is a glance at the data, not a viewer for megabytes.
    constexpr qsizetype kShownBytes = 256 * 1024;
    const QJsonDocument json = QJsonDocument::fromJson(body);
    QString text = !json.isNull() ? QString::fromUtf8(json.toJson(QJsonDocument::Indented))
                                  : QString::fromUtf8(body.left(kShownBytes));
    if (json.isNull() && body.size() > kShownBytes)
        text += tr("\n… (%1 more bytes not shown)").arg(body.size() - kShownBytes);
    m_data->setPlainText(text);
}

void MainWindow::showCachedRibbon()
{
    if (!m_cachedAt.isValid()) {
        m_ribbon->setVisible(false);
        return;
    }
    const qint64 ageSeconds = std::max<qint64>(0, m_cachedAt.secsTo(QDateTime::currentDateTimeUtc()));
    QString age;
    if (ageSeconds < 60)
        age = tr("%1 s ago").arg(ageSeconds);
    else if (ageSeconds < 3600)
        age = tr("%1 min ago").arg(ageSeconds / 60);
    else if (ageSeconds < 86400)
        age = tr("%1 h %2 min ago").arg(ageSeconds / 3600).arg((ageSeconds % 3600) / 60);
    else
        age = tr("%1 days ago").arg(ageSeconds / 86400);
    m_ribbon->setText(
        tr("Showing data from %1 — %2 (%3)")
            .arg(m_cachedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), age, m_cachedBecause));
    m_ribbon->setVisible(true);
}

void MainWindow::onStopped()
{
    m_countdown.stop();
    m_state->setText(tr("Stopped."));
    updateButton();
}

void MainWindow::updateButton()
{
    const bool running = m_monitor->isRunning();
    m_startStop->setText(running ? tr("&Stop") : tr("&Start"));
    m_startStop->setEnabled(running || UrlValidator::parse(m_urlEdit->text()).ok());
    m_urlEdit->setReadOnly(running);
    m_retryNow->setEnabled(running && !m_monitor->isProbing());
}

} // namespace NetPulse
