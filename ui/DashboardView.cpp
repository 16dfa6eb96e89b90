#include "DashboardView.h"

#include <cmath>

#include <QAreaSeries>
#include <QBoxLayout>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMap>
#include <QPushButton>
#include <QScatterSeries>
#include <QScrollArea>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include "PathStrip.h"
#include "PhaseWaterfall.h"
#include "Presentation.h"

#include "base/Duration.h"
#include "endpoints/EndpointStats.h"
#include "endpoints/WatchedEndpoint.h"
#include "probe/Redactor.h"
#include "vantage/VantageReader.h"

namespace NetPulse {

namespace {

// 1, 2 or 5 times a power of ten at or above `raw`: ticks people read at a glance.
double niceStep(double raw)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(raw, 1e-9))));
    for (double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (factor * magnitude >= raw)
            return factor * magnitude;
    }
    return 10.0 * magnitude;
}

constexpr qint64 kMinuteMs = 60 * 1000;
constexpr qint64 kDayMs = 24 * 60 * kMinuteMs;

bool isFailing(const WatchedEndpoint *endpoint)
{
    const MonitorState state = endpoint->settledState();
    return endpoint->isRunning() && (state == MonitorState::Retrying || state == MonitorState::Down);
}

} // namespace

DashboardView::DashboardView(QWidget *parent)
    : QWidget(parent)
    , m_latency(new QLabel(this))
    , m_rangeFigures(new QLabel(this))
    , m_outages(new QLabel(this))
    , m_elsewhere(new QLabel(this))
    , m_counts(new QTableWidget(this))
    , m_range(new QComboBox(this))
    , m_chart(new QChart)
    , m_chartView(new QChartView(m_chart, this))
    , m_slowLine(new QLineSeries)
    , m_downEdge(new QLineSeries(this))
    , m_down(new QAreaSeries(m_downEdge))
    , m_timeAxis(new QCategoryAxis)
    , m_msAxis(new QValueAxis)
    , m_laneAxis(new QValueAxis)
    , m_path(new PathStrip(this))
    , m_waterfall(new PhaseWaterfall(this))
{
    m_latency->setObjectName(QStringLiteral("latencyPercentiles"));
    m_counts->setObjectName(QStringLiteral("kindCounts"));
    m_counts->setAccessibleName(tr("Failures by kind"));
    m_chartView->setObjectName(QStringLiteral("latencyChart"));
    m_range->setObjectName(QStringLiteral("rangeCombo"));
    m_counts->setColumnCount(2);
    m_counts->setHorizontalHeaderLabels({tr("Kind"), tr("Count")});
    m_counts->verticalHeader()->setVisible(false);
    m_counts->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_counts->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_counts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Tab (and Ctrl+Tab) went round inside the counts, a trap for the keyboard: the arrows move
    // between cells, Tab leaves.
    m_counts->setTabKeyNavigation(false);
    m_counts->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("http_client_error")) + 90);
    m_counts->setMaximumWidth(320);
    m_range->addItem(tr("Last 15 minutes"), 15 * kMinuteMs);
    m_range->addItem(tr("Last hour"), 60 * kMinuteMs);
    // Longer ranges come from the history database (kept 7 days raw, then hourly and daily).
    m_range->addItem(tr("Last 24 hours"), 24 * 60 * kMinuteMs);
    m_range->addItem(tr("Last 7 days"), 7 * 24 * 60 * kMinuteMs);
    m_range->addItem(tr("Last 30 days"), 30 * 24 * 60 * kMinuteMs);
    m_rangeFigures->setObjectName(QStringLiteral("rangeFigures"));
    m_rangeFigures->setWordWrap(true);
    m_outages->setObjectName(QStringLiteral("outagesList"));
    m_outages->setWordWrap(true);
    m_outages->setTextFormat(Qt::PlainText);
    m_range->setCurrentIndex(0);

    // The chart in the window's palette: Qt Charts draws its own light theme whatever the palette,
    // a white box on a dark window. The theme goes first: it resets every series' colours.
    if (Presentation::isDark(palette()))
        m_chart->setTheme(QChart::ChartThemeDark);
    m_chart->setBackgroundBrush(palette().color(QPalette::Base));
    // Series are added in drawing order: shading first, then lines, then marks on top.
    m_slowLine->setPen(QPen(Presentation::colour(Presentation::Tone::Warning), 1.5, Qt::DashLine));
    const QList<QPair<Presentation::Tone, QString>> marks = {
        // Short: the legend cuts what does not fit ("Fehlgeschlagen: unerrei…" in German at 1,100 px).
        {Presentation::Tone::Bad, tr("Failed below HTTP")},
        {Presentation::Tone::Warning, tr("HTTP error")}};
    // Ticks at round times (11:20, 11:25, not 11:21, 11:26 from wherever the range began), in the
    // user's notation: a category axis over milliseconds, labelled on the values, since
    // QDateTimeAxis spaces its ticks evenly from the range's start.
    m_timeAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    // Short enough to stand beside the chart at any size ("Latency of succe…" was cut at every
    // one); failed checks have no latency and are drawn as marks on their own lane.
    m_msAxis->setTitleText(tr("Latency (ms)"));
    m_msAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_laneAxis->setRange(0, 1);
    m_laneAxis->setVisible(false);
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_msAxis, Qt::AlignLeft);
    m_chart->addAxis(m_laneAxis, Qt::AlignRight);
    // All failing periods are one area whose edge steps up to 1 while failing and down to 0 after.
    m_down->setName(tr("Failing"));
    m_down->setBrush(Presentation::background(Presentation::Tone::Bad));
    m_down->setPen(Qt::NoPen);
    m_chart->addSeries(m_down);
    m_down->attachAxis(m_timeAxis);
    m_down->attachAxis(m_laneAxis);
    m_chart->addSeries(m_slowLine);
    m_slowLine->attachAxis(m_timeAxis);
    m_slowLine->attachAxis(m_msAxis);
    for (const auto &mark : marks) {
        auto *series = new QScatterSeries;
        series->setName(mark.second);
        series->setColor(Presentation::colour(mark.first));
        series->setBorderColor(Presentation::colour(mark.first));
        series->setMarkerShape(mark.first == Presentation::Tone::Bad ? QScatterSeries::MarkerShapeRectangle
                                                                     : QScatterSeries::MarkerShapeCircle);
        series->setMarkerSize(8);
        m_chart->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_laneAxis); // their own lane along the top, not a latency
        m_failureMarks << series;
    }
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(220);

    // One figure per question, all over the chosen range: three uptimes side by side (the
    // session's, the last hour's, the range's) disagreed with each other and with the sidebar.
    auto *numbers = new QFormLayout;
    numbers->addRow(tr("Range:"), m_range);
    numbers->addRow(tr("Uptime:"), m_rangeFigures);
    numbers->addRow(tr("Latency p50 / p95 / p99:"), m_latency);
    numbers->addRow(tr("Outages:"), m_outages);
    m_elsewhere->setObjectName(QStringLiteral("elsewhereLabel"));
    m_elsewhere->setWordWrap(true);
    m_elsewhere->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    numbers->addRow(tr("Elsewhere:"), m_elsewhere);
    auto *phases = new QGroupBox(tr("Last request"), this);
    auto *phasesLayout = new QVBoxLayout(phases);
    phasesLayout->addWidget(m_path);
    phasesLayout->addWidget(m_waterfall);
    auto *top = new QBoxLayout(QBoxLayout::LeftToRight);
    top->addLayout(numbers, 1);
    top->addWidget(phases, 1);
    // The chart is drawn only: its columns are also a table, one key press away.
    m_chartView->setAccessibleName(tr("Latency over the range"));
    auto *asTable = new QPushButton(tr("Chart as a table…"), this);
    asTable->setObjectName(QStringLiteral("chartTableButton"));
    connect(asTable, &QPushButton::clicked, this, &DashboardView::showChartTable);
    auto *chartColumn = new QVBoxLayout;
    chartColumn->addWidget(m_chartView, 1);
    chartColumn->addWidget(asTable, 0, Qt::AlignLeft);
    auto *bottom = new QBoxLayout(QBoxLayout::LeftToRight);
    bottom->addLayout(chartColumn, 3);
    bottom->addWidget(m_counts, 1);
    m_sideBySide = {top, bottom};

    // Everything in a scroll area: in a small window the chart keeps a readable height and the
    // page scrolls, instead of squeezing it to nothing.
    auto *page = new QWidget;
    auto *pageLayout = new QVBoxLayout(page);
    pageLayout->addLayout(top);
    pageLayout->addLayout(bottom, 1);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("dashboardScroll"));
    scroll->setWidget(page);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    m_throttle.setSingleShot(true);
    m_throttle.setInterval(500);
    connect(&m_throttle, &QTimer::timeout, this, &DashboardView::refresh);
    connect(m_range, &QComboBox::currentIndexChanged, this, [this] {
        m_historyReadAt = 0;
        refresh();
    });
    // An ongoing outage's length grows with the clock, as the sidebar's "Down for" does.
    connect(Presentation::secondTicker(), &QTimer::timeout, this, [this] {
        if (isVisible() && m_endpoint && isFailing(m_endpoint))
            refreshOutages();
    });
    refresh();
}

