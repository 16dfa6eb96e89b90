#pragma once

#include <QObject>
#include <QString>

#include "probe/ConnectGate.h"

namespace NetPulse {

// `localhost` as browsers and curl mean it (RFC 6761): both loopbacks. A resolver may list only
// 127.0.0.1 for it while a development server listens on ::1 only (or the other way round), and a
// request that tries one address is refused although the service is up. The sweep connects to
// 127.0.0.1 and [::1] on the port at once (nothing is sent; each is closed when answered) and says
// what each did, so the request can go to the one that listens and the words can say which refused.
class LoopbackSweep : public QObject
{
    Q_OBJECT
public:
    LoopbackSweep(quint16 port, QObject *parent = nullptr);

    // Emits swept() exactly once, possibly before returning.
    void start();
    // Whether a connect the kernel made has not been heard of yet (ConnectGate::connectedUnnoticed).
    bool connectedUnnoticed() const;

    // RFC 6761 §6.3: "localhost" and names under ".localhost".
    static bool isLocalhostName(const QString &host);
    // "accepted", "refused" or "failed", for the JSON and the words.
    static QString outcomeName(ConnectGate::Outcome outcome);

signals:
    void swept(NetPulse::ConnectGate::Outcome ipv4, NetPulse::ConnectGate::Outcome ipv6);

private:
    void onAnswered();

    ConnectGate *m_ipv4;
    ConnectGate *m_ipv6;
    std::optional<ConnectGate::Outcome> m_ipv4Outcome;
    std::optional<ConnectGate::Outcome> m_ipv6Outcome;
    bool m_done = false;
};

} // namespace NetPulse
