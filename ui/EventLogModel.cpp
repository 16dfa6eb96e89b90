#include "EventLogModel.h"

#include <QSet>

#include "Presentation.h"

#include "endpoints/EventLog.h"

namespace NetPulse {

// A state as a person reads it; the name (monitorStateName) stays in exports and the tooltip.
QString EventLogModel::stateTitle(MonitorState state)
{
    switch (state) {
    case MonitorState::Idle:
        return EventLogModel::tr("Idle");
    case MonitorState::Probing:
        return EventLogModel::tr("Checking");
    case MonitorState::Up:
        return EventLogModel::tr("Up");
    case MonitorState::Degraded:
        return EventLogModel::tr("Degraded");
    case MonitorState::Retrying:
        return EventLogModel::tr("Retrying");
    case MonitorState::Down:
        return EventLogModel::tr("Down");
    case MonitorState::Offline:
        return EventLogModel::tr("Offline");
    case MonitorState::Stopped:
        return EventLogModel::tr("Stopped");
    }
    return EventLogModel::tr("Idle");
}

EventLogModel::EventLogModel(EventLog *log, QObject *parent)
    : QAbstractTableModel(parent)
    , m_log(log)
    , m_rows(log->size())
{
    m_batch.setSingleShot(true);
    m_batch.setInterval(100);
    connect(&m_batch, &QTimer::timeout, this, &EventLogModel::flush);
    connect(m_log, &EventLog::eventsAppended, this, &EventLogModel::onAppended);
    connect(m_log, &EventLog::cleared, this, [this] {
        beginResetModel();
        m_rows = 0;
        m_pendingEvicted = 0;
        endResetModel();
    });
}

void EventLogModel::onAppended(int, int evicted)
{
    m_pendingEvicted += evicted;
    if (!m_batch.isActive())
        m_batch.start();
}

void EventLogModel::flush()
{
    m_batch.stop();
    // Evictions first: the rows the view knows that are gone from the front.
    const int gone = std::min(m_pendingEvicted, m_rows);
    if (gone > 0) {
        beginRemoveRows({}, 0, gone - 1);
        m_rows -= gone;
        endRemoveRows();
    }
    m_pendingEvicted = 0;
    const int now = m_log->size();
    if (now > m_rows) {
        beginInsertRows({}, m_rows, now - 1);
        m_rows = now;
        endInsertRows();
    } else if (now < m_rows) {
        beginResetModel(); // more evicted than we were told about: start over
        m_rows = now;
        endResetModel();
    }
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Endpoint:
        return tr("Endpoint");
    case Type:
        return tr("Event");
    case Kind:
        return tr("Kind");
    case Status:
        return tr("HTTP");
    case State:
        return tr("State");
    case Total:
        return tr("Total");
    case Message:
        return tr("What happened");
    case Plan:
        return tr("Next");
    default:
        return {};
    }
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows || index.row() >= m_log->size())
        return {};
    const LogEvent &e = m_log->at(index.row());
    const bool attempt = e.type == LogEvent::Type::Attempt;
    if (role == KindRole)
        return attempt ? failureKindName(e.kind) : QString();
    if (role == EndpointIdRole)
        return e.endpointId;
    if (role == Qt::ToolTipRole) {
        // The names that exports, JSON and metrics use, where the column shows the words.
        if (index.column() == Kind && attempt)
            return QStringLiteral("%1 (%2)").arg(describeFailure(e.kind).title, failureKindName(e.kind));
        if (index.column() == State && e.type != LogEvent::Type::Notice)
            return monitorStateName(e.state);
        return e.detail.isEmpty() ? e.message : e.detail;
    }
    const bool notice = e.type == LogEvent::Type::Notice;
    if (role == Qt::ForegroundRole && notice && index.column() == Message)
        return Presentation::colour(Presentation::Tone::Warning);
    if (role == Qt::ForegroundRole && (index.column() == Kind || index.column() == State)) {
        return attempt ? Presentation::colour(Presentation::toneFor(failureFamily(e.kind)))
                       : Presentation::colour(Presentation::toneFor(e.state));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return Presentation::clockTime(e.at, true);
    case Endpoint:
        return e.endpointName;
    case Type:
        return attempt ? tr("attempt") : notice ? tr("notice") : tr("state");
    case Kind:
        return attempt ? describeFailure(e.kind).title : QString();
    case Status:
        return e.httpStatus ? QVariant(*e.httpStatus) : QVariant();
    case State:
        return notice ? QString() : stateTitle(e.state);
    case Total:
        return e.totalMs ? Presentation::milliseconds(e.totalMs) : QString();
    case Message:
        return e.message;
    case Plan:
        return e.plan;
    default:
        return {};
    }
}

void EventLogFilter::setKind(const QString &kind)
{
    m_kind = kind;
    invalidateFilter();
}

void EventLogFilter::setEndpointId(const QString &id)
{
    if (id == m_endpointId)
        return; // 10,000 rows are not filtered again for nothing (the selection moves often)
    m_endpointId = id;
    invalidateFilter();
}

bool EventLogFilter::filterAcceptsRow(int row, const QModelIndex &parent) const
{
    const QModelIndex index = sourceModel()->index(row, 0, parent);
    if (!m_kind.isEmpty() && index.data(EventLogModel::KindRole).toString() != m_kind)
        return false;
    if (!m_endpointId.isEmpty() && index.data(EventLogModel::EndpointIdRole).toString() != m_endpointId)
        return false;
    return true;
}

QList<int> EventLogFilter::sourceRows(const QModelIndexList &selection) const
{
    QList<int> rows;
    if (selection.isEmpty()) {
        for (int row = 0; row < rowCount(); ++row)
            rows << mapToSource(index(row, 0)).row();
        return rows;
    }
    QSet<int> seen;
    for (const QModelIndex &index : selection) {
        const int source = mapToSource(index).row();
        if (!seen.contains(source)) {
            seen.insert(source);
            rows << source;
        }
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace NetPulse
