#include "endpoints/EndpointList.h"

#include <QCoreApplication>
#include <QSettings>
#include <QUrl>

#include "base/Logging.h"
#include "endpoints/EndpointStore.h"
#include "endpoints/EventLog.h"
#include "history/HistoryStore.h"
#include "probe/Redactor.h"

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class EndpointListWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::EndpointList)
};

} // namespace

EndpointList::EndpointList(const EndpointServices &services, QObject *parent)
    : QObject(parent)
    , m_services(services)
{
}

EndpointList::~EndpointList()
{
    // Stop quietly: nothing should hear about each endpoint going away at shutdown.
    for (WatchedEndpoint *endpoint : std::as_const(m_endpoints))
        endpoint->disconnect();
    qDeleteAll(m_endpoints);
}

QStringList EndpointList::restore(QSettings *storage)
{
    m_storage = storage;
    QStringList problems;
    if (!m_storage)
        return problems;
    m_restoring = true;
    for (const EndpointConfig &config : EndpointStore::load(*m_storage, &problems))
        add(config);
    m_restoring = false;
    return problems;
}

void EndpointList::save()
{
    if (!m_storage || m_restoring)
        return;
    QList<EndpointConfig> configs;
    configs.reserve(m_endpoints.size());
    for (const WatchedEndpoint *endpoint : std::as_const(m_endpoints))
        configs << endpoint->config();
    EndpointStore::save(*m_storage, configs);
    m_storage->sync();
}

void EndpointList::onEdited()
{
    save();
    emit edited();
}

WatchedEndpoint *EndpointList::add(const EndpointConfig &config, int row)
{
    auto *endpoint = new WatchedEndpoint(m_services, config, this);
    if (row < 0 || row > count())
        row = count();
    emit endpointAboutToBeAdded(row);
    m_endpoints.insert(row, endpoint);
    connect(endpoint, &WatchedEndpoint::configChanged, this, &EndpointList::onEdited);
    emit endpointAdded(row);
    qCDebug(lcEndpoints).noquote() << "added" << endpoint->displayName() << (config.demo ? "(demo, not saved)" : "");
    if (config.watching)
        endpoint->start();
    onEdited();
    return endpoint;
}

std::optional<EndpointConfig> EndpointList::remove(int row)
{
    WatchedEndpoint *endpoint = at(row);
    if (!endpoint)
        return std::nullopt;
    EndpointConfig config = endpoint->config();
    // Stopped first: its last words (the cancelled check, "stopped") are heard while it is still
    // in the list, not in the middle of a view's row removal.
    endpoint->disconnect(this);
    endpoint->stop();
    emit endpointAboutToBeRemoved(row);
    qCDebug(lcEndpoints).noquote() << "removed" << endpoint->displayName();
    m_endpoints.removeAt(row);
    // Later, not now: a view may be inside a slot of this endpoint's signal.
    endpoint->deleteLater();
    emit endpointRemoved(row);
    onEdited();
    return config;
}

bool EndpointList::move(int from, int to)
{
    if (!at(from) || !at(to) || from == to)
        return false;
    emit endpointAboutToBeMoved(from, to);
    m_endpoints.move(from, to);
    emit endpointMoved(from, to);
    onEdited();
    return true;
}

QString EndpointList::rename(int row, const QString &name)
{
    WatchedEndpoint *endpoint = at(row);
    if (!endpoint)
        return EndpointListWords::tr("no endpoint at row %1").arg(row);
    EndpointConfig config = endpoint->config();
    config.name = name.trimmed();
    // The name is an endpoint's identity in files (docs/endpoint-file.md): two alike would make an
    // export that --config refuses.
    const QString known = config.name.isEmpty() ? Redactor::redactUrl(config.settings.probe.url) : config.name;
    if (indexOfName(known, row) >= 0)
        return EndpointListWords::tr("another endpoint is already called \"%1\"").arg(known);
    return endpoint->setConfig(config); // configChanged saves
}

WatchedEndpoint *EndpointList::at(int row) const
{
    return row >= 0 && row < m_endpoints.size() ? m_endpoints.at(row) : nullptr;
}

int EndpointList::indexOf(const WatchedEndpoint *endpoint) const
{
    return int(m_endpoints.indexOf(const_cast<WatchedEndpoint *>(endpoint)));
}

int EndpointList::indexOfId(const QString &id) const
{
    for (int row = 0; row < count(); ++row) {
        if (m_endpoints.at(row)->config().id == id)
            return row;
    }
    return -1;
}

QHash<QString, HistoryUptime> EndpointList::uptimeOverview(qint64 fromMs, qint64 toMs) const
{
    return m_services.history ? m_services.history->overview(fromMs, toMs) : QHash<QString, HistoryUptime>();
}

int EndpointList::continueOutages()
{
    if (!m_services.history)
        return 0;
    const QHash<QString, HistoryStore::OngoingOutage> outages =
        m_services.history->ongoingOutages(QDateTime::currentMSecsSinceEpoch());
    int continued = 0;
    for (WatchedEndpoint *endpoint : std::as_const(m_endpoints)) {
        const auto found = outages.constFind(endpoint->config().id);
        if (found == outages.cend() || !endpoint->isRunning())
            continue;
        endpoint->continueOutage(QDateTime::fromMSecsSinceEpoch(found->sinceMs, Qt::UTC), found->retriesSpent,
                                 found->kind);
        ++continued;
    }
    return continued;
}

int EndpointList::replayHistory(qint64 sinceMs, int limit)
{
    if (!m_services.history || !m_services.log)
        return 0;
    QHash<QString, const WatchedEndpoint *> byId;
    for (const WatchedEndpoint *endpoint : std::as_const(m_endpoints))
        byId.insert(endpoint->config().id, endpoint);
    int replayed = 0;
    for (const auto &[id, attempt] : m_services.history->recentAttempts(sinceMs, limit)) {
        const WatchedEndpoint *endpoint = byId.value(id);
        if (!endpoint)
            continue; // removed since, or a headless watch: not one of these
        LogEvent event;
        event.type = LogEvent::Type::Attempt;
        event.at = QDateTime::fromMSecsSinceEpoch(attempt.atMs, Qt::UTC);
        event.endpointId = id;
        event.endpointName = endpoint->displayName();
        event.kind = attempt.kind;
        event.httpStatus = attempt.httpStatus;
        event.totalMs = attempt.totalMs;
        event.state = attempt.state;
        event.message = describeFailure(attempt.kind).title;
        event.plan = EndpointListWords::tr("(from the history)");
        m_services.log->append(event);
        ++replayed;
    }
    return replayed;
}

int EndpointList::indexOfName(const QString &name, int exceptRow) const
{
    for (int row = 0; row < count(); ++row) {
        if (row != exceptRow && m_endpoints.at(row)->displayName() == name)
            return row;
    }
    return -1;
}

QString EndpointList::freeName(const QString &name) const
{
    QString candidate = name;
    for (int n = 2; indexOfName(candidate) >= 0; ++n)
        candidate = QStringLiteral("%1 (%2)").arg(name).arg(n);
    return candidate;
}

int EndpointList::find(const QUrl &url, const QByteArray &method) const
{
    for (int row = 0; row < m_endpoints.size(); ++row) {
        const ProbeOptions &probe = m_endpoints.at(row)->config().settings.probe;
        if (probe.url == url && probe.method == method)
            return row;
    }
    return -1;
}

} // namespace NetPulse
