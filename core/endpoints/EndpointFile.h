#pragma once

#include <optional>

#include <QList>
#include <QString>

#include "endpoints/EndpointConfig.h"

namespace NetPulse {

// One thing wrong (or worth a word) in an endpoint file, where it is.
struct EndpointFileProblem
{
    int line = 0; // 0 when the problem is about the whole file
    int column = 0;
    QString path;     // where in the JSON: "endpoints[3].interval_ms"; empty for the file
    QString endpoint; // the endpoint it is about, as people know it: its name, else its URL, else
                      // "endpoint 4"; empty outside the endpoint list
    QString field;    // the field within that endpoint ("interval_ms"), or the path outside it
    QString message;
    bool warning = false; // said, but the file is used

    // "netpulse.json:12:7: svc-04 fast: interval_ms: 50 is below the minimum 100"
    QString text(const QString &fileName = QString()) const;
};

struct EndpointFileContents
{
    QList<EndpointConfig> endpoints;
    std::optional<int> probeThreads;     // defaults.probe_threads: the process's lanes, not an endpoint's
    std::optional<QString> vantage;      // defaults.vantage: this machine's name among vantage points
    QList<EndpointFileProblem> errors;   // any error: the file is not used at all
    QList<EndpointFileProblem> warnings; // unknown fields, exported secrets: used, but said
    // The endpoints without an error of their own, when the file as a whole reads (valid JSON, a
    // known version, good defaults): what an import may still take from a file with errors.
    QList<EndpointConfig> usable;

    bool ok() const { return errors.isEmpty(); }
    // Errors and warnings together in the file's order, so that neither hides the other; each as
    // text(fileName), warnings starting "warning: ".
    QStringList problemLines(const QString &fileName = QString()) const;
};

// Endpoints as a JSON file a team keeps under version control (docs/endpoint-file.md, schema in
// docs/endpoint-file.schema.json): {"version": 1, "defaults": {...}, "endpoints": [{...}, ...]},
// every per-endpoint setting the app has, `defaults` applying to all. Reading checks every field
// against base/Limits.h and names each problem with its line, column and path; a file with any
// error yields no endpoints, so a reload never half-applies. Endpoints are known by name (ids
// "file:<name>"), so history and state follow an endpoint across reloads and runs.
class EndpointFile
{
public:
    static constexpr int kVersion = 1;
    static constexpr qint64 kMaxBytes = 16 * 1024 * 1024;

    static EndpointFileContents parse(const QByteArray &text);
    static EndpointFileContents read(const QString &path);
    // The file for these endpoints (demo ones left out). Secrets are not exported: user info in
    // URLs, secret-looking query values and secret headers' values are written as "***", and
    // reading such a file warns that they must be filled in.
    static QByteArray write(const QList<EndpointConfig> &endpoints);
    static QString idForName(const QString &name) { return QStringLiteral("file:") + name; }
    // Whether an endpoint came from an endpoint file (and so is kept by it, not by the app).
    static bool isFileId(const QString &id) { return id.startsWith(QLatin1String("file:")); }
};

} // namespace NetPulse
