#pragma once

#include "ProbeOptions.h"
#include "ProbeResult.h"

#include <QNetworkProxy>
#include <QObject>

#include <cstdio>
#include <optional>

namespace NetPulse {

class ProbeEngine;
class ProbeLoop;

struct HeadlessConfig
{
    ProbeOptions probe;
    bool once = false;
    int intervalMs = 5000;
    int count = 0; // 0: until SIGINT/SIGTERM
    std::optional<QNetworkProxy> proxy;
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
    void onAttemptFinished(const ProbeResult &result, int attempt);
    void onTermination();

    HeadlessConfig m_config;
    FILE *m_out;
    ProbeEngine *m_engine;
    ProbeLoop *m_loop;
    int m_exitCode = 0;
    bool m_terminating = false;
};

} // namespace NetPulse
