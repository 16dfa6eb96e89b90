#include "probe/NetworkReachability.h"

#include <QNetworkInformation>

#include "base/Logging.h"

namespace NetPulse {

NetworkReachability::NetworkReachability(QObject *parent)
    : QObject(parent)
{
    auto *info = QNetworkInformation::instance();
    if (!info && QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability))
        info = QNetworkInformation::instance();
    if (!info) {
        qCDebug(lcProbe) << "no network-information backend: reachability unknown, never 'offline'";
        return;
    }
    qCDebug(lcProbe) << "reachability from the" << info->backendName() << "network-information backend";
    connect(info, &QNetworkInformation::reachabilityChanged, this, &NetworkReachability::update);
    update();
}

void NetworkReachability::setOverride(Reachability reachability)
{
    m_overridden = true;
    if (m_current == reachability)
        return;
    m_current = reachability;
    emit reachabilityChanged(m_current);
}

void NetworkReachability::update()
{
    if (m_overridden)
        return;
    auto *info = QNetworkInformation::instance();
    Reachability next = Reachability::Unknown;
    switch (info ? info->reachability() : QNetworkInformation::Reachability::Unknown) {
    case QNetworkInformation::Reachability::Disconnected:
        next = Reachability::Disconnected;
        break;
    case QNetworkInformation::Reachability::Online:
        next = Reachability::Online;
        break;
    case QNetworkInformation::Reachability::Local:
    case QNetworkInformation::Reachability::Site:
    case QNetworkInformation::Reachability::Unknown:
        next = Reachability::Unknown;
        break;
    }
    if (next == m_current)
        return;
    m_current = next;
    emit reachabilityChanged(m_current);
}

} // namespace NetPulse
