#pragma once

#include <QWidget>

class QComboBox;
class QTableView;

namespace NetPulse {

class EndpointList;
class EventLog;
class EventLogFilter;
class EventLogModel;
class WatchedEndpoint;

// The event log tab: every attempt and state change of every endpoint, filtered by kind and
// endpoint, copied as CSV, exported as JSON Lines or CSV.
class EventLogPage : public QWidget
{
    Q_OBJECT
public:
    EventLogPage(EventLog *log, EndpointList *endpoints, QWidget *parent = nullptr);

    EventLogModel *model() const { return m_model; }

    // The sidebar's selection, for the filter "The selected endpoint".
    void setSelectedEndpoint(const WatchedEndpoint *endpoint);

public slots:
    // Writes the rows the filter shows; says how it went through noteRaised.
    bool exportLog(const QString &path, bool asCsv);
    void copySelectedRows();

signals:
    void noteRaised(const QString &note);

private:
    void refreshEndpointFilter();
    void applyEndpointFilter();
    static constexpr const char *kSelected = "@selected"; // the filter's item that follows the sidebar
    static constexpr const char *kNoEndpoint = "@none";   // an id no endpoint has: no rows

    EventLog *m_log;
    EndpointList *m_endpoints;
    EventLogModel *m_model;
    EventLogFilter *m_filter;
    QTableView *m_view;
    QComboBox *m_kindFilter;
    QComboBox *m_endpointFilter;
    QString m_selectedId;
};

} // namespace NetPulse
