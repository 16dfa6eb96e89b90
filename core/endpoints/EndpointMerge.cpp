#include "endpoints/EndpointMerge.h"

#include <QCoreApplication>
#include <QSet>

#include "endpoints/EndpointFile.h"
#include "endpoints/EndpointList.h"
#include "probe/Redactor.h"

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class EndpointMergeWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::EndpointMerge)
};

QString namesPart(const QStringList &names)
{
    constexpr int kShown = 5;
    QStringList shown = names.mid(0, kShown);
    if (names.size() > kShown)
        shown << EndpointMergeWords::tr("%n more", nullptr, int(names.size() - kShown));
    return shown.join(QStringLiteral(", "));
}

// Applies `config` to the endpoint at `row` (keeping its id); whether anything changed.
bool update(EndpointList *list, int row, EndpointConfig config)
{
    WatchedEndpoint *endpoint = list->at(row);
    config.id = endpoint->config().id;
    if (endpoint->config() == config)
        return false;
    endpoint->setConfig(config); // validated by the file's reader
    if (config.watching && !endpoint->isRunning())
        endpoint->start();
    else if (!config.watching && endpoint->isRunning())
        endpoint->stop();
    return true;
}

} // namespace

QString EndpointMergeReport::summary() const
{
    QStringList parts;
    if (!added.isEmpty())
        parts << EndpointMergeWords::tr("%n added (%1)", nullptr, int(added.size())).arg(namesPart(added));
    if (!changed.isEmpty())
        parts << EndpointMergeWords::tr("%n changed (%1)", nullptr, int(changed.size())).arg(namesPart(changed));
    if (!removed.isEmpty())
        parts << EndpointMergeWords::tr("%n removed (%1)", nullptr, int(removed.size())).arg(namesPart(removed));
    if (!kept.isEmpty())
        parts << EndpointMergeWords::tr("%n unchanged", nullptr, int(kept.size()));
    if (!renamed.isEmpty())
        parts << EndpointMergeWords::tr("demo endpoints renamed to make room: %1").arg(namesPart(renamed));
    if (!skipped.isEmpty())
        parts << EndpointMergeWords::tr("%n skipped, kept by the followed file (%1)", nullptr, int(skipped.size()))
                     .arg(namesPart(skipped));
    if (parts.isEmpty())
        return EndpointMergeWords::tr("no endpoints");
    return parts.join(QStringLiteral("; "));
}

QString EndpointMerge::nameOf(const EndpointConfig &config)
{
    return config.name.isEmpty() ? Redactor::redactUrl(config.settings.probe.url) : config.name;
}

EndpointMergeReport EndpointMerge::importInto(EndpointList *list, const QList<EndpointConfig> &configs)
{
    EndpointMergeReport report;
    for (EndpointConfig config : configs) {
        const QString name = nameOf(config);
        const int row = list->indexOfName(name);
        const WatchedEndpoint *known = list->at(row);
        if (known && !known->config().demo && !EndpointFile::isFileId(known->config().id)) {
            (update(list, row, config) ? report.changed : report.kept) << name;
            continue;
        }
        if (known && EndpointFile::isFileId(known->config().id)) {
            report.skipped << name;
            continue;
        }
        // The app's own from now on: an id of its own, not the file's.
        config.id = EndpointConfig().id;
        if (known) {
            // The demo's endpoint gives way (it is not saved): the imported one keeps its name, so a
            // second import of the same file finds it.
            const QString demoName = list->freeName(name);
            list->rename(row, demoName);
            report.renamed << EndpointMergeWords::tr("%1 → %2").arg(name, demoName);
        }
        list->add(config);
        report.added << nameOf(config);
    }
    return report;
}

EndpointMergeReport EndpointMerge::follow(EndpointList *list, const QList<EndpointConfig> &configs)
{
    EndpointMergeReport report;
    QSet<QString> ids;
    for (const EndpointConfig &config : configs) {
        ids.insert(config.id);
        const int row = list->indexOfId(config.id);
        if (row < 0) {
            list->add(config);
            report.added << nameOf(config);
        } else {
            (update(list, row, config) ? report.changed : report.kept) << nameOf(config);
        }
    }
    for (int row = list->count() - 1; row >= 0; --row) {
        const EndpointConfig &config = list->at(row)->config();
        if (EndpointFile::isFileId(config.id) && !ids.contains(config.id)) {
            report.removed.prepend(nameOf(config));
            list->remove(row);
        }
    }
    return report;
}

} // namespace NetPulse
