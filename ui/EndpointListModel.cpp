#include "EndpointListModel.h"

#include "Presentation.h"
#include "WatchedEndpoint.h"

namespace NetPulse {

EndpointListModel::EndpointListModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_batch.setSingleShot(true);
    m_batch.setInterval(250);
    connect(&m_batch, &QTimer::timeout, this, &EndpointListModel::flushChanges);
}

void EndpointListModel::flushChanges()
{
    int first = INT_MAX;
    int last = -1;
    for (const WatchedEndpoint *endpoint : std::as_const(m_dirty)) {
        const int row = indexOf(endpoint);
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
    return parent.isValid() ? 0 : int(m_endpoints.size());
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
    if (!index.isValid() || index.row() >= m_endpoints.size())
        return {};
    const WatchedEndpoint *endpoint = m_endpoints.at(index.row());
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
    if (role != Qt::EditRole || !index.isValid() || index.row() >= m_endpoints.size())
        return false;
    WatchedEndpoint *endpoint = m_endpoints.at(index.row());
    EndpointConfig config = endpoint->config();
    config.name = value.toString().trimmed();
    if (!endpoint->setConfig(config).isEmpty())
        return false;
    emit dataChanged(index, index);
    emit endpointsEdited();
    return true;
}

Qt::ItemFlags EndpointListModel::flags(const QModelIndex &index) const
{
    return QAbstractListModel::flags(index) | (index.isValid() ? Qt::ItemIsEditable : Qt::NoItemFlags);
}

void EndpointListModel::append(WatchedEndpoint *endpoint)
{
    const int row = int(m_endpoints.size());
    beginInsertRows({}, row, row);
    m_endpoints.append(endpoint);
    endInsertRows();
    connect(endpoint, &WatchedEndpoint::changed, this, [this, endpoint] {
        m_dirty.insert(endpoint);
        if (!m_batch.isActive())
            m_batch.start();
    });
    emit endpointsEdited();
}

WatchedEndpoint *EndpointListModel::takeAt(int row)
{
    if (row < 0 || row >= m_endpoints.size())
        return nullptr;
    beginRemoveRows({}, row, row);
    WatchedEndpoint *endpoint = m_endpoints.takeAt(row);
    endRemoveRows();
    m_dirty.remove(endpoint);
    endpoint->disconnect(this);
    emit endpointsEdited();
    return endpoint;
}

bool EndpointListModel::move(int from, int to)
{
    if (from < 0 || to < 0 || from >= m_endpoints.size() || to >= m_endpoints.size() || from == to)
        return false;
    // beginMoveRows wants the destination as "before this row" in the old numbering.
    if (!beginMoveRows({}, from, from, {}, to > from ? to + 1 : to))
        return false;
    m_endpoints.move(from, to);
    endMoveRows();
    emit endpointsEdited();
    return true;
}

WatchedEndpoint *EndpointListModel::at(int row) const
{
    return row >= 0 && row < m_endpoints.size() ? m_endpoints.at(row) : nullptr;
}

int EndpointListModel::indexOf(const WatchedEndpoint *endpoint) const
{
    return int(m_endpoints.indexOf(const_cast<WatchedEndpoint *>(endpoint)));
}

} // namespace NetPulse
