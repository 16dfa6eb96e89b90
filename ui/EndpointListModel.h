#pragma once

#include <QAbstractListModel>
#include <QSet>
#include <QTimer>

namespace NetPulse {

class EndpointList;
class WatchedEndpoint;

// The sidebar's rows: a view of core's EndpointList, one row per endpoint with a status dot and its
// state and kind in words. Editing a name renames the endpoint in the list.
class EndpointListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        SummaryRole = Qt::UserRole + 1
    };

    explicit EndpointListModel(EndpointList *list, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    WatchedEndpoint *at(int row) const;
    static QString summary(const WatchedEndpoint *endpoint);

private:
    void watch(WatchedEndpoint *endpoint);
    void flushChanges();

    EndpointList *m_list;
    // Rows changed since the last repaint: dozens of endpoints reporting each second cost one
    // repaint per 250 ms, not one per result.
    QSet<const WatchedEndpoint *> m_dirty;
    QTimer m_batch;
};

} // namespace NetPulse
