#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QAreaSeries;
class QChart;
class QChartView;
class QComboBox;
class QDateTimeAxis;
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

// Numbers for the selected endpoint: uptime over the session and the last hour, latency
// percentiles, failures counted by kind, the last request's phases, and a timeline over a chosen
// range. On the timeline the latency line breaks at failures, time spent failing is shaded, the
// failures themselves are marks on their own lane (a refusal has no latency worth plotting), and
// the slow threshold is drawn. Redrawn at most twice a second, however fast results arrive; the
// whole page scrolls in a small window.
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

private:
    void scheduleRefresh();
    void refreshTimeline(qint64 nowMs);
    void refreshHistory(qint64 nowMs); // the range's figures and outages, from the history
    void refreshElsewhere();
    QLineSeries *segment(int index); // pooled: one line per run of successful checks
    qint64 rangeMs() const;

    QPointer<WatchedEndpoint> m_endpoint;
    QLabel *m_uptimeSession;
    QLabel *m_uptimeHour;
    QLabel *m_latency;
    QLabel *m_rangeFigures;
    QLabel *m_outages;
    QLabel *m_elsewhere;
    QPointer<const VantageReader> m_vantageReader;
    qint64 m_historyReadAt = 0; // the history is read again after kHistoryRefreshMs, or on a change
    QString m_historyReadFor;
    QTableWidget *m_counts;
    QComboBox *m_range;
    QChart *m_chart;
    QChartView *m_chartView;
    QLineSeries *m_slowLine;
    QList<QLineSeries *> m_segments;
    QLineSeries *m_downEdge;                // steps between 0 and 1: up while failing
    QAreaSeries *m_down;                    // the shading under m_downEdge, on the lane axis
    QList<QScatterSeries *> m_failureMarks; // one per tone, so the legend explains the marks
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_msAxis;
    QValueAxis *m_laneAxis; // 0..1, hidden: the failure marks' lane
    PathStrip *m_path;
    PhaseWaterfall *m_waterfall;
    QTimer m_throttle;
};

} // namespace NetPulse
