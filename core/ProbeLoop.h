#pragma once

#include "ProbeOptions.h"
#include "ProbeResult.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;

namespace NetPulse {

class NetworkReachability;
class Probe;

// Probes one endpoint at a fixed interval, one probe at a time, start to start (a slow probe pushes
// the next one back rather than overlapping it). The retry and backoff schedule builds on top of
// this in the monitor; this class only knows "again, every N ms, M times".
class ProbeLoop : public QObject
{
    Q_OBJECT
public:
    ProbeLoop(QNetworkAccessManager *manager, NetworkReachability *reachability = nullptr, QObject *parent = nullptr);

    void setOptions(const ProbeOptions &options);
    const ProbeOptions &options() const { return m_options; }
    void setIntervalMs(int intervalMs);
    int intervalMs() const { return m_intervalMs; }
    // 0: until stopped.
    void setMaxAttempts(int attempts) { m_maxAttempts = attempts; }
    bool isRunning() const { return m_running; }
    int attempts() const { return m_attempt; }

    static constexpr int kMinIntervalMs = 100;
    static constexpr int kMaxIntervalMs = 24 * 60 * 60 * 1000;

public slots:
    void start();
    // Cancels the probe in flight (its result is still reported, as `cancelled`) and stops.
    void stop();

signals:
    void attemptStarted(int attempt);
    void attemptFinished(const NetPulse::ProbeResult &result, int attempt);
    void nextAttemptScheduled(int inMs);
    void stopped();

private:
    void launch();
    void onProbeFinished(const ProbeResult &result);

    QNetworkAccessManager *m_manager;
    NetworkReachability *m_reachability;
    ProbeOptions m_options;
    QPointer<Probe> m_probe;
    QTimer m_timer;
    QElapsedTimer m_sinceLastStart;
    int m_intervalMs = 5000;
    int m_maxAttempts = 0;
    int m_attempt = 0;
    bool m_running = false;
    bool m_stopping = false;
};

} // namespace NetPulse
