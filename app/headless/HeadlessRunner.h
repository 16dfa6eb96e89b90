#pragma once

#include <cstdio>
#include <optional>

#include <QNetworkProxy>
#include <QObject>

#include "headless/ResultJson.h"
#include "monitor/MonitorSettings.h"
#include "monitor/MonitorStatus.h"
#include "probe/ProbeOptions.h"
#include "probe/ProbeResult.h"

namespace NetPulse {

class EndpointMonitor;
class HistoryStore;
class Probe;
class ProbeEngine;
class ResponseCache;

struct HeadlessConfig
{
    MonitorSettings monitor; // monitor.probe is what each probe sends
    bool once = false;       // one probe, no schedule
    int count = 0;           // attempts, retries included; 0: until SIGINT/SIGTERM
    std::optional<QNetworkProxy> proxy;
    bool useCache = true;
    QString cacheDirectory; // empty: ResponseCache::defaultDirectory()
    bool useHistory = true;
    QString dataDirectory; // the history database's folder; empty: HistoryStore::defaultDirectory()
    bool showBody = false; // --once: the live or cached body after the JSON line
};

// `netpulse --headless`: probes and prints one JSON line per attempt to stdout, flushed at once so a
// pipe reader sees each attempt as it ends. Finishes with the process's exit status.
class HeadlessRunner : public QObject
{
    Q_OBJECT
public:
    explicit HeadlessRunner(HeadlessConfig config, FILE *out = stdout, QObject *parent = nullptr);

    void start();

signals:
    void done(int exitCode);

private:
    void onAttemptFinished(const ProbeResult &result, const MonitorStatus &status);
    void print(const ProbeResult &result, const AttemptContext &context);
    void onTermination();
    QString historyId() const;

    HeadlessConfig m_config;
    FILE *m_out;
    ProbeEngine *m_engine;
    ResponseCache *m_cache = nullptr;
    HistoryStore *m_history = nullptr;
    EndpointMonitor *m_monitor = nullptr;
    Probe *m_probe = nullptr;
    bool m_terminating = false;
    MonitorState m_lastState = MonitorState::Idle;
};

} // namespace NetPulse
