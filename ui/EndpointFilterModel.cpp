#include "EndpointFilterModel.h"

#include "endpoints/WatchedEndpoint.h"

namespace NetPulse {

EndpointFilterModel::EndpointFilterModel(EndpointListModel *rows, QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSourceModel(rows);
    // Not dynamic: Qt's proxy re-sorts a row at every change whatever its roles, hundreds a second
    // at fleet size. The sidebar asks again (invalidate) at most once per batch of row changes,
    // and only while rows are hidden or sorted.
    setDynamicSortFilter(false);
}

void EndpointFilterModel::setFilterWords(const QString &text)
{
    const QStringList words = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = words;
    invalidateRowsFilter();
    emit viewChanged();
}

void EndpointFilterModel::setGroup(std::optional<EndpointListModel::Group> group)
{
    if (group == m_group)
        return;
    m_group = group;
    invalidateRowsFilter();
    emit viewChanged();
}

void EndpointFilterModel::setOrder(Order order)
{
    if (order == m_order)
        return;
    m_order = order;
    // Sorted by lessThan, which reads the group and the name itself: column 0, any role.
    if (order == Order::List)
        sort(-1);
    else {
        invalidate();
        sort(0);
    }
    emit viewChanged();
}

int EndpointFilterModel::sourceRow(int row) const
{
    return mapToSource(index(row, 0)).row();
}

int EndpointFilterModel::rowOf(int sourceRow) const
{
    return mapFromSource(sourceModel()->index(sourceRow, 0)).row();
}

bool EndpointFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_group && m_words.isEmpty())
        return true; // the common case, and the one every change passes through
    const QModelIndex row = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_group && row.data(EndpointListModel::GroupRole).toInt() != int(*m_group))
        return false;
    if (m_words.isEmpty())
        return true;
    const QString text = row.data(EndpointListModel::SearchTextRole).toString();
    for (const QString &word : m_words) {
        if (!text.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

bool EndpointFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (m_order == Order::WorstFirst) {
        const int a = left.data(EndpointListModel::GroupRole).toInt();
        const int b = right.data(EndpointListModel::GroupRole).toInt();
        if (a != b)
            return a < b;
        return left.row() < right.row();
    }
    if (m_order == Order::Name) {
        const auto *rows = static_cast<const EndpointListModel *>(sourceModel());
        const int byName =
            QString::localeAwareCompare(rows->at(left.row())->displayName(), rows->at(right.row())->displayName());
        return byName != 0 ? byName < 0 : left.row() < right.row();
    }
    return left.row() < right.row();
}

} // namespace NetPulse