void DashboardView::setEndpoint(WatchedEndpoint *endpoint)
{
    if (m_endpoint)
        m_endpoint->disconnect(this);
    m_endpoint = endpoint;
    m_history.reset();
    m_historyReadFor.clear();
    if (m_endpoint) {
        // The figures follow each check at once, as the sidebar and the banner do; the chart
        // and the counts are redrawn at most twice a second.
        connect(m_endpoint, &WatchedEndpoint::changed, this, [this] {
            if (isVisible())
                refreshFigures(QDateTime::currentMSecsSinceEpoch());
        });
        connect(m_endpoint, &WatchedEndpoint::changed, this, &DashboardView::scheduleRefresh);
    }
    refresh();
}

void DashboardView::scheduleRefresh()
{
    // Hidden behind another tab: nothing to draw; showEvent catches up.
    if (isVisible() && !m_throttle.isActive())
        m_throttle.start();
}

void DashboardView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Narrow (a 700×450 window leaves the page about 470 px), the figures go above the last
    // request and the chart above the counts: side by side the page scrolled sideways.
    const bool narrow = width() < fontMetrics().horizontalAdvance(QLatin1Char('x')) * kSideBySideChars;
    for (QBoxLayout *layout : std::as_const(m_sideBySide))
        layout->setDirection(narrow ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
}

