#include "endpoints/EndpointFileWatcher.h"

#include <QFileInfo>

#include "base/Logging.h"
#include "endpoints/EndpointFile.h"
#include "endpoints/EndpointList.h"
#include "endpoints/EndpointMerge.h"

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
        // The warnings too: a field name typed wrong is often why a value looks wrong.
        emit rejected(file.problemLines(name));
        return false;
    }
    if (!file.warnings.isEmpty()) {
        QStringList warnings;
        for (const EndpointFileProblem &warning : file.warnings)
            warnings << warning.text(name);
        emit warned(warnings);
    }
    const EndpointMergeReport report = EndpointMerge::follow(m_list, file.endpoints);
    qCDebug(lcEndpoints).noquote() << name << ":" << report.summary();
    emit applied(report);
    return true;
}

} // namespace NetPulse
