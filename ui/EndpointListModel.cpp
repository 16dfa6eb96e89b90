#include "EndpointListModel.h"

#include <QLocale>

#include "Presentation.h"

#include "base/Duration.h"
#include "endpoints/EndpointList.h"
#include "endpoints/WatchedEndpoint.h"
#include "probe/Redactor.h"
#include "vantage/VantageReader.h"

namespace NetPulse {

EndpointListModel::EndpointListModel(EndpointList *list, QObject *parent)
    : QAbstractListModel(parent)
    , m_list(list)
{
    m_batch.setSingleShot(true);
    m_batch.setInterval(kBatchMs);
    connect(&m_batch, &QTimer::timeout, this, &EndpointListModel::flushChanges);
    connect(Presentation::secondTicker(), &QTimer::timeout, this, &EndpointListModel::tickClocks);
    for (WatchedEndpoint *endpoint : list->endpoints())
        watch(endpoint);
    // One query for every row (HistoryStore::overview), once a minute: an uptime over a day moves
    // slowly, and a thousand rows cost about 0.1 s to read.
    m_uptimeTimer.setInterval(60 * 1000);
    connect(&m_uptimeTimer, &QTimer::timeout, this, &EndpointListModel::refreshUptime);
    m_uptimeTimer.start();
    refreshUptime();
    connect(list, &EndpointList::endpointAboutToBeAdded, this, [this](int row) { beginInsertRows({}, row, row); });
    connect(list, &EndpointList::endpointAdded, this, [this](int row) {
        endInsertRows();
        watch(m_list->at(row));
    });
    connect(list, &EndpointList::endpointAboutToBeRemoved, this, [this](int row) {
        WatchedEndpoint *endpoint = m_list->at(row);
        forget(endpoint);
        beginRemoveRows({}, row, row);
    });
    connect(list, &EndpointList::endpointRemoved, this, [this] {
        endRemoveRows();
        emit summaryChanged();
    });
    connect(list, &EndpointList::endpointAboutToBeMoved, this, [this](int from, int to) {
        // beginMoveRows wants the destination as "before this row" in the old numbering.
        beginMoveRows({}, from, from, {}, to > from ? to + 1 : to);
    });
    connect(list, &EndpointList::endpointMoved, this, [this] { endMoveRows(); });
}

void EndpointListModel::setVantageReader(const VantageReader *reader)
{
    if (m_vantageReader)
        m_vantageReader->disconnect(this);
    m_vantageReader = reader;
    auto all = [this] {
        if (rowCount() > 0)
            emit dataChanged(index(0), index(rowCount() - 1), {Qt::DisplayRole, StateTextRole});
    };
    if (reader)
        connect(reader, &VantageReader::refreshed, this, all);
    all();
}

QString EndpointListModel::rowState(const WatchedEndpoint *endpoint, const QDateTime &now) const
{
    const QString state = stateText(endpoint, now);
    if (Presentation::vantageVerdict(endpoint, m_vantageReader, now) == VantageVerdict::OnlyHere)
        return tr("Only here · %1").arg(state);
    return state;
}

void EndpointListModel::refreshUptime()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_dayUptime = m_list->uptimeOverview(now - 24LL * 3600 * 1000, now);
    m_sessionAtRefresh.clear();
    for (const WatchedEndpoint *endpoint : m_list->endpoints())
        m_sessionAtRefresh.insert(endpoint->config().id,
                                  {endpoint->stats().sessionAttempts(), endpoint->stats().sessionOk()});
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1), {UptimeRole});
}

void EndpointListModel::watch(WatchedEndpoint *endpoint)
{
    const Group now = group(endpoint);
    m_groups.insert(endpoint, now);
    ++m_groupCounts[int(now)];
    connect(endpoint, &WatchedEndpoint::changed, this, [this, endpoint] {
        m_dirty.insert(endpoint);
        if (endpoint == m_prompt)
            flushChanges(); // the row beside the banner says the same in the same turn
        else if (!m_batch.isActive())
            m_batch.start();
    });
    emit summaryChanged();
}

void EndpointListModel::setPromptEndpoint(const WatchedEndpoint *endpoint)
{
    m_prompt = endpoint;
}

void EndpointListModel::forget(const WatchedEndpoint *endpoint)
{
    if (m_prompt == endpoint)
        m_prompt = nullptr;
    m_dirty.remove(endpoint);
    endpoint->disconnect(this);
    const auto known = m_groups.constFind(endpoint);
    if (known != m_groups.cend()) {
        --m_groupCounts[int(*known)];
        m_groups.erase(known);
    }
}

