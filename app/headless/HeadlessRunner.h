#pragma once

#include <cstdio>
#include <optional>

#include <QHostAddress>
#include <QNetworkProxy>
#include <QObject>

#include "headless/ResultJson.h"
#include "metrics/WebConfig.h"
#include "monitor/MonitorSettings.h"
#include "monitor/MonitorStatus.h"
#include "probe/ProbeOptions.h"
#include "probe/ProbeResult.h"
#include "reports/ReportEvents.h"
#include "reports/ReportTarget.h"
#include "vantage/VantageReader.h"

namespace NetPulse {

class AlertNotifier;
class EndpointFileWatcher;
class EndpointList;
class EndpointMonitor;
class MetricsCollector;
class HistoryStore;
class ProbeHandle;
class ProbeEngine;
class WatchedEndpoint;
class Reporter;
class ResponseCache;
class SignalWatcher;

struct HeadlessConfig
{
    MonitorSettings monitor; // monitor.probe is what each probe sends
    bool once = false;       // one probe, no schedule
    int count = 0;           // attempts, retries included; 0: until SIGINT/SIGTERM
    std::optional<QNetworkProxy> proxy;
    bool useCache = true;
    QString cacheDirectory; // empty: ResponseCache::defaultDirectory()
    bool useHistory = true;
    QString dataDirectory;       // the history database's folder; empty: HistoryStore::defaultDirectory()
    bool showBody = false;       // --once: the live or cached body after the JSON line
    QString name;                // how reports and alerts name the endpoint; empty: its URL (redacted)
    ReportTarget reports;        // --report-url, --report-header
    ReportTarget alerts;         // --alertmanager-url
    QString endpointFile;        // --config: watch every endpoint of this file instead of one URL
    QHostAddress metricsAddress; // --metrics-listen; null: no metrics
    quint16 metricsPort = 0;
    std::optional<WebConfig> metricsWebConfig; // --web-config: TLS, users
    std::optional<int> probeThreads;           // --probe-threads; else the endpoint file's, else the cores
    std::optional<QString> vantage;            // --vantage; else the endpoint file's, else the host name
    VantageSource vantages; // --vantages-from, --vantages-header, --vantages-ca: the others' verdicts
};

// The lanes a run gets: --probe-threads, else the endpoint file's defaults.probe_threads, else
// one per core (ProbeEngine::defaultLaneCount).
int probeLaneCount(const HeadlessConfig &config);

// This run's vantage name (Vantage::name): --vantage, else the endpoint file's defaults.vantage,
// else the host name.
QString vantageName(const HeadlessConfig &config);

// `netpulse --headless`: probes and prints one JSON line per attempt to stdout, flushed at once so a
// pipe reader sees each attempt as it ends. Finishes with the process's exit status. One URL, or
// with --config every endpoint of an endpoint file (each line then names its endpoint), reread on
// SIGHUP and when the file changes.
class HeadlessRunner : public QObject
{
    Q_OBJECT
public:
    // How long a finishing run waits for its reports to be taken (they are kept either way).
    static constexpr int kFinishGraceMs = 3000;

    explicit HeadlessRunner(HeadlessConfig config, FILE *out = stdout, QObject *parent = nullptr);

    void start();

signals:
    void done(int exitCode);

private:
    void onAttemptFinished(const ProbeResult &result, const MonitorStatus &status);
    void print(const ProbeResult &result, const AttemptContext &context);
    void onTermination();
    void startFile();
    void printAttempt(const WatchedEndpoint *endpoint, const ProbeResult &result, const MonitorStatus &status);
    QString historyId() const;
    ReportSubject reportSubject() const;
    void finish(int exitCode);

    HeadlessConfig m_config;
    FILE *m_out;
    ProbeEngine *m_engine;
    ResponseCache *m_cache = nullptr;
    HistoryStore *m_history = nullptr;
    HistoryStore *m_outbox = nullptr; // the history, or an in-memory one with --no-history
    Reporter *m_reporter = nullptr;
    AlertNotifier *m_alerts = nullptr;
    std::optional<ProbeResult> m_lastResult;
    EndpointMonitor *m_monitor = nullptr;
    ProbeHandle *m_probe = nullptr;
    EndpointList *m_list = nullptr; // --config
    EndpointFileWatcher *m_fileWatcher = nullptr;
    MetricsCollector *m_metrics = nullptr;
    VantageReader *m_vantages = nullptr; // the other vantage points' verdicts, when read
    SignalWatcher *m_signals;
    bool m_terminating = false;
    bool m_finished = false;
    MonitorState m_lastState = MonitorState::Idle;
};

} // namespace NetPulse
