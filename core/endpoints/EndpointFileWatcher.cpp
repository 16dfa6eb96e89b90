#include "endpoints/EndpointFileWatcher.h"

#include <QFileInfo>
#include <QSet>

#include "base/Logging.h"
#include "endpoints/EndpointFile.h"
#include "endpoints/EndpointList.h"

namespace NetPulse {

namespace {

constexpr int kSettleMs = 200;

} // namespace

EndpointFileWatcher::EndpointFileWatcher(EndpointList *list, const QString &path, QObject *parent)
    : QObject(parent)
    , m_list(list)
    , m_path(QFileInfo(path).absoluteFilePath())
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_settle, &QTimer::timeout, this, &EndpointFileWatcher::reload);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_settle, qOverload<>(&QTimer::start));
    // The folder too: a save by rename replaces the file, and the file's watch goes with the old one.
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_settle, qOverload<>(&QTimer::start));
    watchAgain();
}

void EndpointFileWatcher::watchAgain()
{
    if (QFileInfo::exists(m_path) && !m_watcher.files().contains(m_path))
        m_watcher.addPath(m_path);
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!m_watcher.directories().contains(folder))
        m_watcher.addPath(folder);
}

bool EndpointFileWatcher::reload()
{
    watchAgain();
    const EndpointFileContents file = EndpointFile::read(m_path);
    const QString name = QFileInfo(m_path).fileName();
    if (!file.ok()) {
        QStringList problems;
        for (const EndpointFileProblem &problem : file.errors)
            problems << problem.text(name);
        emit rejected(problems);
        return false;
    }
    if (!file.warnings.isEmpty()) {
        QStringList warnings;
        for (const EndpointFileProblem &warning : file.warnings)
            warnings << warning.text(name);
        emit warned(warnings);
    }
    int added = 0;
    int changed = 0;
    int unchanged = 0;
    QSet<QString> ids;
    for (const EndpointConfig &config : file.endpoints) {
        ids.insert(config.id);
        const int row = m_list->indexOfId(config.id);
        if (row < 0) {
            m_list->add(config);
            ++added;
            continue;
        }
        WatchedEndpoint *endpoint = m_list->at(row);
        if (endpoint->config() == config) {
            ++unchanged;
            continue;
        }
        endpoint->setConfig(config); // validated by the file's reader
        if (config.watching && !endpoint->isRunning())
            endpoint->start();
        else if (!config.watching && endpoint->isRunning())
            endpoint->stop();
        ++changed;
    }
    int removed = 0;
    for (int row = m_list->count() - 1; row >= 0; --row) {
        const QString id = m_list->at(row)->config().id;
        if (EndpointFile::isFileId(id) && !ids.contains(id)) {
            m_list->remove(row);
            ++removed;
        }
    }
    qCDebug(lcEndpoints).noquote() << name << ":" << file.endpoints.size() << "endpoints;" << added << "added,"
                                   << changed << "changed," << removed << "removed";
    emit applied(added, changed, removed, unchanged);
    return true;
}

} // namespace NetPulse
