#pragma once

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>

namespace NetPulse {

class NetworkReachability;
class Probe;
struct ProbeOptions;

// Owns what every probe shares: the one QNetworkAccessManager (so proxy and TLS settings are
// applied once) and the platform's reachability. EndpointMonitor and the headless --once mode get
// their probes from here; the reports and alerts (reports/) post through the same manager.
class ProbeEngine : public QObject
{
    Q_OBJECT
public:
    explicit ProbeEngine(QObject *parent = nullptr);
    ~ProbeEngine() override;

    void setProxy(const QNetworkProxy &proxy);
    // Whether a request to `url` goes straight to its host (no proxy, or a loopback target, which
    // Qt always sends direct).
    bool goesDirect(const QUrl &url) const;
    NetworkReachability *reachability() const { return m_reachability; }

    Probe *createProbe(const ProbeOptions &options, QObject *parent);

    // How long a first check starting now should wait for its turn (see Limits::kFirstChecksPerMs):
    // 0 unless many begin together. Each call takes one place in the queue.
    int reserveFirstCheckDelayMs();
    // For what NetPulse sends on its own behalf (reports, alerts): same proxy, same TLS settings.
    QNetworkAccessManager *network() { return &m_manager; }

private:
    QNetworkAccessManager m_manager;
    NetworkReachability *m_reachability;
    QElapsedTimer m_clock;
    qint64 m_nextFirstCheckUs = 0; // on m_clock: the earliest free place for a first check
};

} // namespace NetPulse
