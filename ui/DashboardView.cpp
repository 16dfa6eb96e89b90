#include "DashboardView.h"

#include "endpoints/EndpointStats.h"
#include "endpoints/WatchedEndpoint.h"
#include "PhaseWaterfall.h"
#include "Presentation.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

namespace NetPulse {

namespace {

QString percent(const std::optional<double> &fraction)
{
    return fraction ? QStringLiteral("%1 %").arg(*fraction * 100.0, 0, 'f', 2) : QStringLiteral("–");
}

} // namespace

DashboardView::DashboardView(QWidget *parent)
    : QWidget(parent)
    , m_uptimeSession(new QLabel(this))
    , m_uptimeHour(new QLabel(this))
    , m_latency(new QLabel(this))
    , m_counts(new QTableWidget(this))
    , m_chart(new QChart)
    , m_chartView(new QChartView(m_chart, this))
    , m_latencySeries(new QLineSeries)
    , m_timeAxis(new QDateTimeAxis)
    , m_msAxis(new QValueAxis)
    , m_waterfall(new PhaseWaterfall(this))
{
    m_uptimeSession->setObjectName(QStringLiteral("uptimeSession"));
    m_uptimeHour->setObjectName(QStringLiteral("uptimeHour"));
    m_latency->setObjectName(QStringLiteral("latencyPercentiles"));
    m_counts->setObjectName(QStringLiteral("kindCounts"));
    m_chartView->setObjectName(QStringLiteral("latencyChart"));
    m_counts->setColumnCount(2);
    m_counts->setHorizontalHeaderLabels({tr("Kind"), tr("Count")});
    m_counts->verticalHeader()->setVisible(false);
    m_counts->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_counts->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_counts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_counts->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("http_client_error")) + 110);
    m_counts->setMaximumWidth(320);

    m_latencySeries->setName(tr("Latency (ok)"));
    m_chart->addSeries(m_latencySeries);
    const QList<QPair<Presentation::Tone, QString>> marks = {
        {Presentation::Tone::Bad, tr("Unreachable / no response / TLS")},
        {Presentation::Tone::Warning, tr("HTTP error")}};
    for (const auto &mark : marks) {
        auto *series = new QScatterSeries;
        series->setName(mark.second);
        series->setColor(Presentation::colour(mark.first));
        series->setMarkerSize(9);
        m_chart->addSeries(series);
        m_failureSeries << series;
    }
    m_timeAxis->setFormat(QStringLiteral("HH:mm:ss"));
    m_timeAxis->setTitleText(tr("Time"));
    m_msAxis->setTitleText(tr("ms"));
    m_msAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_msAxis, Qt::AlignLeft);
    for (QAbstractSeries *series : m_chart->series()) {
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_msAxis);
    }
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(180);

    auto *numbers = new QFormLayout;
    numbers->addRow(tr("Uptime, this session:"), m_uptimeSession);
    numbers->addRow(tr("Uptime, last hour:"), m_uptimeHour);
    numbers->addRow(tr("Latency p50 / p95 / p99:"), m_latency);
    auto *top = new QHBoxLayout;
    top->addLayout(numbers, 1);
    auto *phases = new QGroupBox(tr("Last request"), this);
    auto *phasesLayout = new QVBoxLayout(phases);
    phasesLayout->addWidget(m_waterfall);
    top->addWidget(phases, 1);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_chartView, 3);
    bottom->addWidget(m_counts, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(bottom, 1);

    m_throttle.setSingleShot(true);
    m_throttle.setInterval(500);
    connect(&m_throttle, &QTimer::timeout, this, &DashboardView::refresh);
    refresh();
}

void DashboardView::setEndpoint(WatchedEndpoint *endpoint)
{
    if (m_endpoint)
        m_endpoint->disconnect(this);
    m_endpoint = endpoint;
    if (m_endpoint)
        connect(m_endpoint, &WatchedEndpoint::changed, this, &DashboardView::scheduleRefresh);
    refresh();
}

void DashboardView::scheduleRefresh()
{
    // Hidden behind another tab: nothing to draw; showEvent catches up.
    if (isVisible() && !m_throttle.isActive())
        m_throttle.start();
}

void DashboardView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void DashboardView::refresh()
{
    m_latencySeries->clear();
    for (QScatterSeries *series : std::as_const(m_failureSeries))
        series->clear();
    if (!m_endpoint) {
        m_uptimeSession->setText(QStringLiteral("–"));
        m_uptimeHour->setText(QStringLiteral("–"));
        m_latency->setText(QStringLiteral("–"));
        m_counts->setRowCount(0);
        m_waterfall->setResult(nullptr);
        return;
    }
    const EndpointStats &stats = m_endpoint->stats();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_uptimeSession->setText(tr("%1 of %2 checks").arg(percent(stats.sessionUptime())).arg(stats.sessionAttempts()));
    m_uptimeHour->setText(percent(stats.lastHourUptime(now)));
    m_latency->setText(QStringLiteral("%1 / %2 / %3")
                           .arg(Presentation::milliseconds(stats.latencyPercentile(50, now)),
                                Presentation::milliseconds(stats.latencyPercentile(95, now)),
                                Presentation::milliseconds(stats.latencyPercentile(99, now))));

    QList<QPair<FailureKind, int>> counts;
    for (auto it = stats.sessionCounts().cbegin(); it != stats.sessionCounts().cend(); ++it)
        counts.append({it.key(), it.value()});
    std::sort(counts.begin(), counts.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    m_counts->setRowCount(int(counts.size()));
    for (int row = 0; row < counts.size(); ++row) {
        auto *kind = new QTableWidgetItem(Presentation::familyIcon(failureFamily(counts.at(row).first)),
                                          failureKindName(counts.at(row).first));
        m_counts->setItem(row, 0, kind);
        m_counts->setItem(row, 1, new QTableWidgetItem(QString::number(counts.at(row).second)));
    }

    // The last hour, as points; a failure sits at its own duration so a slow timeout stands out.
    double maxMs = 1.0;
    qint64 first = now;
    QList<QPointF> okPoints;
    QList<QPointF> bad;
    QList<QPointF> http;
    for (const EndpointStats::Sample &sample : stats.samples()) {
        if (now - sample.atMs > EndpointStats::kHourMs)
            continue;
        first = std::min(first, sample.atMs);
        maxMs = std::max(maxMs, sample.totalMs);
        const QPointF point(double(sample.atMs), sample.totalMs);
        if (sample.kind == FailureKind::Ok)
            okPoints << point;
        else if (failureFamily(sample.kind) == FailureFamily::Http)
            http << point;
        else
            bad << point;
    }
    m_latencySeries->replace(okPoints);
    m_failureSeries.at(0)->replace(bad);
    m_failureSeries.at(1)->replace(http);
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(std::min(first, now - 60000)),
                         QDateTime::fromMSecsSinceEpoch(now));
    m_msAxis->setRange(0, maxMs * 1.15);
    const std::optional<ProbeResult> &last = m_endpoint->lastResult();
    m_waterfall->setResult(last ? &*last : nullptr);
}

} // namespace NetPulse
