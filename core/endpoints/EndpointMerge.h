#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "endpoints/EndpointConfig.h"

namespace NetPulse {

class EndpointList;

// What a merge did, by name.
struct EndpointMergeReport
{
    QStringList added;
    QStringList changed;
    QStringList kept;    // the same settings: nothing restarted
    QStringList renamed; // "svc-01 → svc-01 (2)": a demo endpoint that gave way to an imported one
    QStringList skipped; // named like an endpoint a followed file keeps: changed in that file only
    QStringList removed;

    // "3 added (a, b, c); 1 changed (d); 40 unchanged; …"; at most five names a part.
    QString summary() const;
};

// The one rule by which endpoints read from a file meet the watched list, for every way in (File ▸
// Import, --import, --config, a followed file): an endpoint is known by its name, or unnamed by its
// (redacted) URL, as docs/endpoint-file.md says. Two entries with one URL and different names are
// two endpoints; an entry with a known name updates that endpoint, which keeps its history and, when
// only its name-independent settings are equal, its state and check in flight.
class EndpointMerge
{
public:
    // The name an endpoint is known by (WatchedEndpoint::displayName() for a config).
    static QString nameOf(const EndpointConfig &config);

    // The file's endpoints become the app's own (saved with the others, edited in the window). An
    // entry named like one of the app's own updates it; one named like a followed file's endpoint is
    // skipped (that file keeps it); a demo endpoint with the name gives way (renamed "name (N)").
    // Each is said. Nothing is removed.
    static EndpointMergeReport importInto(EndpointList *list, const QList<EndpointConfig> &configs);

    // The list's followed-file endpoints become exactly the file's (ids "file:<name>"): new ones are
    // added, changed ones take the file's settings, ones gone from the file are removed.
    static EndpointMergeReport follow(EndpointList *list, const QList<EndpointConfig> &configs);
};

} // namespace NetPulse
