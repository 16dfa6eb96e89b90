#pragma once

#include "EndpointConfig.h"
#include "EndpointStats.h"
#include "MonitorStatus.h"
#include "ProbeResult.h"

#include <QObject>

#include <optional>

namespace NetPulse {

class EndpointMonitor;
class EventLog;
class ProbeEngine;

// One endpoint the desktop app watches: its configuration, its monitor, its statistics and its
// latest result, feeding the shared event log. The UI reads these and calls the slots; it never
// sees a probe.
class WatchedEndpoint : public QObject
{
    Q_OBJECT
public:
    WatchedEndpoint(ProbeEngine *engine, EventLog *log, EndpointConfig config, QObject *parent = nullptr);

    const EndpointConfig &config() const { return m_config; }
    QString displayName() const;
    // Applies new settings (and name); returns the problem, naming the field, when unusable.
    QString setConfig(const EndpointConfig &config);

    EndpointMonitor *monitor() const { return m_monitor; }
    const EndpointStats &stats() const { return m_stats; }
    const std::optional<ProbeResult> &lastResult() const { return m_lastResult; }
    const MonitorStatus &status() const;
    bool isRunning() const;

public slots:
    void start();
    void stop();

signals:
    void changed(); // anything shown about it changed: result, state, name, settings
    void healthChanged(bool healthy, const NetPulse::MonitorStatus &status);

private:
    ProbeEngine *m_engine;
    EventLog *m_log;
    EndpointConfig m_config;
    EndpointMonitor *m_monitor;
    EndpointStats m_stats;
    std::optional<ProbeResult> m_lastResult;
    MonitorState m_lastLoggedState = MonitorState::Idle;
};

} // namespace NetPulse
