#pragma once

#include <optional>

#include <QSortFilterProxyModel>
#include <QStringList>

#include "EndpointListModel.h"

namespace NetPulse {

// What the sidebar shows of EndpointListModel at fleet size: the rows of one group ("3 down"),
// those matching the words typed in the filter box (name, URL, state, failure title or name), in
// the list's own order, worst first or by name. Not dynamic: its owner calls invalidate() after
// the rows change (EndpointSidebar does, at most once per batch, and only while it hides or sorts).
class EndpointFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class Order
    {
        List,       // the list's order, the one the move buttons change
        WorstFirst, // down, retrying, offline, up, not checked; the list's order within each
        Name,
    };

    explicit EndpointFilterModel(EndpointListModel *rows, QObject *parent = nullptr);

    // Every word must be found, case ignored.
    void setFilterWords(const QString &text);
    void setGroup(std::optional<EndpointListModel::Group> group);
    std::optional<EndpointListModel::Group> group() const { return m_group; }
    void setOrder(Order order);
    // Rows are hidden or moved: reordering by hand makes no sense then.
    bool isIdentity() const { return m_words.isEmpty() && !m_group && m_order == Order::List; }

    int sourceRow(int row) const;
    int rowOf(int sourceRow) const;

signals:
    void viewChanged(); // the filter, the group or the order changed

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QStringList m_words;
    std::optional<EndpointListModel::Group> m_group;
    Order m_order = Order::List;
};

} // namespace NetPulse
