#include "StatusBanner.h"

#include <QAccessible>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

#include "Presentation.h"

#include "base/Duration.h"
#include "endpoints/WatchedEndpoint.h"
#include "probe/Redactor.h"
#include "vantage/VantageReader.h"

namespace NetPulse {

StatusBanner::StatusBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_explanation(new QLabel(this))
    , m_vantages(new QLabel(this))
    , m_action(new QLabel(this))
    , m_schedule(new QLabel(this))
    , m_certificate(new QLabel(this))
    , m_detailToggle(new QToolButton(this))
    , m_detail(new QLabel(this))
    , m_retry(new QPushButton(tr("&Retry now"), this))
{
    setObjectName(QStringLiteral("statusBanner"));
    setAutoFillBackground(true);
    setFrameShape(QFrame::StyledPanel);
    m_icon->setObjectName(QStringLiteral("bannerIcon"));
    m_title->setObjectName(QStringLiteral("bannerTitle"));
    m_explanation->setObjectName(QStringLiteral("bannerExplanation"));
    m_vantages->setObjectName(QStringLiteral("bannerVantages"));
    m_vantages->setVisible(false);
    m_action->setObjectName(QStringLiteral("bannerAction"));
    m_schedule->setObjectName(QStringLiteral("bannerSchedule"));
    m_certificate->setObjectName(QStringLiteral("bannerCertificate"));
    m_detailToggle->setObjectName(QStringLiteral("bannerDetailToggle"));
    m_detail->setObjectName(QStringLiteral("bannerDetail"));
    m_retry->setObjectName(QStringLiteral("retryNowButton"));
    m_retry->setToolTip(tr("Check now instead of waiting (F5, Ctrl+R)"));

    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    for (QLabel *label : {m_explanation, m_vantages, m_action, m_schedule, m_certificate, m_detail}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_detail->setVisible(false);
    m_detailToggle->setText(tr("Technical detail"));
    m_detailToggle->setCheckable(true);
    m_detailToggle->setArrowType(Qt::RightArrow);
    m_detailToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_detailToggle->setAutoRaise(true);
    connect(m_detailToggle, &QToolButton::toggled, this, [this](bool open) {
        m_detail->setVisible(open);
        m_detailToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        if (open) // show what was opened: it is below the fold of the fixed-height banner
            QTimer::singleShot(0, this, [this] { m_scroll->ensureWidgetVisible(m_detail, 0, 0); });
    });

    // The words scroll inside a banner of fixed height: a state change or the opened detail never
    // moves the tabs below (clicks would miss while an endpoint flaps).
    auto *wordsWidget = new QWidget;
    wordsWidget->setObjectName(QStringLiteral("bannerWords"));
    wordsWidget->setAutoFillBackground(false);
    auto *words = new QVBoxLayout(wordsWidget);
    words->setContentsMargins(0, 0, 0, 0);
    words->setSpacing(2);
    words->addWidget(m_explanation);
    words->addWidget(m_vantages);
    words->addWidget(m_action);
    words->addWidget(m_schedule);
    words->addWidget(m_certificate);
    words->addWidget(m_detailToggle, 0, Qt::AlignLeft);
    words->addWidget(m_detail);
    words->addStretch(1);
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("bannerScroll"));
    m_scroll->setWidget(wordsWidget);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->viewport()->setAutoFillBackground(false);
    // The title stays in view; what is below it scrolls.
    auto *column = new QVBoxLayout;
    column->setSpacing(2);
    column->addWidget(m_title);
    column->addWidget(m_scroll, 1);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addLayout(column, 1);
    layout->addWidget(m_retry, 0, Qt::AlignTop);
    // Title, explanation, action, schedule and the detail toggle fit without scrolling.
    const int line = fontMetrics().lineSpacing();
    setFixedHeight(QFontMetrics(titleFont).lineSpacing() + 4 * line + m_detailToggle->sizeHint().height() +
                   layout->contentsMargins().top() + layout->contentsMargins().bottom() + 6 * words->spacing() + 4);

    connect(m_retry, &QPushButton::clicked, this, &StatusBanner::retryNow);
    connect(Presentation::secondTicker(), &QTimer::timeout, this, &StatusBanner::refreshCountdown);
    // Recovery is shown loud, then fades to the calm "up" look.
    m_fade.setDuration(1500);
    connect(&m_fade, &QVariantAnimation::valueChanged, this, [this](const QVariant &value) {
        QPalette p = palette();
        p.setColor(QPalette::Window, value.value<QColor>());
        setPalette(p);
    });
    refresh();
}

void StatusBanner::setVantageReader(const VantageReader *reader)
{
    if (m_vantageReader)
        m_vantageReader->disconnect(this);
    m_vantageReader = reader;
    if (reader)
        connect(reader, &VantageReader::refreshed, this, &StatusBanner::refresh);
    refresh();
}

void StatusBanner::setEndpoint(WatchedEndpoint *endpoint)
{
    if (m_endpoint)
        m_endpoint->disconnect(this);
    m_endpoint = endpoint;
    if (m_endpoint)
        connect(m_endpoint, &WatchedEndpoint::changed, this, &StatusBanner::refresh);
    m_emphasised = false;
    m_detailToggle->setChecked(false); // another endpoint: its detail starts folded
    m_scroll->verticalScrollBar()->setValue(0);
    m_announced.clear();
    m_selecting = true;
    refresh();
}

WatchedEndpoint *StatusBanner::endpoint() const
{
    return m_endpoint;
}

void StatusBanner::retryNow()
{
    if (m_endpoint)
        m_endpoint->checkNow();
    refresh();
}

void StatusBanner::setTone(Presentation::Tone tone, bool emphasised)
{
    const QColor target = emphasised ? Presentation::background(tone) : Presentation::background(tone).lighter(104);
    if (tone == m_tone && emphasised == m_emphasised && m_fade.state() != QAbstractAnimation::Running &&
        palette().color(QPalette::Window) == target)
        return;
    const bool calming = tone == m_tone && m_emphasised && !emphasised;
    m_tone = tone;
    m_emphasised = emphasised;
    m_title->setStyleSheet(QStringLiteral("color: %1;").arg(Presentation::colour(tone).name()));
    if (calming) {
        m_fade.stop();
        m_fade.setStartValue(palette().color(QPalette::Window));
        m_fade.setEndValue(target);
        m_fade.start();
    } else {
        m_fade.stop();
        QPalette p = palette();
        p.setColor(QPalette::Window, target);
        setPalette(p);
    }
}

void StatusBanner::refresh()
{
    if (!m_endpoint) {
        m_icon->setPixmap(Presentation::familyIcon(FailureFamily::Cancelled).pixmap(40, 40));
        m_title->setText(tr("No endpoint selected"));
        m_explanation->setText(tr("Add an endpoint, or pick one on the left."));
        m_vantages->setVisible(false);
        for (QLabel *label : {m_action, m_schedule, m_certificate})
            label->clear();
        m_detail->clear();
        m_detailToggle->setVisible(false);
        m_retry->setEnabled(false);
        setTone(Presentation::Tone::Neutral, false);
        announce();
        return;
    }
    const MonitorStatus &status = m_endpoint->status();
    const std::optional<ProbeResult> &result = m_endpoint->lastResult();
    m_detailToggle->setVisible(result.has_value());
    if (!result) {
        m_icon->setPixmap(Presentation::stateIcon(status.state).pixmap(40, 40));
        m_title->setText(m_endpoint->isRunning() ? tr("Checking…") : tr("Not watching"));
        m_explanation->setText(m_endpoint->isRunning()
                                   ? tr("Waiting for the first answer from %1.")
                                         .arg(Redactor::redactUrl(m_endpoint->config().settings.probe.url))
                                   : tr("Press Start to watch this endpoint."));
        m_vantages->setVisible(false);
        m_action->clear();
        m_certificate->clear();
        m_detail->clear();
        setTone(Presentation::Tone::Neutral, false);
    } else {
        const FailureDescription words = result->description();
        const FailureFamily family = failureFamily(result->kind);
        m_icon->setPixmap(Presentation::familyIcon(family).pixmap(40, 40));
        if (!m_endpoint->isRunning()) {
            // Stopped: the last answer is history, not the endpoint's state; no green "OK" over it.
            m_icon->setPixmap(Presentation::stateIcon(MonitorState::Stopped).pixmap(40, 40));
            m_title->setText(tr("Stopped"));
            m_explanation->setText(tr("Not watching. The last check, at %1, said: %2.")
                                       .arg(Presentation::clockTime(result->startedAt), words.title));
            m_action->clear();
            setTone(Presentation::Tone::Neutral, false);
        } else if (status.recovered && result->isOk()) {
            m_title->setText(tr("Recovered"));
            // The schedule line under it says how long it was out ("Recovered after 12 s (5 failed
            // checks); next check in 2 s"): said once, not twice in a row.
            m_explanation->setText(tr("The service answers again."));
            m_action->clear();
            setTone(Presentation::Tone::Good, true);
        } else if (status.slow && result->isOk()) {
            m_title->setText(tr("Slow"));
            m_explanation->setText(
                tr("It answered, in %1: above this endpoint's %2 threshold for slow.")
                    .arg(Presentation::milliseconds(result->timeline.totalMs()),
                         Presentation::milliseconds(double(m_endpoint->config().settings.slowThresholdMs))));
            m_action->setText(tr("Slow answers count as degraded, not down."));
            setTone(Presentation::Tone::Warning, false);
        } else {
            m_title->setText(words.title);
            m_explanation->setText(words.explanation);
            // Why it is not retried is in the schedule line ("Not retried: …"): said once.
            m_action->setText(words.action);
            setTone(Presentation::toneFor(family), !result->isOk());
        }
        QStringList facts;
        if (result->httpStatus)
            facts << tr("HTTP %1 %2").arg(*result->httpStatus).arg(QString::fromLatin1(result->reasonPhrase));
        facts << tr("connect %1").arg(Presentation::milliseconds(result->timeline.connectMs()))
              << tr("TLS %1").arg(Presentation::milliseconds(result->timeline.tlsMs()))
              << tr("TTFB %1").arg(Presentation::milliseconds(result->timeline.ttfbMs()))
              << tr("transfer %1").arg(Presentation::milliseconds(result->timeline.transferMs()))
              << tr("total %1").arg(Presentation::milliseconds(result->timeline.totalMs()))
              << tr("%1 bytes").arg(result->bytesReceived);
        if (result->requestsSent > 1)
            facts << tr("Qt re-sent the request %n time(s)", nullptr, result->requestsSent - 1);
        QString detail =
            Redactor::redactText(result->detail) + QStringLiteral("\n") + facts.join(QStringLiteral(" · "));
        if (!result->redirects.isEmpty()) {
            QStringList hops;
            for (const QUrl &hop : result->redirects)
                hops << Redactor::redactUrl(hop);
            detail += QStringLiteral("\n") + tr("Redirects: %1").arg(hops.join(QStringLiteral(" → ")));
        }
        m_detail->setText(detail);

        const CertificateInfo &certificate = result->certificate;
        if (!certificate.isNull() && certificate.expiresAt.isValid()) {
            const qint64 days = QDateTime::currentDateTimeUtc().daysTo(certificate.expiresAt);
            const QString date = QLocale().toString(certificate.expiresAt.toLocalTime().date(), QLocale::ShortFormat);
            const int warnAt = Limits::certificateWarningLevel(days);
            QString text;
            if (days < 0)
                text = tr("Certificate issued by %1 expired on %2, %n day(s) ago.", nullptr, int(-days))
                           .arg(certificate.issuer, date);
            else if (warnAt > 0)
                text = tr("Certificate issued by %1 expires on %2: only %n day(s) left.", nullptr, int(days))
                           .arg(certificate.issuer, date);
            else
                text = tr("Certificate issued by %1, valid until %2.").arg(certificate.issuer, date);
            m_certificate->setText(text);
            m_certificate->setStyleSheet(warnAt != 0 ? Presentation::styleSheet(Presentation::Style::WarningText)
                                                     : QString());
        } else {
            m_certificate->clear();
        }
    }
    // Accepting bad certificates is a choice made for this endpoint: said on every look at it.
    if (m_endpoint && m_endpoint->config().settings.probe.insecure &&
        m_endpoint->config().settings.probe.url.scheme() == QLatin1String("https")) {
        const QString insecure = tr("Certificate checks are off for this endpoint (Settings: \"Accept certificates "
                                    "that fail verification\").");
        m_action->setText(m_action->text().isEmpty() ? insecure : m_action->text() + QLatin1Char(' ') + insecure);
    }
    // Empty lines would leave gaps in the banner.
    for (QLabel *label : {m_action, m_certificate})
        label->setVisible(!label->text().isEmpty());
    // The schedule as a screen reader hears it: the plan without the seconds left, so a countdown
    // ticking on screen is not a change read out every second (QLabel says a change of its text
    // only while it has no accessible name of its own).
    if (m_endpoint && m_endpoint->isRunning()) {
        QString plan = m_endpoint->status().sentence(std::nullopt, DurationPrecision::WholeSeconds);
        Presentation::setAccessibleName(m_schedule, plan.isEmpty() ? tr("Schedule") : plan);
    } else {
        Presentation::setAccessibleName(m_schedule, tr("Not watching"));
    }
    refreshVantages(false);
    refreshCountdown();
    announce();
}

void StatusBanner::announce()
{
    // A new verdict is said once to assistive technology, as an alert: the title and the words,
    // not the countdown. Qt 6.4 has no announcement event; an Alert on the banner is what Orca reads.
    const QString verdict = m_title->text() + QStringLiteral(". ") + m_explanation->text();
    Presentation::setAccessibleName(this, m_title->text());
    Presentation::setAccessibleDescription(this, m_explanation->text());
    // Only an answer is a verdict: "Checking…" and "Stopped" follow what the user did.
    if (!m_endpoint || !m_endpoint->isRunning() || !m_endpoint->lastResult()) {
        m_selecting = false;
        return;
    }
    if (verdict == m_announced)
        return;
    m_announced = verdict;
    if (m_selecting) {
        m_selecting = false;
        return; // what an endpoint just chosen shows is read as the banner, not news
    }
    QAccessibleEvent event(this, QAccessible::Alert);
    QAccessible::updateAccessibility(&event);
    emit verdictAnnounced(verdict);
}

// Is it just me? What the other vantage points say beside this machine's verdict. Rewritten when
// the reader refreshes or the verdict changes (a vantage turning stale between refreshes), not at
// every tick: a line whose age changed each second would be noise to a screen reader.
void StatusBanner::refreshVantages(bool onlyIfChanged)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const VantageVerdict verdict = Presentation::vantageVerdict(m_endpoint, m_vantageReader, now);
    if (onlyIfChanged && verdict == m_vantageVerdict)
        return;
    m_vantageVerdict = verdict;
    const std::optional<ProbeResult> &result = m_endpoint ? m_endpoint->lastResult() : std::nullopt;
    const QString line =
        verdict == VantageVerdict::None || !result
            ? QString()
            : vantageVerdictWords(
                  verdict, result->description().title,
                  m_vantageReader->readings(Redactor::redactUrl(m_endpoint->config().settings.probe.url)), now);
    m_vantages->setText(line);
    m_vantages->setVisible(!line.isEmpty());
}

