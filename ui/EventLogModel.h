#pragma once

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QTimer>

#include "monitor/MonitorStatus.h"

namespace NetPulse {

class EventLog;

// Rows over core's bounded EventLog. Appends and evictions are applied in batches (at most every
// 100 ms), so a burst of events costs the view one update, not one per event.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // A state as a person reads it, in the window's language; monitorStateName stays in exports.
    static QString stateTitle(MonitorState state);

    enum Column
    {
        Time,
        Endpoint,
        Type,
        Kind,
        Status,
        State,
        Total,
        Message,
        Plan,
        ColumnCount
    };
    enum Role
    {
        KindRole = Qt::UserRole + 1,
        EndpointIdRole
    };

    explicit EventLogModel(EventLog *log, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    EventLog *log() const { return m_log; }
    // Applies pending appends now (tests, and before an export).
    void flush();

private:
    void onAppended(int count, int evicted);

    EventLog *m_log;
    int m_rows = 0; // rows the view knows about
    int m_pendingEvicted = 0;
    QTimer m_batch;
};

// Filters by kind name and endpoint id; empty means all.
class EventLogFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setKind(const QString &kind);
    void setEndpointId(const QString &id);
    QList<int> sourceRows(const QModelIndexList &selection = {}) const;

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override;

private:
    QString m_kind;
    QString m_endpointId;
};

} // namespace NetPulse
