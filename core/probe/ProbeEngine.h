#pragma once

#include <QNetworkAccessManager>
#include <QObject>

namespace NetPulse {

class NetworkReachability;
class Probe;
struct ProbeOptions;

// Owns what every probe shares: the one QNetworkAccessManager (so proxy and TLS settings are
// applied once) and the platform's reachability. EndpointMonitor and the headless --once mode get
// their probes from here; nothing else sees the manager itself.
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

private:
    QNetworkAccessManager m_manager;
    NetworkReachability *m_reachability;
};

} // namespace NetPulse
