#pragma once

#include <optional>

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include "probe/ProbeResult.h"

namespace NetPulse {

// The steps from this machine to the answer, each with what was seen of it: the network, the name
// lookup, the TCP connect, TLS, a gateway when one answered, and the service. Derived from a
// ProbeResult only, so the window, the JSON line and the reports show the same path. No step is
// invented: one the probe did not observe says "not_seen"; one that does not apply is left out
// (TLS for http, a gateway where none answered).
struct PathStep
{
    QString step;    // "network", "redirect" (one per hop), "lookup", "connect", "tls", "gateway", "service", "page"
    QString outcome; // "ok", "failed", "not_seen", "not_needed"
    QString note;    // a short fact: "127.0.0.1 refused; ::1 accepted", "nginx, HTTP 504", "nxdomain"
    std::optional<double> ms;
};

class ProbePath
{
public:
    static QList<PathStep> steps(const ProbeResult &result);
    static QJsonArray toJson(const QList<PathStep> &steps);
    // What the JSON line and the reports both carry of the path: gateway, proxy, dns, addresses,
    // certificate_problems and path (docs/path.md), each null or empty when not seen.
    static void addFields(QJsonObject *object, const ProbeResult &result);
};

} // namespace NetPulse
