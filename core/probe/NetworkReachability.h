#pragma once

#include <QObject>

#include "probe/FailureClassifier.h"

namespace NetPulse {

// The platform's word on whether this machine is online, from QNetworkInformation where a backend
// loads. Only "disconnected" is trusted (Qt 6.4's glib backend says online inside a container with
// no network); with no backend at all the answer is Unknown and classification relies on errors.
class NetworkReachability : public QObject
{
    Q_OBJECT
public:
    explicit NetworkReachability(QObject *parent = nullptr);

    Reachability current() const { return m_current; }

    // Tests inject the raw signal here; the classifier decides what it means.
    void setOverride(Reachability reachability);

signals:
    void reachabilityChanged(NetPulse::Reachability reachability);

private:
    void update();

    Reachability m_current = Reachability::Unknown;
    bool m_overridden = false;
};

} // namespace NetPulse