void DashboardView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void DashboardView::showChartTable()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Latency over the range, as a table"));
    auto *table = new QTableWidget(int(m_chartRows.size()), 3, &dialog);
    table->setObjectName(QStringLiteral("chartTable"));
    table->setAccessibleName(tr("Latency over the range"));
    table->setHorizontalHeaderLabels({tr("From"), tr("Slowest successful check"), tr("Failed")});
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setTabKeyNavigation(false); // Tab leaves the table
    table->verticalHeader()->hide();
    for (int row = 0; row < m_chartRows.size(); ++row) {
        const ChartRow &r = m_chartRows.at(row);
        QStringList failed;
        if (r.otherFailed)
            failed << tr("below HTTP");
        if (r.httpFailed)
            failed << tr("HTTP error");
        table->setItem(row, 0,
                       new QTableWidgetItem(Presentation::clockTime(QDateTime::fromMSecsSinceEpoch(r.startMs))));
        table->setItem(row, 1, new QTableWidgetItem(Presentation::milliseconds(r.slowestOkMs)));
        table->setItem(row, 2, new QTableWidgetItem(failed.isEmpty() ? tr("no") : failed.join(QStringLiteral(", "))));
    }
    table->resizeColumnsToContents();
    table->scrollToBottom(); // the newest last, as on the chart
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog.resize(520, 420);
    dialog.exec();
}

