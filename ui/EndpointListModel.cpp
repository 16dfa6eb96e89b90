#include "EndpointListModel.h"

#include "endpoints/EndpointList.h"
#include "endpoints/WatchedEndpoint.h"
#include "Presentation.h"

namespace NetPulse {

EndpointListModel::EndpointListModel(EndpointList *list, QObject *parent)
    : QAbstractListModel(parent)
    , m_list(list)
{
    m_batch.setSingleShot(true);
    m_batch.setInterval(250);
    connect(&m_batch, &QTimer::timeout, this, &EndpointListModel::flushChanges);
    for (WatchedEndpoint *endpoint : list->endpoints())
        watch(endpoint);
    connect(list, &EndpointList::endpointAboutToBeAdded, this, [this](int row) { beginInsertRows({}, row, row); });
    connect(list, &EndpointList::endpointAdded, this, [this](int row) {
        endInsertRows();
        watch(m_list->at(row));
    });
    connect(list, &EndpointList::endpointAboutToBeRemoved, this, [this](int row) {
        WatchedEndpoint *endpoint = m_list->at(row);
        m_dirty.remove(endpoint);
        endpoint->disconnect(this);
        beginRemoveRows({}, row, row);
    });
    connect(list, &EndpointList::endpointRemoved, this, [this] { endRemoveRows(); });
    connect(list, &EndpointList::endpointAboutToBeMoved, this, [this](int from, int to) {
        // beginMoveRows wants the destination as "before this row" in the old numbering.
        beginMoveRows({}, from, from, {}, to > from ? to + 1 : to);
    });
    connect(list, &EndpointList::endpointMoved, this, [this] { endMoveRows(); });
}

void EndpointListModel::watch(WatchedEndpoint *endpoint)
{
    connect(endpoint, &WatchedEndpoint::changed, this, [this, endpoint] {
        m_dirty.insert(endpoint);
        if (!m_batch.isActive())
            m_batch.start();
    });
}

void EndpointListModel::flushChanges()
{
    int first = INT_MAX;
    int last = -1;
    for (const WatchedEndpoint *endpoint : std::as_const(m_dirty)) {
        const int row = m_list->indexOf(endpoint);
        if (row >= 0) {
            first = std::min(first, row);
            last = std::max(last, row);
        }
    }
    m_dirty.clear();
    if (last >= 0)
        emit dataChanged(index(first), index(last));
}

int EndpointListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_list->count();
}

QString EndpointListModel::summary(const WatchedEndpoint *endpoint)
{
    const MonitorStatus &status = endpoint->status();
    QString text = monitorStateName(status.state);
    if (endpoint->lastResult())
        text += QStringLiteral(" · ") + failureKindName(endpoint->lastResult()->kind);
    if (status.flapping)
        text += QStringLiteral(" · flapping");
    return text;
}

QVariant EndpointListModel::data(const QModelIndex &index, int role) const
{
    const WatchedEndpoint *endpoint = index.isValid() ? m_list->at(index.row()) : nullptr;
    if (!endpoint)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return QString(endpoint->displayName() + QLatin1Char('\n') + summary(endpoint));
    case Qt::EditRole:
        return endpoint->config().name.isEmpty() ? endpoint->displayName() : endpoint->config().name;
    case Qt::DecorationRole:
        return Presentation::dot(Presentation::toneFor(endpoint->status().state));
    case Qt::ToolTipRole:
        return QString(endpoint->config().settings.probe.url.toString(QUrl::RemoveUserInfo) + QLatin1Char('\n') +
                       endpoint->status().reason);
    case SummaryRole:
        return summary(endpoint);
    default:
        return {};
    }
}

bool EndpointListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || !m_list->rename(index.row(), value.toString()).isEmpty())
        return false;
    emit dataChanged(index, index);
    return true;
}

Qt::ItemFlags EndpointListModel::flags(const QModelIndex &index) const
{
    return QAbstractListModel::flags(index) | (index.isValid() ? Qt::ItemIsEditable : Qt::NoItemFlags);
}

WatchedEndpoint *EndpointListModel::at(int row) const
{
    return m_list->at(row);
}

} // namespace NetPulse
