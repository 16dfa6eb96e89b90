#pragma once

#include <QNetworkAccessManager>
#include <QObject>

namespace NetPulse {

class NetworkReachability;
class Probe;
struct ProbeOptions;

// Owns what every probe shares: the one QNetworkAccessManager (so proxy and TLS settings are
// applied once) and the platform's reachability. The UI and the headless mode get probes (and
// EndpointMonitor its probes) from here and never see the manager itself.
class ResponseCache;

class ProbeEngine : public QObject
{
    Q_OBJECT
public:
    explicit ProbeEngine(QObject *parent = nullptr);
    ~ProbeEngine() override;

    void setProxy(const QNetworkProxy &proxy);
    NetworkReachability *reachability() const { return m_reachability; }
    // The last-good response store shared by every endpoint; null when caching is off.
    void setCache(ResponseCache *cache) { m_cache = cache; }
    ResponseCache *cache() const { return m_cache; }

    Probe *createProbe(const ProbeOptions &options, QObject *parent);

private:
    QNetworkAccessManager m_manager;
    NetworkReachability *m_reachability;
    ResponseCache *m_cache = nullptr;
};

} // namespace NetPulse