void DashboardView::setTimeTicks(qint64 start, qint64 end)
{
    // About five labels, each at a round local time.
    constexpr qint64 kSteps[] = {kMinuteMs,          2 * kMinuteMs,      5 * kMinuteMs,       10 * kMinuteMs,
                                 15 * kMinuteMs,     30 * kMinuteMs,     60 * kMinuteMs,      2 * 60 * kMinuteMs,
                                 3 * 60 * kMinuteMs, 6 * 60 * kMinuteMs, 12 * 60 * kMinuteMs, kDayMs,
                                 2 * kDayMs,         7 * kDayMs};
    qint64 step = kSteps[std::size(kSteps) - 1];
    for (const qint64 candidate : kSteps) {
        if ((end - start) / candidate <= 6) {
            step = candidate;
            break;
        }
    }
    for (const QString &label : m_timeAxis->categoriesLabels())
        m_timeAxis->remove(label);
    m_timeAxis->setStartValue(double(start));
    m_timeAxis->setRange(double(start), double(end));
    // A day's axis begins and ends at the same hour: the date tells its labels apart.
    const bool dated = end - start >= kDayMs;
    const QLocale locale;
    // Round ticks have no seconds to show (C's short format has them).
    QString hours = locale.timeFormat(QLocale::ShortFormat);
    hours.remove(QLatin1String(":ss"));
    // Ticks in wall-clock time from the first day's local midnight: across a daylight-saving
    // change they stay on round hours (milliseconds from one offset put them an hour off).
    const QDateTime first = QDateTime::fromMSecsSinceEpoch(start).toLocalTime();
    const qint64 stepMinutes = step / kMinuteMs;
    const qint64 intoDay = first.time().msecsSinceStartOfDay() / kMinuteMs;
    for (qint64 minutes = stepMinutes < 24 * 60 ? intoDay / stepMinutes * stepMinutes : 0;; minutes += stepMinutes) {
        const QDateTime local(first.date().addDays(minutes / (24 * 60)),
                              QTime(0, 0).addSecs(int(minutes % (24 * 60)) * 60));
        const qint64 at = local.toMSecsSinceEpoch();
        if (at > end)
            break;
        if (at <= start)
            continue;
        const QString date = locale.toString(local.date(), QLocale::ShortFormat);
        const QString label = !dated           ? locale.toString(local.time(), hours)
                              : step >= kDayMs ? date
                                               : date + QLatin1Char(' ') + locale.toString(local.time(), hours);
        m_timeAxis->append(label, double(at));
    }
}

qint64 DashboardView::columnMs() const
{
    // Samples are gathered into at most kColumns time columns: a check every 100 ms for an hour is
    // 36 000 samples, and a chart of thousands of line pieces takes seconds to draw.
    constexpr int kColumns = 400;
    return std::max<qint64>(1, rangeMs() / kColumns);
}

qint64 DashboardView::rangeMs() const
{
    return m_range->currentData().toLongLong();
}

QLineSeries *DashboardView::segment(int index)
{
    while (m_segments.size() <= index) {
        auto *series = new QLineSeries;
        series->setName(tr("Latency (ok)"));
        series->setColor(Presentation::colour(Presentation::Tone::Good));
        m_chart->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_msAxis);
        // One legend entry for the whole line, not one per segment.
        if (!m_segments.isEmpty())
            m_chart->legend()->markers(series).constFirst()->setVisible(false);
        m_segments << series;
    }
    return m_segments.at(index);
}

