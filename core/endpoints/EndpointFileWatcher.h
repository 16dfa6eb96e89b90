#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include "endpoints/EndpointMerge.h"

namespace NetPulse {

class EndpointList;

// Keeps an EndpointList in step with an endpoint file: reads it now, again when it changes on disk
// (editors that save by renaming included) and whenever reload() is called (SIGHUP). A file with
// any error changes nothing: the running set stays and the problems are said. A good file is
// applied as a difference, by endpoint id ("file:<name>"): new endpoints are added, changed ones
// get their new settings (only that one restarts; a new name is a new endpoint), removed ones go,
// and the others keep their state, statistics and check in flight. Endpoints that did not come
// from a file are left alone.
class EndpointFileWatcher : public QObject
{
    Q_OBJECT
public:
    EndpointFileWatcher(EndpointList *list, const QString &path, QObject *parent = nullptr);

    QString path() const { return m_path; }
    // Reads and applies the file; false (and nothing changed) when it has errors.
    bool reload();

signals:
    void applied(const NetPulse::EndpointMergeReport &report);
    // The file was not used; its errors and warnings in its order, as "file:line:column: endpoint:
    // field: message" (warnings start "warning: ").
    void rejected(const QStringList &problems);
    // The file was used, but these were said about it (unknown fields, exported secrets).
    void warned(const QStringList &warnings);

private:
    void watchAgain();

    EndpointList *m_list;
    QString m_path;
    QFileSystemWatcher m_watcher;
    QTimer m_settle; // an editor's save is several events: read once they have settled
};

} // namespace NetPulse
