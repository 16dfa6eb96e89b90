#include "headless/HeadlessRunner.h"

#include <QHostInfo>

#include "base/Vantage.h"
#include "cache/ResponseCache.h"
#include "endpoints/EndpointFile.h"
#include "endpoints/EndpointFileWatcher.h"
#include "endpoints/EndpointList.h"
#include "headless/SignalWatcher.h"
#include "history/HistoryStore.h"
#include "metrics/MetricsCollector.h"
#include "metrics/MetricsServer.h"
#include "monitor/EndpointMonitor.h"
#include "probe/ProbeEngine.h"
#include "probe/ProbeHandle.h"
#include "probe/Redactor.h"
#include "reports/AlertNotifier.h"
#include "reports/ReportDelivery.h"
#include "reports/Reporter.h"

namespace NetPulse {

int probeLaneCount(const HeadlessConfig &config)
{
    if (config.probeThreads)
        return *config.probeThreads;
    if (!config.endpointFile.isEmpty()) {
        // Read for this one setting; the watcher reads the file again for the endpoints and says
        // what is wrong with it.
        if (const std::optional<int> threads = EndpointFile::read(config.endpointFile).probeThreads)
            return *threads;
    }
    return ProbeEngine::defaultLaneCount();
}

QString vantageName(const HeadlessConfig &config)
{
    if (config.vantage)
        return *config.vantage;
    if (!config.endpointFile.isEmpty()) {
        if (const std::optional<QString> vantage = EndpointFile::read(config.endpointFile).vantage)
            return *vantage;
    }
    return QHostInfo::localHostName();
}

HeadlessRunner::HeadlessRunner(HeadlessConfig config, FILE *out, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_out(out)
    , m_engine(new ProbeEngine(this))
{
    m_engine->setLaneCount(probeLaneCount(m_config));
    if (m_config.proxy)
        m_engine->setProxy(*m_config.proxy);
    if (m_config.useCache) {
        const QString directory =
            m_config.cacheDirectory.isEmpty() ? ResponseCache::defaultDirectory() : m_config.cacheDirectory;
        m_cache = new ResponseCache(directory, CacheLimits(), this);
        // What the cache has to say reaches stderr through its logging category (netpulse.cache).
    }
    if (m_config.useHistory) {
        // Every attempt goes into the same history the desktop app reads; warnings reach stderr
        // through netpulse.history.
        m_history = new HistoryStore(m_config.dataDirectory.isEmpty() ? HistoryStore::defaultDirectory()
                                                                      : m_config.dataDirectory,
                                     HistoryRetention(), this);
    }
    if (m_config.reports.isValid()) {
        // Reports wait in the history database, so a restart still sends what was made before;
        // without a history, in memory.
        m_outbox = m_history ? m_history : new HistoryStore(QString(), HistoryRetention(), this);
        m_reporter = new Reporter(m_outbox, m_engine->network(), this);
        m_reporter->setTarget(m_config.reports);
    }
    if (m_config.alerts.isValid()) {
        m_alerts = new AlertNotifier(m_engine->network(), this);
        m_alerts->setTarget(m_config.alerts);
    }
    m_signals = new SignalWatcher(this);
    connect(m_signals, &SignalWatcher::terminationRequested, this, &HeadlessRunner::onTermination);
}

void HeadlessRunner::startFile()
{
    m_list = new EndpointList({m_engine, m_cache, nullptr, m_history, m_reporter, m_alerts}, this);
    connect(m_list, &EndpointList::endpointAdded, this, [this](int row) {
        WatchedEndpoint *endpoint = m_list->at(row);
        connect(endpoint, &WatchedEndpoint::attemptFinished, this,
                [this, endpoint](const ProbeResult &result, const MonitorStatus &status) {
                    printAttempt(endpoint, result, status);
                });
    });
    if (m_metrics)
        m_metrics->follow(m_list);
    m_fileWatcher = new EndpointFileWatcher(m_list, m_config.endpointFile, this);
    // What the file says goes to stderr as "netpulse: config: …"; stdout stays JSON lines.
    connect(m_fileWatcher, &EndpointFileWatcher::rejected, this, [this](const QStringList &problems) {
        for (const QString &problem : problems)
            std::fprintf(stderr, "netpulse: config: %s\n", qPrintable(problem));
        if (m_list->count() > 0)
            std::fprintf(stderr, "netpulse: config: not applied; still watching the %d endpoints read before\n",
                         int(m_list->count()));
    });
    connect(m_fileWatcher, &EndpointFileWatcher::warned, this, [](const QStringList &warnings) {
        for (const QString &warning : warnings)
            std::fprintf(stderr, "netpulse: config: warning: %s\n", qPrintable(warning));
    });
    connect(m_fileWatcher, &EndpointFileWatcher::applied, this, [this](const EndpointMergeReport &report) {
        std::fprintf(stderr, "netpulse: config: watching %d endpoint%s: %s\n", int(m_list->count()),
                     m_list->count() == 1 ? "" : "s", qPrintable(report.summary()));
    });
    connect(m_signals, &SignalWatcher::reloadRequested, m_fileWatcher, &EndpointFileWatcher::reload);
    if (!m_fileWatcher->reload()) {
        // The first read must be good: there is nothing to keep watching.
        QMetaObject::invokeMethod(
            this, [this] { finish(2); }, Qt::QueuedConnection);
        return;
    }
    // An outage that was going on when the last run stopped goes on, as in the window: its start,
    // its spent retries, and no second "down" report or alert.
    m_list->continueOutages();
}

void HeadlessRunner::printAttempt(const WatchedEndpoint *endpoint, const ProbeResult &result,
                                  const MonitorStatus &status)
{
    AttemptContext context{std::max(1, status.lastAttempt), status, std::nullopt, endpoint->displayName(), {}};
    if (m_vantages)
        context.elsewhere = m_vantages->readings(Redactor::redactUrl(endpoint->config().settings.probe.url));
    print(result, context);
}

void HeadlessRunner::start()
{
    if (!m_config.metricsAddress.isNull()) {
        m_metrics = new MetricsCollector(this);
        m_metrics->setVantage(Vantage::name());
        auto *server = new MetricsServer(m_metrics, this);
        if (m_config.metricsWebConfig)
            server->setWebConfig(*m_config.metricsWebConfig);
        QString problem;
        if (!server->listen(m_config.metricsAddress, m_config.metricsPort, &problem)) {
            std::fprintf(stderr, "netpulse: --metrics-listen: %s\n", qPrintable(problem));
            QMetaObject::invokeMethod(
                this, [this] { finish(2); }, Qt::QueuedConnection);
            return;
        }
    }
    if (m_config.vantages.isValid() && !m_config.once) {
        // Read before the first checks end, so their lines can say already what the others see.
        m_vantages = new VantageReader(Vantage::name(), this);
        m_vantages->setSource(m_config.vantages);
    }
    if (!m_config.endpointFile.isEmpty()) {
        startFile();
        return;
    }
    if (m_config.once) {
        ProbeOptions options = m_config.monitor.probe;
        if (m_cache)
            m_cache->prepare(&options);
        m_probe = m_engine->createProbe(options, this);
        connect(m_probe, &ProbeHandle::finished, this, [this](const ProbeResult &result) {
            const ProbeOptions &options = m_config.monitor.probe;
            const std::optional<CacheFallback> fallback = m_cache ? m_cache->absorb(options, result) : std::nullopt;
            print(result, AttemptContext{1, std::nullopt, fallback, m_config.name, {}});
            if (m_history)
                m_history->recordAttempt(historyId(), result, result.isOk() ? MonitorState::Up : MonitorState::Down);
            if (m_config.showBody) {
                // The live body; on a 304 or a failure with a fallback, the stored one.
                QByteArray body = result.body;
                if (m_cache && (fallback || result.httpStatus == 304)) {
                    if (const std::optional<CacheEntry> entry = m_cache->get(ResponseCache::keyFor(options)))
                        body = entry->body;
                }
                std::fwrite(body.constData(), 1, size_t(body.size()), m_out);
                if (!body.endsWith('\n'))
                    std::fputc('\n', m_out);
                std::fflush(m_out);
            }
            if (m_reporter) {
                MonitorStatus status; // no monitor: the one probe decides, as in the history
                status.state = result.isOk() ? MonitorState::Up : MonitorState::Down;
                status.reason = QStringLiteral("one probe (--once)");
                m_reporter->reportAttempt(reportSubject(), result, status);
            }
            // --once answers with the kind's family (README, "Exit status").
            finish(exitCodeForKind(result.kind));
        });
        m_probe->start();
        return;
    }
    m_monitor = new EndpointMonitor(m_engine, this);
    m_monitor->setCache(m_cache);
    const QString problem = m_monitor->setSettings(m_config.monitor);
    if (!problem.isEmpty()) {
        std::fprintf(stderr, "netpulse: %s\n", qPrintable(problem));
        QMetaObject::invokeMethod(
            this, [this] { finish(2); }, Qt::QueuedConnection);
        return;
    }
    m_monitor->setMaxAttempts(m_config.count);
    connect(m_monitor, &EndpointMonitor::attemptFinished, this, &HeadlessRunner::onAttemptFinished);
    if (m_metrics) {
        connect(m_monitor, &EndpointMonitor::stateChanged, this,
                [this](const MonitorStatus &status) { m_metrics->recordState(reportSubject(), status); });
    }
    // A watch that ran its course or was stopped is a success.
    connect(m_monitor, &EndpointMonitor::stopped, this, [this] { finish(0); });
    m_monitor->start();
}

QString HeadlessRunner::historyId() const
{
    // A headless watch is known by what it probes (secrets masked), so repeated runs add up.
    const ProbeOptions &probe = m_config.monitor.probe;
    return QStringLiteral("headless:") + QString::fromLatin1(probe.method) + QLatin1Char(' ') +
           Redactor::redactUrl(probe.url);
}

ReportSubject HeadlessRunner::reportSubject() const
{
    const ProbeOptions &probe = m_config.monitor.probe;
    return {historyId(), m_config.name.isEmpty() ? Redactor::redactUrl(probe.url) : m_config.name, probe.url,
            probe.method};
}

void HeadlessRunner::finish(int exitCode)
{
    // Reports still waiting go out first while the backend answers, for a moment at most: they are
    // kept in the outbox either way and sent by the next run.
    auto emitDone = [this, exitCode] {
        if (m_finished)
            return;
        m_finished = true;
        emit done(exitCode);
    };
    ReportDelivery *delivery = m_reporter ? m_reporter->delivery() : nullptr;
    if (!delivery || delivery->isFailing() || m_outbox->waitingReportCount() == 0) {
        emitDone();
        return;
    }
    QTimer::singleShot(kFinishGraceMs, this, emitDone);
    connect(delivery, &ReportDelivery::drained, this, emitDone);
    connect(delivery, &ReportDelivery::deliveryFailed, this, emitDone);
    delivery->wake();
}

void HeadlessRunner::print(const ProbeResult &result, const AttemptContext &context)
{
    const QByteArray line = resultToJsonLine(result, context);
    std::fwrite(line.constData(), 1, size_t(line.size()), m_out);
    std::fputc('\n', m_out);
    std::fflush(m_out);
}

void HeadlessRunner::onAttemptFinished(const ProbeResult &result, const MonitorStatus &status)
{
    if (isVerdictOnServer(result.kind))
        m_lastResult = result;
    if (m_history)
        m_history->recordAttempt(historyId(), result, status.state);
    if (m_reporter)
        m_reporter->reportAttempt(reportSubject(), result, status);
    if (status.state != m_lastState && status.state != MonitorState::Probing) {
        const MonitorState previous = m_lastState;
        m_lastState = status.state;
        if (m_history)
            m_history->recordStateChange(historyId(), status);
        if (m_reporter)
            m_reporter->reportStateChange(reportSubject(), status, previous, m_lastResult);
    }
    if (m_alerts)
        m_alerts->observe(reportSubject(), status, m_lastResult);
    if (m_metrics)
        m_metrics->recordAttempt(reportSubject(), result, status);
    AttemptContext context{std::max(1, status.lastAttempt), status, std::nullopt, m_config.name, {}};
    if (m_vantages)
        context.elsewhere = m_vantages->readings(Redactor::redactUrl(m_config.monitor.probe.url));
    print(result, context);
}

void HeadlessRunner::onTermination()
{
    if (m_terminating)
        return;
    m_terminating = true;
    if (m_probe) {
        m_probe->cancel(); // prints the cancelled line and exits with 7
        return;
    }
    if (m_list) {
        // Each endpoint's check in flight ends as a "cancelled" line, then the run ends.
        for (WatchedEndpoint *endpoint : m_list->endpoints())
            endpoint->stop();
        finish(0);
        return;
    }
    if (m_monitor && m_monitor->isRunning())
        m_monitor->stop();
    else
        finish(0);
}

} // namespace NetPulse