void EndpointListModel::flushChanges()
{
    // Row by row: a view repaints the rows it shows, not the span between the first and the last
    // change (with a thousand endpoints that span is the whole list, every turn).
    static const QList<int> kRowRoles = {Qt::DisplayRole, Qt::DecorationRole, Qt::ToolTipRole, Qt::AccessibleTextRole,
                                         StateTextRole,   ToneRole,           UptimeRole,      GroupRole,
                                         SearchTextRole};
    const QSet<const WatchedEndpoint *> dirty = std::exchange(m_dirty, {});
    bool counts = false;
    for (const WatchedEndpoint *endpoint : dirty) {
        const int row = m_list->indexOf(endpoint);
        if (row < 0)
            continue;
        const Group now = group(endpoint);
        Group &was = m_groups[endpoint];
        const bool moved = now != was;
        if (moved) {
            --m_groupCounts[int(was)];
            ++m_groupCounts[int(now)];
            was = now;
            counts = true;
        }
        emit dataChanged(index(row), index(row), kRowRoles);
        if (moved)
            emit rowGroupChanged(row);
    }
    if (counts)
        emit summaryChanged();
}

void EndpointListModel::tickClocks()
{
    // Only the words that hold a clock change with it: "Retrying in 3 s", "Down for 4 min".
    static const QList<int> kClockRoles = {Qt::DisplayRole, Qt::AccessibleTextRole, StateTextRole};
    for (int row = 0; row < rowCount(); ++row) {
        const MonitorState state = m_list->at(row)->settledState();
        if (state == MonitorState::Retrying || state == MonitorState::Down)
            emit dataChanged(index(row), index(row), kClockRoles);
    }
}

EndpointListModel::Group EndpointListModel::group(const WatchedEndpoint *endpoint)
{
    switch (endpoint->settledState()) {
    case MonitorState::Down:
        return Group::Down;
    case MonitorState::Retrying:
        return Group::Retrying;
    case MonitorState::Offline:
        return Group::Offline;
    case MonitorState::Up:
    case MonitorState::Degraded:
        return Group::Up;
    case MonitorState::Idle:
    case MonitorState::Probing:
    case MonitorState::Stopped:
        return Group::Other;
    }
    return Group::Other;
}

QString EndpointListModel::groupWord(Group group)
{
    switch (group) {
    case Group::Down:
        return tr("down");
    case Group::Retrying:
        return tr("retrying");
    case Group::Offline:
        return tr("offline");
    case Group::Up:
        return tr("up");
    case Group::Other:
        return tr("not checked");
    }
    return QString();
}

QString EndpointListModel::groupText(Group group, int count)
{
    switch (group) {
    case Group::Down:
        return tr("%n down", nullptr, count);
    case Group::Retrying:
        return tr("%n retrying", nullptr, count);
    case Group::Offline:
        return tr("%n offline", nullptr, count);
    case Group::Up:
        return tr("%n up", nullptr, count);
    case Group::Other:
        return tr("%n not checked", nullptr, count);
    }
    return QString();
}

int EndpointListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_list->count();
}

QString EndpointListModel::stateText(const WatchedEndpoint *endpoint, const QDateTime &now)
{
    const MonitorStatus &status = endpoint->status();
    const std::optional<ProbeResult> &result = endpoint->lastResult();
    const QString what = result && !result->isOk() ? result->description().title : QString();
    auto with = [&what](const QString &head) { return what.isEmpty() ? head : head + QStringLiteral(" · ") + what; };
    const bool checking = status.state == MonitorState::Probing;
    const MonitorState state = checking ? endpoint->settledState() : status.state;
    QString text;
    switch (state) {
    case MonitorState::Idle:
        text = checking ? tr("Checking…") : tr("Not started");
        break;
    case MonitorState::Stopped:
        text = tr("Stopped");
        break;
    case MonitorState::Up:
    case MonitorState::Degraded: {
        const QString ms = result ? Presentation::milliseconds(result->timeline.totalMs()) : QString();
        text = status.slow                       ? tr("Slow · %1").arg(ms)
               : state == MonitorState::Degraded ? tr("Recovered · %1").arg(ms)
                                                 : tr("Up · %1").arg(ms);
        break;
    }
    case MonitorState::Retrying: {
        const std::optional<qint64> left = endpoint->msUntilNextCheck();
        text = with(checking || !left ? tr("Retrying now")
                                      : tr("Retrying in %1").arg(durationText(*left, DurationPrecision::WholeSeconds)));
        break;
    }
    case MonitorState::Down: {
        const QDateTime since = endpoint->failingSince();
        text = with(since.isValid() ? tr("Down for %1").arg(durationText(since.msecsTo(now))) : tr("Down"));
        break;
    }
    case MonitorState::Offline:
        text = tr("Offline: this machine has no network");
        break;
    case MonitorState::Probing:
        text = tr("Checking…");
        break;
    }
    if (status.flapping)
        text += QStringLiteral(" · ") + tr("flapping");
    return text;
}