void DashboardView::setVantageReader(const VantageReader *reader)
{
    if (m_vantageReader)
        m_vantageReader->disconnect(this);
    m_vantageReader = reader;
    if (reader)
        connect(reader, &VantageReader::refreshed, this, &DashboardView::refreshElsewhere);
    refreshElsewhere();
}

// One line per other vantage point, newest verdicts as read at the last refresh: its kind in the
// words the rest of the window uses, how long ago, and "stale" (not counted) when it has missed
// two of its checks. Said plainly when nothing is read or nobody else watches this URL.
void DashboardView::refreshElsewhere()
{
    if (!m_vantageReader || !m_vantageReader->source().isValid()) {
        m_elsewhere->setText(tr("Not read (File ▸ Vantage points…)"));
        return;
    }
    if (!m_vantageReader->problem().isEmpty()) {
        m_elsewhere->setText(tr("Not known: %1").arg(m_vantageReader->problem()));
        return;
    }
    if (!m_endpoint) {
        m_elsewhere->setText(QStringLiteral("–"));
        return;
    }
    const QList<ElsewhereReading> readings =
        m_vantageReader->readings(Redactor::redactUrl(m_endpoint->config().settings.probe.url));
    if (readings.isEmpty()) {
        m_elsewhere->setText(tr("No other vantage point watches this URL"));
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList lines;
    for (const ElsewhereReading &reading : readings) {
        const std::optional<FailureKind> kind = failureKindFromName(reading.kind);
        const QString what = kind ? describeFailure(*kind).title : reading.kind;
        const QString age =
            durationText(qint64(std::max(0.0, reading.ageS(now)) * 1000), DurationPrecision::WholeSeconds);
        lines << (reading.isFresh(now) ? tr("%1: %2, %3 ago").arg(reading.vantage, what, age)
                                       : tr("%1: %2, %3 ago (stale: not counted)").arg(reading.vantage, what, age));
    }
    m_elsewhere->setText(lines.join(QLatin1Char('\n')));
}

void DashboardView::refresh()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!m_endpoint) {
        m_latency->setText(QStringLiteral("–"));
        m_counts->setRowCount(0);
        m_path->setResult(nullptr);
        m_waterfall->setResult(nullptr);
        m_rangeFigures->setText(tr("No endpoint selected"));
        m_outages->setText(QStringLiteral("–"));
        refreshElsewhere();
        refreshTimeline(now);
        return;
    }
    const EndpointStats &stats = m_endpoint->stats();
    QList<QPair<FailureKind, int>> counts;
    for (auto it = stats.sessionCounts().cbegin(); it != stats.sessionCounts().cend(); ++it)
        counts.append({it.key(), it.value()});
    std::sort(counts.begin(), counts.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    m_counts->setRowCount(int(counts.size()));
    for (int row = 0; row < counts.size(); ++row) {
        // The words a person reads elsewhere; the name (what exports and metrics carry) in the tooltip.
        const FailureKind what = counts.at(row).first;
        auto *kind = new QTableWidgetItem(Presentation::familyIcon(failureFamily(what)), describeFailure(what).title);
        kind->setToolTip(failureKindName(what));
        m_counts->setItem(row, 0, kind);
        m_counts->setItem(row, 1, new QTableWidgetItem(QString::number(counts.at(row).second)));
    }
    refreshFigures(now); // reads the history the timeline draws from
    refreshTimeline(now);
    refreshElsewhere();
    const std::optional<ProbeResult> &last = m_endpoint->lastResult();
    m_path->setResult(last ? &*last : nullptr);
    m_waterfall->setResult(last ? &*last : nullptr);
}