void StatusBanner::refreshCountdown()
{
    refreshVantages(true);
    if (!m_endpoint) {
        m_schedule->clear();
        return;
    }
    const MonitorStatus &status = m_endpoint->status();
    QString text;
    if (status.state == MonitorState::Stopped || !m_endpoint->isRunning()) {
        text = tr("Start watches it again.");
    } else if (status.state == MonitorState::Up) {
        // "ok" would repeat the title: only what happens next.
        const std::optional<qint64> left = m_endpoint->msUntilNextCheck();
        text = left ? tr("Next check in %1.").arg(durationText(*left, DurationPrecision::WholeSeconds)) : QString();
    } else {
        text = status.sentence(m_endpoint->msUntilNextCheck(), DurationPrecision::WholeSeconds);
        if (!text.isEmpty())
            text[0] = text[0].toUpper();
    }
    if (status.flapping) {
        // A sentence of its own after one that ended with a full stop: "… in 2 s. Flapping: …".
        const QString flapping = tr("Flapping: notifications held back.");
        text = text.isEmpty()
                   ? flapping
                   : text + (text.endsWith(QLatin1Char('.')) ? QStringLiteral(" ") : QStringLiteral(". ")) + flapping;
    }
    m_schedule->setText(text);
    m_schedule->setVisible(!text.isEmpty());
    // Enabled while a check is in flight too (a click then sends nothing more): a button that went
    // grey under the keyboard would throw its focus somewhere else every few seconds.
    m_retry->setEnabled(m_endpoint->isRunning());
}

} // namespace NetPulse