Presentation::Tone EndpointListModel::tone(const WatchedEndpoint *endpoint)
{
    const std::optional<ProbeResult> &last = endpoint->lastResult();
    return Presentation::toneFor(endpoint->settledState(), endpoint->status(),
                                 last ? std::optional<FailureKind>(last->kind) : std::nullopt);
}

QVariant EndpointListModel::data(const QModelIndex &index, int role) const
{
    const WatchedEndpoint *endpoint = index.isValid() ? m_list->at(index.row()) : nullptr;
    if (!endpoint)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return QString(endpoint->displayName() + QLatin1Char('\n') + rowState(endpoint, Presentation::tickTime()));
    case Qt::EditRole:
        return endpoint->config().name.isEmpty() ? endpoint->displayName() : endpoint->config().name;
    case Qt::DecorationRole:
        return Presentation::dot(tone(endpoint));
    case Qt::ToolTipRole: {
        const ProbeOptions &probe = endpoint->config().settings.probe;
        return QString(endpoint->displayName() + QLatin1Char('\n') + QString::fromLatin1(probe.method) +
                       QLatin1Char(' ') + Redactor::redactUrl(probe.url) + QLatin1Char('\n') +
                       endpoint->status().sentence(endpoint->msUntilNextCheck()));
    }
    case Qt::AccessibleTextRole: {
        // What a screen reader says for the row: what the eye reads, the uptime and the strip of
        // last checks in words (drawn only, they were not said at all).
        int ok = 0, slow = 0, failed = 0;
        const auto &samples = endpoint->stats().samples();
        const int slowMs = endpoint->config().settings.slowThresholdMs;
        for (auto it = samples.end() - std::min<qsizetype>(kSpokenChecks, samples.size()); it != samples.end(); ++it) {
            if (it->kind != FailureKind::Ok)
                ++failed;
            else if (it->totalMs > slowMs)
                ++slow;
            else
                ++ok;
        }
        QString text = endpoint->displayName() + QStringLiteral(". ") + rowState(endpoint, Presentation::tickTime()) +
                       QStringLiteral(". ") +
                       tr("Uptime over the last 24 hours: %1.").arg(data(index, UptimeRole).toString());
        if (!samples.empty())
            text += QLatin1Char(' ') + tr("Last checks: %1 ok, %2 slow, %3 failed.").arg(ok).arg(slow).arg(failed);
        return text;
    }
    case StateTextRole:
        return rowState(endpoint, Presentation::tickTime());
    case GroupRole:
        return int(group(endpoint));
    case SearchTextRole: {
        // Both spellings of a failure: the title a person reads and the name exports and metrics use.
        const std::optional<ProbeResult> &last = endpoint->lastResult();
        QString text = endpoint->displayName() + QLatin1Char('\n') +
                       Redactor::redactUrl(endpoint->config().settings.probe.url) + QLatin1Char('\n') +
                       groupWord(group(endpoint)) + QLatin1Char('\n') + rowState(endpoint, Presentation::tickTime());
        if (last)
            text += QLatin1Char('\n') + last->description().title + QLatin1Char('\n') + failureKindName(last->kind);
        return text;
    }
    case ToneRole:
        return int(tone(endpoint));
    case UptimeRole: {
        const QString &id = endpoint->config().id;
        const EndpointStats &stats = endpoint->stats();
        HistoryUptime day = m_dayUptime.value(id);
        const HistoryUptime then = m_sessionAtRefresh.value(id);
        // What the history said a moment ago, plus this session's checks since (a new endpoint or
        // one the stats restarted for counts from zero).
        const bool sameRun = stats.sessionAttempts() >= then.checks;
        day.checks += sameRun ? stats.sessionAttempts() - then.checks : stats.sessionAttempts();
        day.ok += sameRun ? stats.sessionOk() - then.ok : stats.sessionOk();
        return Presentation::uptime(day.ok, day.checks);
    }
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