void DashboardView::refreshFigures(qint64 now)
{
    if (!m_endpoint)
        return;
    // Reading a month of history takes milliseconds, not nothing: every 10 s is fresh enough,
    // and a new endpoint or range, or a change of state (an outage begins or ends), reads at once.
    // Between reads the session's checks since the read are added: the uptime moves with each
    // check, the way the sidebar's does.
    constexpr qint64 kHistoryRefreshMs = 10000;
    const EndpointStats &stats = m_endpoint->stats();
    const QString readFor = m_endpoint->config().id + QLatin1Char('/') + QString::number(rangeMs()) + QLatin1Char('/') +
                            QString::number(int(m_endpoint->settledState()));
    if (readFor != m_historyReadFor || now - m_historyReadAt >= kHistoryRefreshMs) {
        m_historyReadFor = readFor;
        m_historyReadAt = now;
        m_history = m_endpoint->history(now - rangeMs(), now, columnMs());
        m_sessionAtRead = {stats.sessionAttempts(), stats.sessionOk()};
    }
    if (!m_history) {
        // Without a history the session is all there is, and the line says so.
        m_rangeFigures->setText(
            stats.sessionAttempts() == 0
                ? tr("No history is kept, and no checks yet.")
                : tr("%1 of %n check(s) up, this session (no history is kept)", nullptr, stats.sessionAttempts())
                      .arg(Presentation::uptime(stats.sessionOk(), stats.sessionAttempts())));
        m_latency->setText(QStringLiteral("%1 / %2 / %3")
                               .arg(Presentation::milliseconds(stats.latencyPercentile(50, now)),
                                    Presentation::milliseconds(stats.latencyPercentile(95, now)),
                                    Presentation::milliseconds(stats.latencyPercentile(99, now))));
        refreshOutages();
        return;
    }
    const bool sameRun = stats.sessionAttempts() >= m_sessionAtRead.checks;
    const int checks = m_history->checks + (sameRun ? stats.sessionAttempts() - m_sessionAtRead.checks : 0);
    const int ok = m_history->ok + (sameRun ? stats.sessionOk() - m_sessionAtRead.ok : 0);
    if (checks == 0) {
        m_rangeFigures->setText(tr("No checks in this range yet."));
    } else {
        QString figures = tr("%1 of %n check(s) up", nullptr, checks).arg(Presentation::uptime(ok, checks));
        if (m_history->fromRollups)
            figures += QStringLiteral(" · ") + tr("older days from hourly summaries");
        m_rangeFigures->setText(figures);
    }
    m_latency->setText(QStringLiteral("%1 / %2 / %3")
                           .arg(Presentation::milliseconds(m_history->p50), Presentation::milliseconds(m_history->p95),
                                Presentation::milliseconds(m_history->p99)));
    refreshOutages();
}

void DashboardView::refreshOutages()
{
    if (!m_endpoint) {
        m_outages->setText(QStringLiteral("–"));
        return;
    }
    // The outage under way starts where the sidebar's "Down for" starts (the episode's first
    // failure) and lasts until now: the history read a few seconds ago knew a shorter one, or none.
    QList<HistorySummary::Outage> outages = m_history ? m_history->outages : QList<HistorySummary::Outage>();
    const bool failing = isFailing(m_endpoint);
    if (!outages.isEmpty() && outages.constLast().ongoing) {
        if (failing) {
            outages.removeLast(); // the live one below replaces it
        } else {
            // Stopped (or offline) while failing: the outage ends at the last check NetPulse made.
            HistorySummary::Outage &last = outages.last();
            last.ongoing = false;
            if (const std::optional<ProbeResult> &result = m_endpoint->lastResult())
                last.endMs = std::clamp(result->startedAt.toMSecsSinceEpoch(), last.startMs, last.endMs);
        }
    }
    // Under way only while retrying or down, as the sidebar says it: a stopped or offline
    // endpoint keeps its failingSince (a cancelled check is no verdict), but nothing is going on.
    const QDateTime failingSince = m_endpoint->failingSince();
    if (failingSince.isValid() && failing) {
        const std::optional<ProbeResult> &last = m_endpoint->lastResult();
        HistorySummary::Outage ongoing;
        ongoing.startMs = failingSince.toMSecsSinceEpoch();
        // To the tick, as the sidebar's "Down for": the two never differ by the moment they were drawn.
        ongoing.endMs = std::max(Presentation::tickTime().toMSecsSinceEpoch(), ongoing.startMs);
        ongoing.kind = last && !last->isOk() ? last->kind : FailureKind::NetworkError;
        if (m_history && !m_history->outages.isEmpty() && m_history->outages.constLast().ongoing)
            ongoing.kind = m_history->outages.constLast().kind; // the first failure's kind, as the others
        ongoing.ongoing = true;
        outages << ongoing;
    }
    if (outages.isEmpty()) {
        m_outages->setText(m_history ? tr("None") : QStringLiteral("–"));
        return;
    }
    QStringList lines;
    const int shown = std::min<int>(5, int(outages.size()));
    for (int i = int(outages.size()) - 1; i >= int(outages.size()) - shown; --i) {
        const HistorySummary::Outage &outage = outages.at(i);
        const QDateTime start = QDateTime::fromMSecsSinceEpoch(outage.startMs).toLocalTime();
        lines << tr("%1, for %2%3 · %4")
                     .arg(QLocale().toString(start, QLocale::ShortFormat), durationText(outage.endMs - outage.startMs),
                          outage.ongoing ? tr(" (ongoing)") : QString(), describeFailure(outage.kind).title);
    }
    if (outages.size() > shown)
        lines << tr("and %n earlier one(s)", nullptr, int(outages.size()) - shown);
    m_outages->setText(lines.join(QLatin1Char('\n')));
}

