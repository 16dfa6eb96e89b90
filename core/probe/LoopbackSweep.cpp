#include "probe/LoopbackSweep.h"

namespace NetPulse {

LoopbackSweep::LoopbackSweep(quint16 port, QObject *parent)
    : QObject(parent)
    , m_ipv4(new ConnectGate(QStringLiteral("127.0.0.1"), port, this))
    , m_ipv6(new ConnectGate(QStringLiteral("::1"), port, this))
{
    connect(m_ipv4, &ConnectGate::answered, this, [this](ConnectGate::Outcome outcome) {
        m_ipv4Outcome = outcome;
        onAnswered();
    });
    connect(m_ipv6, &ConnectGate::answered, this, [this](ConnectGate::Outcome outcome) {
        m_ipv6Outcome = outcome;
        onAnswered();
    });
}

void LoopbackSweep::start()
{
    m_ipv4->start();
    m_ipv6->start();
}

bool LoopbackSweep::connectedUnnoticed() const
{
    return (!m_ipv4Outcome && m_ipv4->connectedUnnoticed()) || (!m_ipv6Outcome && m_ipv6->connectedUnnoticed());
}

void LoopbackSweep::onAnswered()
{
    if (m_done || !m_ipv4Outcome || !m_ipv6Outcome)
        return;
    m_done = true;
    emit swept(*m_ipv4Outcome, *m_ipv6Outcome);
}

bool LoopbackSweep::isLocalhostName(const QString &host)
{
    return host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
           host.endsWith(QLatin1String(".localhost"), Qt::CaseInsensitive);
}

QString LoopbackSweep::outcomeName(ConnectGate::Outcome outcome)
{
    switch (outcome) {
    case ConnectGate::Outcome::Accepted:
        return QStringLiteral("accepted");
    case ConnectGate::Outcome::Refused:
        return QStringLiteral("refused");
    case ConnectGate::Outcome::Other:
        break;
    }
    return QStringLiteral("failed");
}

} // namespace NetPulse
