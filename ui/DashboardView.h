#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QTableWidget;
class QValueAxis;

namespace NetPulse {

class PhaseWaterfall;
class WatchedEndpoint;

// Numbers for the selected endpoint: uptime over the session and the last hour, latency
// percentiles, failures counted by kind, a latency timeline with failures marked by family, and
// the last request's phases. Redrawn at most twice a second, however fast results arrive.
class DashboardView : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardView(QWidget *parent = nullptr);
    void setEndpoint(WatchedEndpoint *endpoint);

public slots:
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void scheduleRefresh();

    QPointer<WatchedEndpoint> m_endpoint;
    QLabel *m_uptimeSession;
    QLabel *m_uptimeHour;
    QLabel *m_latency;
    QTableWidget *m_counts;
    QChart *m_chart;
    QChartView *m_chartView;
    QLineSeries *m_latencySeries;
    QList<QScatterSeries *> m_failureSeries; // one per tone, so the legend explains the marks
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_msAxis;
    PhaseWaterfall *m_waterfall;
    QTimer m_throttle;
};

} // namespace NetPulse
