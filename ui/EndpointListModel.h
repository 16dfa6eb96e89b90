#pragma once

#include <QAbstractListModel>
#include <QSet>
#include <QTimer>

namespace NetPulse {

class WatchedEndpoint;

// The sidebar: one row per watched endpoint with a status dot and its state and kind in words.
// Names are edited in place; rows move up and down. The model does not own the endpoints.
class EndpointListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        SummaryRole = Qt::UserRole + 1
    };

    explicit EndpointListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    void append(WatchedEndpoint *endpoint);
    WatchedEndpoint *takeAt(int row);
    bool move(int from, int to);
    WatchedEndpoint *at(int row) const;
    int indexOf(const WatchedEndpoint *endpoint) const;
    const QList<WatchedEndpoint *> &endpoints() const { return m_endpoints; }
    static QString summary(const WatchedEndpoint *endpoint);

signals:
    void endpointsEdited(); // added, removed, renamed or moved: worth saving

private:
    void flushChanges();

    QList<WatchedEndpoint *> m_endpoints;
    // Rows changed since the last repaint: dozens of endpoints reporting each second cost one
    // repaint per 250 ms, not one per result.
    QSet<const WatchedEndpoint *> m_dirty;
    QTimer m_batch;
};

} // namespace NetPulse