void DashboardView::refreshTimeline(qint64 now)
{
    // Time axis: exactly the chosen range, ending now.
    const qint64 range = rangeMs();
    const qint64 start = now - range;
    const qint64 end = now;
    setTimeTicks(start, end);

    // Samples are gathered into at most kColumns time columns: a check every 100 ms for an hour is
    // 36 000 samples, and a chart of thousands of line pieces takes seconds to draw (and would
    // freeze the window). A column is failing if any check in it failed; its latency is the
    // highest of its successful checks.
    constexpr int kMaxLines = 80; // the newest runs are separate lines; older ones are joined
    const qint64 columnMs = this->columnMs();
    struct Column
    {
        double maxMs = -1;
        bool failed = false;
        bool http = false;
        bool other = false;
    };
    QMap<qint64, Column> columns;
    // The history as last read (it outlives a restart and reaches back a month), then this
    // session's checks since that read; without a history, the session's checks alone.
    qint64 samplesFrom = start;
    if (m_endpoint && m_history) {
        for (const HistorySummary::Column &stored : std::as_const(m_history->columns)) {
            const qint64 middle = stored.startMs + columnMs / 2;
            if (middle < start)
                continue;
            Column &column = columns[(middle - start) / columnMs];
            if (stored.maxOkMs)
                column.maxMs = std::max(column.maxMs, *stored.maxOkMs);
            column.http = column.http || stored.httpFailed;
            column.other = column.other || stored.otherFailed;
            column.failed = column.http || column.other;
        }
        samplesFrom = std::max(start, m_historyReadAt + 1);
    }
    if (m_endpoint) {
        for (const EndpointStats::Sample &sample : m_endpoint->stats().samples()) {
            if (sample.atMs < samplesFrom)
                continue;
            Column &column = columns[(sample.atMs - start) / columnMs];
            if (sample.kind == FailureKind::Ok) {
                column.maxMs = std::max(column.maxMs, sample.totalMs);
            } else {
                column.failed = true;
                (failureFamily(sample.kind) == FailureFamily::Http ? column.http : column.other) = true;
            }
        }
    }
    QList<QList<QPointF>> runs;        // successful columns, one list per unbroken run
    QList<QPair<qint64, qint64>> down; // failing periods: from the first failing column to the next good one
    QList<QPointF> bad;
    QList<QPointF> http;
    double maxMs = 0;
    bool inRun = false;
    qint64 failingFrom = -1; // -1: not failing
    m_chartRows.clear();
    int failedColumns = 0;
    for (auto it = columns.cbegin(); it != columns.cend(); ++it) {
        const double x = double(start + it.key() * columnMs + columnMs / 2);
        const Column &column = it.value();
        m_chartRows.append({start + it.key() * columnMs,
                            column.maxMs >= 0 ? std::optional<double>(column.maxMs) : std::nullopt, column.http,
                            column.other});
        failedColumns += column.failed ? 1 : 0;
        if (column.failed) {
            inRun = false; // the line breaks here: no latency through an outage
            if (failingFrom < 0)
                failingFrom = start + it.key() * columnMs;
            if (column.other)
                bad << QPointF(x, 0.95);
            if (column.http)
                http << QPointF(x, 0.95);
            continue;
        }
        if (failingFrom >= 0) {
            down.append(qMakePair(failingFrom, start + it.key() * columnMs));
            failingFrom = -1;
        }
        if (!inRun)
            runs.append(QList<QPointF>());
        inRun = true;
        runs.last() << QPointF(x, column.maxMs);
        maxMs = std::max(maxMs, column.maxMs);
    }
    if (failingFrom >= 0)
        down.append(qMakePair(failingFrom, now));
    while (runs.size() > kMaxLines) { // join the oldest two
        runs[0] += runs.at(1);
        runs.removeAt(1);
    }
    for (int i = 0; i < std::max<int>(int(runs.size()), int(m_segments.size())); ++i) {
        if (i < runs.size())
            segment(i)->replace(runs.at(i));
        else
            m_segments.at(i)->clear();
    }
    QList<QPointF> edge{QPointF(double(start), 0.0)};
    for (const auto &period : std::as_const(down)) {
        edge << QPointF(double(period.first), 0.0) << QPointF(double(period.first), 1.0)
             << QPointF(double(period.second), 1.0) << QPointF(double(period.second), 0.0);
    }
    edge << QPointF(double(end), 0.0);
    m_downEdge->replace(edge);
    m_failureMarks.at(0)->replace(bad);
    m_failureMarks.at(1)->replace(http);
    Presentation::setAccessibleDescription(
        m_chartView, columns.isEmpty()
                         ? tr("No checks in this range.")
                         : tr("Slowest successful check %1; failures in %2 of %3 time columns. \"Chart as a table…\" "
                              "lists them.")
                               .arg(Presentation::milliseconds(maxMs > 0 ? std::optional<double>(maxMs) : std::nullopt))
                               .arg(failedColumns)
                               .arg(columns.size()));

    // Latency axis: round ticks from 0 to a nice ceiling over what was measured (10 ms when nothing
    // was).
    const double slowMs = m_endpoint ? double(m_endpoint->config().settings.slowThresholdMs) : 0.0;
    // The slow threshold is drawn where it is near the data; far above, it would flatten the line.
    const bool showSlow = m_endpoint && maxMs > 0 && maxMs >= slowMs / 2;
    const double top = std::max({10.0, maxMs * 1.15, showSlow ? slowMs * 1.1 : 0.0});
    const double step = niceStep(top / 4);
    m_msAxis->setRange(0, std::ceil(top / step) * step);
    m_msAxis->setTickType(QValueAxis::TicksDynamic);
    m_msAxis->setTickAnchor(0);
    m_msAxis->setTickInterval(step);
    m_msAxis->setLabelFormat(step < 1 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
    m_slowLine->setName(m_endpoint ? tr("Slow above %1").arg(Presentation::milliseconds(slowMs)) : QString());
    if (showSlow)
        m_slowLine->replace({QPointF(double(start), slowMs), QPointF(double(end), slowMs)});
    else
        m_slowLine->clear();
    // Not drawn, not in the legend.
    for (QLegendMarker *marker : m_chart->legend()->markers(m_slowLine))
        marker->setVisible(showSlow);
}

} // namespace NetPulse
