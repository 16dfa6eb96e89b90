#include "metrics/MetricsCollector.h"

#include <sys/resource.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include "endpoints/EndpointList.h"
#include "metrics/MetricsText.h"
#include "probe/Redactor.h"

namespace NetPulse {

using MetricsText::family;
using MetricsText::Labels;
using MetricsText::sample;

namespace {

const MonitorState kStates[] = {MonitorState::Idle,     MonitorState::Probing,  MonitorState::Up,
                                MonitorState::Degraded, MonitorState::Retrying, MonitorState::Down,
                                MonitorState::Offline,  MonitorState::Stopped};

// The names that label values take, made once: Latin-1 bytes the page can hold as they are.
struct LabelNames
{
    QList<std::pair<FailureKind, QLatin1StringView>> counted; // the kinds a failure counter is kept for
    QList<std::pair<MonitorState, QLatin1StringView>> states;
    QHash<FailureKind, QLatin1StringView> kinds;
    QList<QByteArray> storage;

    LabelNames()
    {
        storage.reserve(64);
        auto keep = [this](const QString &name) {
            storage.append(name.toLatin1());
            return QLatin1StringView(storage.constLast());
        };
        for (FailureKind kind : allFailureKinds()) {
            const QLatin1StringView name = keep(failureKindName(kind));
            kinds.insert(kind, name);
            if (kind != FailureKind::Ok && isVerdictOnServer(kind))
                counted.append({kind, name});
        }
        for (MonitorState state : kStates)
            states.append({state, keep(monitorStateName(state))});
    }
};

const LabelNames &labelNames()
{
    static const LabelNames names;
    return names;
}

double seconds(const std::optional<double> &ms)
{
    return ms ? *ms / 1000.0 : 0.0;
}

// The process's own figures, as Prometheus' client libraries name them; read from /proc where
// that is cheap (a few small files per scrape).
void processMetrics(QByteArray *out, const QDateTime &startedAt, const QByteArray &labels)
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const double cpu = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    family(out, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.");
    sample(out, "process_cpu_seconds_total", labels, cpu);
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (statm.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> fields = statm.readAll().split(' ');
        const double page = double(::sysconf(_SC_PAGESIZE));
        family(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.");
        sample(out, "process_virtual_memory_bytes", labels, fields.value(0).toDouble() * page);
        family(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
        sample(out, "process_resident_memory_bytes", labels, fields.value(1).toDouble() * page);
    }
    family(out, "process_open_fds", "gauge", "Number of open file descriptors.");
    sample(out, "process_open_fds", labels, double(QDir(QStringLiteral("/proc/self/fd")).count()) - 2);
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0) {
        family(out, "process_max_fds", "gauge", "Maximum number of open file descriptors.");
        sample(out, "process_max_fds", labels, double(files.rlim_cur));
    }
    family(out, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.");
    sample(out, "process_start_time_seconds", labels, double(startedAt.toMSecsSinceEpoch()) / 1000.0);
}

// When this process started: /proc/self/stat's start time (clock ticks after boot) plus the boot
// time from /proc/stat; now, when those cannot be read.
QDateTime processStartTime()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    QFile system(QStringLiteral("/proc/stat"));
    if (!stat.open(QIODevice::ReadOnly) || !system.open(QIODevice::ReadOnly))
        return QDateTime::currentDateTimeUtc();
    // Fields after the command name (which may hold spaces), counted from its closing parenthesis.
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    const qint64 ticks = fields.value(19).toLongLong(); // field 22 of the whole line
    qint64 boot = 0;
    for (const QByteArray &row : system.readAll().split('\n')) {
        if (row.startsWith("btime "))
            boot = row.mid(6).trimmed().toLongLong();
    }
    if (boot <= 0 || ticks <= 0)
        return QDateTime::currentDateTimeUtc();
    return QDateTime::fromMSecsSinceEpoch(boot * 1000 + ticks * 1000 / ::sysconf(_SC_CLK_TCK), Qt::UTC);
}

} // namespace

MetricsCollector::MetricsCollector(QObject *parent)
    : QObject(parent)
    , m_startedAt(processStartTime())
{
}

void MetricsCollector::follow(EndpointList *list)
{
    auto watch = [this](WatchedEndpoint *endpoint) {
        auto subject = [endpoint] {
            const EndpointConfig &config = endpoint->config();
            return ReportSubject{config.id, endpoint->displayName(), config.settings.probe.url,
                                 config.settings.probe.method};
        };
        recordState(subject(), endpoint->status());
        connect(endpoint, &WatchedEndpoint::attemptFinished, this,
                [this, subject](const ProbeResult &result, const MonitorStatus &status) {
                    recordAttempt(subject(), result, status);
                });
        // A rename or a new URL changes the labels at once; a state change between attempts
        // (stopped, offline) is seen too.
        connect(endpoint, &WatchedEndpoint::changed, this,
                [this, endpoint, subject] { recordState(subject(), endpoint->status()); });
    };
    for (WatchedEndpoint *endpoint : list->endpoints())
        watch(endpoint);
    connect(list, &EndpointList::endpointAdded, this, [list, watch](int row) { watch(list->at(row)); });
    connect(list, &EndpointList::endpointAboutToBeRemoved, this,
            [this, list](int row) { forget(list->at(row)->config().id); });
}

MetricsCollector::Endpoint &MetricsCollector::entry(const ReportSubject &subject)
{
    auto it = m_endpoints.find(subject.id);
    if (it == m_endpoints.end()) {
        m_order.append(subject.id);
        it = m_endpoints.insert(subject.id, Endpoint());
    }
    if (it->subject.url != subject.url || it->subject.method != subject.method) {
        // Another service: what was counted was about the old one.
        *it = Endpoint();
    }
    it->subject = subject;
    return *it;
}

void MetricsCollector::recordAttempt(const ReportSubject &subject, const ProbeResult &result,
                                     const MonitorStatus &status)
{
    Endpoint &e = entry(subject);
    e.status = status;
    e.statusAt = QDateTime::currentDateTimeUtc();
    if (result.kind == FailureKind::NetPulseBusy)
        ++e.heldUp;
    if (!isVerdictOnServer(result.kind))
        return; // ours (cancelled, netpulse_busy), not the service's
    e.quarantined = result.quarantined;
    ++e.attempts;
    // A retry is what the policy counts as one (checks at the down interval are not).
    if (status.retriesUsed > e.retriesUsedSeen)
        e.retries += status.retriesUsed - e.retriesUsedSeen;
    e.retriesUsedSeen = status.retriesUsed;
    if (!result.isOk()) {
        ++e.failures[result.kind];
        e.lastFailure = result;
        e.lastFailureAt = e.statusAt;
    }
    e.last = result;
    e.lastAt = e.statusAt;
    // The wait planned after this verdict is the endpoint's interval now: backoff and the down
    // interval included, which is what a reader of this vantage must allow before calling it stale.
    e.intervalMs = status.nextAttemptInMs.value_or(0);
}

void MetricsCollector::recordState(const ReportSubject &subject, const MonitorStatus &status)
{
    Endpoint &e = entry(subject);
    e.status = status;
    e.statusAt = QDateTime::currentDateTimeUtc();
    if (status.state == MonitorState::Stopped)
        e.intervalMs = 0; // no verdict will come: a reader must not count the last one as fresh
}

void MetricsCollector::forget(const QString &endpointId)
{
    m_endpoints.remove(endpointId);
    m_order.removeAll(endpointId);
}

QByteArray MetricsCollector::render() const
{
    QByteArray out;
    out.reserve(4096 + m_endpoints.size() * 4096);
    // Plain references, not a structured binding: lambdas below use them, which clang 14 refuses
    // for bindings (the sanitizer build's compiler).
    const LabelNames &names = labelNames();
    const auto &counted = names.counted;
    const auto &states = names.states;
    const auto &kindNames = names.kinds;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Each endpoint's labels are escaped once and reused by its ~30 samples: a 1,000-endpoint page
    // is built in a fraction of the time escaping them per sample took (docs/PERFORMANCE.md).
    // Two endpoints may share a name and URL (another method, an import beside a watched file):
    // each series must stay unique, so the second is "name #2".
    struct Row
    {
        const Endpoint *e;
        QByteArray labels;
    };
    QList<Row> rows;
    rows.reserve(m_order.size());
    {
        QHash<QPair<QString, QString>, int> seen;
        for (const QString &id : m_order) {
            const Endpoint &e = *m_endpoints.constFind(id);
            const QString url = Redactor::redactUrl(e.subject.url);
            const int n = ++seen[qMakePair(e.subject.name, url)];
            const QString name = n == 1 ? e.subject.name : QStringLiteral("%1 #%2").arg(e.subject.name).arg(n);
            Labels labels{{"endpoint", name}, {"url", url}};
            if (!m_vantage.isEmpty())
                labels.append({"vantage", m_vantage});
            rows.append({&e, MetricsText::renderLabels(labels)});
        }
    }
    const QByteArray own = m_vantage.isEmpty() ? QByteArray() : MetricsText::renderLabels({{"vantage", m_vantage}});
    auto with = [](const QByteArray &base, const char *name, const QString &value) -> QByteArray {
        if (base.isEmpty())
            return MetricsText::renderLabels({{name, value}});
        return base + ',' + name + "=\"" + MetricsText::escapeLabelValue(value) + '"';
    };
    // One family at a time, as the format wants: every endpoint's sample under one HELP/TYPE.
    auto each = [&](const char *name, const char *type, const char *help,
                    const std::function<void(const Endpoint &, const QByteArray &)> &write) {
        family(&out, name, type, help);
        for (const Row &row : std::as_const(rows))
            write(*row.e, row.labels);
    };
    each("probe_success", "gauge", "Whether the last check succeeded (1) or failed (0).",
         [&](const Endpoint &e, const QByteArray &l) {
             if (e.last)
                 sample(&out, "probe_success", l, e.last->isOk() ? 1 : 0);
         });
    each("probe_duration_seconds", "gauge", "How long the last check took, in seconds.",
         [&](const Endpoint &e, const QByteArray &l) {
             if (e.last)
                 sample(&out, "probe_duration_seconds", l, seconds(e.last->timeline.totalMs()));
         });
    each("probe_http_status_code", "gauge", "HTTP status of the last check; 0 when none came.",
         [&](const Endpoint &e, const QByteArray &l) {
             if (e.last)
                 sample(&out, "probe_http_status_code", l, e.last->httpStatus.value_or(0));
         });
    // Qt does not report name resolution apart from the connect, so there is no "resolve" phase:
    // connect includes it (docs/metrics.md). For https, connect is not seen either: tls covers both.
    each("probe_http_duration_seconds", "gauge", "Duration of the last check's phases, in seconds.",
         [&](const Endpoint &e, const QByteArray &l) {
             if (!e.last)
                 return;
             const ProbeTimeline &t = e.last->timeline;
             const std::pair<const char *, std::optional<double>> phases[] = {{"connect", t.connectMs()},
                                                                              {"tls", t.tlsMs()},
                                                                              {"processing", t.ttfbMs()},
                                                                              {"transfer", t.transferMs()}};
             for (const auto &[phase, ms] : phases) {
                 if (ms)
                     sample(&out, "probe_http_duration_seconds", l, *ms / 1000.0, "phase", QLatin1String(phase));
             }
         });
    each("probe_http_content_length", "gauge", "Content-Length of the last response; -1 when not given.",
         [&](const Endpoint &e, const QByteArray &l) {
             if (e.last && e.last->httpStatus)
                 sample(&out, "probe_http_content_length", l, double(e.last->contentLength.value_or(-1)));
         });
    each("probe_http_redirects", "gauge", "Redirects followed by the last check.",
         [&](const Endpoint &e, const QByteArray &l) {
             if (e.last)
                 sample(&out, "probe_http_redirects", l, double(e.last->redirects.size()));
         });
    each("probe_ssl_earliest_cert_expiry", "gauge", "Expiry of the last certificate seen, in unix seconds.",
         [&](const Endpoint &e, const QByteArray &l) {
             if (e.last && e.last->certificate.expiresAt.isValid())
                 sample(&out, "probe_ssl_earliest_cert_expiry", l,
                        double(e.last->certificate.expiresAt.toSecsSinceEpoch()));
         });
    each("probe_failed_due_to_regex", "gauge", "Whether the last check failed one of the body checks.",
         [&](const Endpoint &e, const QByteArray &l) {
             if (!e.last)
                 return;
             const bool body =
                 e.last->kind == FailureKind::CheckFailed && e.last->failedCheck.startsWith(QLatin1String("body_"));
             sample(&out, "probe_failed_due_to_regex", l, body ? 1 : 0);
         });
    // What another vantage point reads of this one (docs/vantage.md): when the last verdict was
    // made, its kind, and how often this endpoint is checked now, so a reader can tell a stale
    // vantage from a fresh one.
    each("netpulse_probe_verdict_timestamp_seconds", "gauge",
         "When the last check finished, in unix seconds; its failure kind (ok when it succeeded) as a label.",
         [&](const Endpoint &e, const QByteArray &l) {
             if (e.last && e.lastAt.isValid())
                 sample(&out, "netpulse_probe_verdict_timestamp_seconds", l,
                        double(e.lastAt.toMSecsSinceEpoch()) / 1000.0, "kind", kindNames.value(e.last->kind));
         });
    each("netpulse_probe_interval_seconds", "gauge",
         "Seconds between this endpoint's checks now (retry and down intervals included); 0 once stopped.",
         [&](const Endpoint &e, const QByteArray &l) {
             // 0 once stopped, rather than absent: a reader looking back over minutes must see
             // that it stopped, not the last interval it had.
             if (e.last)
                 sample(&out, "netpulse_probe_interval_seconds", l, double(e.intervalMs) / 1000.0);
         });
    each("netpulse_probe_attempts_total", "counter", "Checks finished, retries included.",
         [&](const Endpoint &e, const QByteArray &l) {
             sample(&out, "netpulse_probe_attempts_total", l, double(e.attempts));
         });
    // Every kind from the start, at 0, so rate() sees the first failure of a kind.
    each("netpulse_probe_failures_total", "counter", "Failed checks by failure kind (docs/metrics.md).",
         [&](const Endpoint &e, const QByteArray &l) {
             for (const auto &[kind, name] : std::as_const(counted))
                 sample(&out, "netpulse_probe_failures_total", l, double(e.failures.value(kind)), "kind", name);
         });
    each("netpulse_probe_last_failure_info", "gauge",
         "The last failure, kept after recovery: its kind, title and HTTP status as labels; always 1.",
         [&](const Endpoint &e, const QByteArray &l) {
             if (!e.lastFailure)
                 return;
             const QByteArray labels = with(
                 with(with(l, "kind", failureKindName(e.lastFailure->kind)), "title",
                      e.lastFailure->description().title),
                 "http_status", e.lastFailure->httpStatus ? QString::number(*e.lastFailure->httpStatus) : QString());
             sample(&out, "netpulse_probe_last_failure_info", labels, 1);
         });
    each("netpulse_probe_last_failure_timestamp_seconds", "gauge", "When the last failure happened, in unix seconds.",
         [&](const Endpoint &e, const QByteArray &l) {
             if (e.lastFailure)
                 sample(&out, "netpulse_probe_last_failure_timestamp_seconds", l,
                        double(e.lastFailureAt.toMSecsSinceEpoch()) / 1000.0);
         });
    each("netpulse_checks_held_up_total", "counter",
         "Checks NetPulse itself could not make in time (netpulse_busy); never counted as a failure.",
         [&](const Endpoint &e, const QByteArray &l) {
             sample(&out, "netpulse_checks_held_up_total", l, double(e.heldUp));
         });
    each("netpulse_probe_page_blocked", "gauge",
         "1 while the last check's answer would be blocked by a browser for the endpoint's page_origin "
         "(CORS, mixed content, private network access; docs/path.md).",
         [&](const Endpoint &e, const QByteArray &l) {
             if (e.last && e.last->kind == FailureKind::CheckFailed &&
                 e.last->failedCheck == QLatin1String("page_origin"))
                 sample(&out, "netpulse_probe_page_blocked", l, 1);
         });
    each("netpulse_probe_quarantined", "gauge",
         "Whether the endpoint's probes run on a quarantine lane (its server held a lane busy): 1 or 0.",
         [&](const Endpoint &e, const QByteArray &l) {
             sample(&out, "netpulse_probe_quarantined", l, e.quarantined ? 1 : 0);
         });
    each("netpulse_probe_gateway_info", "gauge",
         "A gateway answered the last check with an error: its product and what it says failed behind it "
         "(origin, a failure kind; empty when it does not say). docs/path.md.",
         [&](const Endpoint &e, const QByteArray &l) {
             if (!e.last || !e.last->gateway)
                 return;
             const GatewayReport &g = *e.last->gateway;
             sample(&out, "netpulse_probe_gateway_info",
                    with(with(l, "product", g.product), "origin", g.origin ? failureKindName(*g.origin) : QString()),
                    1);
         });
    each("netpulse_monitor_state", "gauge", "The monitor's state: 1 for the current one.",
         [&](const Endpoint &e, const QByteArray &l) {
             for (const auto &[state, name] : std::as_const(states))
                 sample(&out, "netpulse_monitor_state", l, e.status.state == state ? 1 : 0, "state", name);
         });
    each("netpulse_retries_total", "counter", "Retries made within failure episodes (not the checks once down).",
         [&](const Endpoint &e, const QByteArray &l) { sample(&out, "netpulse_retries_total", l, double(e.retries)); });
    each("netpulse_next_check_seconds", "gauge", "Seconds until the next planned check.",
         [&](const Endpoint &e, const QByteArray &l) {
             if (e.status.nextAttemptInMs && e.statusAt.isValid()) {
                 const qint64 left = *e.status.nextAttemptInMs - e.statusAt.msecsTo(now);
                 sample(&out, "netpulse_next_check_seconds", l, double(std::max<qint64>(0, left)) / 1000.0);
             }
         });
    each("netpulse_fallback_age_seconds", "gauge", "Age of the last good data shown while the check fails.",
         [&](const Endpoint &e, const QByteArray &l) {
             if (e.status.fallback && e.status.fallback->cachedAt.isValid())
                 sample(&out, "netpulse_fallback_age_seconds", l,
                        double(e.status.fallback->cachedAt.msecsTo(now)) / 1000.0);
         });
    family(&out, "netpulse_build_info", "gauge", "NetPulse's version.");
    sample(&out, "netpulse_build_info", with(own, "version", QCoreApplication::applicationVersion()), 1);
    processMetrics(&out, m_startedAt, own);
    return out;
}

} // namespace NetPulse
