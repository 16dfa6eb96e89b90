#pragma once

#include <optional>

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include "history/HistoryStore.h"

class QAreaSeries;
class QBoxLayout;
class QChart;
class QChartView;
class QComboBox;
class QCategoryAxis;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QTableWidget;
class QValueAxis;

namespace NetPulse {

class PathStrip;
class PhaseWaterfall;
class VantageReader;
class WatchedEndpoint;

// Numbers for the selected endpoint over a chosen range: uptime, latency percentiles and outages
// (the one under way as long as the sidebar says), failures counted by kind, the last request's phases, and a timeline
// over a chosen range. On the timeline the latency line breaks at failures, time spent failing is shaded, the failures
// themselves are marks on their own lane (a refusal has no latency worth plotting), and the slow threshold is drawn.
// Redrawn at most twice a second, however fast results arrive; the whole page scrolls in a small window.
class DashboardView : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardView(QWidget *parent = nullptr);
    void setEndpoint(WatchedEndpoint *endpoint);
    // The other vantage points (docs/vantage.md): each one's last verdict on this endpoint's URL,
    // its age, and whether it is stale. Rewritten when the reader refreshes.
    void setVantageReader(const VantageReader *reader);

public slots:
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void scheduleRefresh();
    void refreshTimeline(qint64 nowMs);
    qint64 columnMs() const; // the chart's time columns, for the chosen range
    void setTimeTicks(qint64 startMs, qint64 endMs);
    void showChartTable(); // the chart's columns in a table: its text equivalent
    // The range's uptime (the history as read, plus the session's checks since) and latency.
    void refreshFigures(qint64 nowMs);
    void refreshOutages(); // the history's, and the one under way as of the last tick
    void refreshElsewhere();
    QLineSeries *segment(int index); // pooled: one line per run of successful checks
    qint64 rangeMs() const;

    QPointer<WatchedEndpoint> m_endpoint;
    QLabel *m_latency;
    QLabel *m_rangeFigures;
    QLabel *m_outages;
    QLabel *m_elsewhere;
    QPointer<const VantageReader> m_vantageReader;
    qint64 m_historyReadAt = 0; // the history is read again after kHistoryRefreshMs, or on a change
    QString m_historyReadFor;
    std::optional<HistorySummary> m_history; // the range as last read; none without a history
    HistoryUptime m_sessionAtRead;           // the session's counts at that read
    QTableWidget *m_counts;
    QComboBox *m_range;
    QChart *m_chart;
    QChartView *m_chartView;
    QLineSeries *m_slowLine;
    QList<QLineSeries *> m_segments;
    QLineSeries *m_downEdge;                // steps between 0 and 1: up while failing
    QAreaSeries *m_down;                    // the shading under m_downEdge, on the lane axis
    QList<QScatterSeries *> m_failureMarks; // one per tone, so the legend explains the marks
    QCategoryAxis *m_timeAxis;              // milliseconds since the epoch, labelled at round local times
    QValueAxis *m_msAxis;
    QValueAxis *m_laneAxis; // 0..1, hidden: the failure marks' lane
    PathStrip *m_path;
    PhaseWaterfall *m_waterfall;
    QTimer m_throttle;
    struct ChartRow // a time column as drawn
    {
        qint64 startMs = 0;
        std::optional<double> slowestOkMs;
        bool httpFailed = false;
        bool otherFailed = false;
    };
    QList<ChartRow> m_chartRows;
    // The two rows that stack when the page is narrower than kSideBySideChars x-widths.
    QList<QBoxLayout *> m_sideBySide;
    static constexpr int kSideBySideChars = 90;
};

} // namespace NetPulse
