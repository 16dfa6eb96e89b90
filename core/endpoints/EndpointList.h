#pragma once

#include <optional>

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QStringList>

#include "endpoints/WatchedEndpoint.h"

class QSettings;
class QUrl;

namespace NetPulse {

// The endpoints being watched, in the user's order. The one owner of WatchedEndpoint objects: the
// window and the app's start-up create, remove, reorder, rename and find endpoints here, and views
// (sidebar, event log filter, tray) follow its signals. Views keep a plain pointer: the list must
// outlive them (main() declares it before the window). With storage attached, every edit is saved
// at once (demo endpoints never are).
class EndpointList : public QObject
{
    Q_OBJECT
public:
    explicit EndpointList(const EndpointServices &services, QObject *parent = nullptr);
    ~EndpointList() override;

    // Reads the saved list into this one (nothing is started that was not watching) and saves every
    // edit from now on. Returns the problems met, one line each naming endpoint and field.
    QStringList restore(QSettings *storage);
    void save();

    // Adds and (when config.watching) starts an endpoint at `row` (-1: the end of the list).
    WatchedEndpoint *add(const EndpointConfig &config, int row = -1);
    // Stops and removes the endpoint at `row`; its config, to add back (undo), or nullopt when there
    // is none.
    std::optional<EndpointConfig> remove(int row);
    bool move(int from, int to);
    // Returns the problem when the name cannot be applied (another endpoint is known by it).
    QString rename(int row, const QString &name);

    int count() const { return int(m_endpoints.size()); }
    WatchedEndpoint *at(int row) const;
    int indexOf(const WatchedEndpoint *endpoint) const;
    // Puts the history's recent attempts of these endpoints (since `sinceMs`, at most `limit`, oldest
    // first) into the event log, so the log starts with what happened before this launch. Returns
    // how many; 0 without a history or a log.
    int replayHistory(qint64 sinceMs, int limit);
    // Continues, for every running endpoint, the outage the history says was going on when NetPulse
    // last ran (WatchedEndpoint::continueOutage). Returns how many; 0 without a history.
    int continueOutages();
    // Every endpoint's checks and successes in [fromMs, toMs] from the history, by id; empty
    // without a history.
    QHash<QString, HistoryUptime> uptimeOverview(qint64 fromMs, qint64 toMs) const;
    // Row of the endpoint with this id, or -1.
    int indexOfId(const QString &id) const;
    // Row of the first endpoint known by this name (its name, or unnamed its redacted URL), or -1.
    int indexOfName(const QString &name, int exceptRow = -1) const;
    // `name` when no endpoint is known by it, else the first free "name (2)", "name (3)", …
    QString freeName(const QString &name) const;
    // Row of the endpoint probing this URL with this method, or -1.
    int find(const QUrl &url, const QByteArray &method) const;
    const QList<WatchedEndpoint *> &endpoints() const { return m_endpoints; }

signals:
    // Before and after each change of rows, like a Qt model's begin/end pairs, so a model over the
    // list can announce rows exactly.
    void endpointAboutToBeAdded(int row);
    void endpointAdded(int row);
    void endpointAboutToBeRemoved(int row);
    void endpointRemoved(int row);
    void endpointAboutToBeMoved(int from, int to);
    void endpointMoved(int from, int to);
    void edited(); // added, removed, moved, renamed or reconfigured: what a save would write changed

private:
    void onEdited();

    EndpointServices m_services;
    QList<WatchedEndpoint *> m_endpoints;
    QSettings *m_storage = nullptr;
    bool m_restoring = false;
};

} // namespace NetPulse
