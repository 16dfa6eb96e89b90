#pragma once

#include <optional>

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include "probe/ProbeResult.h"

class QUdpSocket;

namespace NetPulse {

// After a host_not_found, asks this machine's DNS servers (/etc/resolv.conf) for the name's
// addresses itself, IPv4 and IPv6, over UDP, and says what they answer (DnsFinding): a typo
// (NXDOMAIN) told from a server that fails, one that refuses, a name without an address, a name
// with only an IPv6 one, and servers nobody answers.
// Like glibc: every server is asked (glibc asks them in turn), and the first NOERROR or NXDOMAIN
// is the answer; a SERVFAIL or REFUSED stands only when no server says more.
class DnsCheck : public QObject
{
    Q_OBJECT
public:
    explicit DnsCheck(QObject *parent = nullptr);
    ~DnsCheck() override;

    // Emits finished() exactly once, within timeoutMs (then "no_answer" unless a server failed
    // or refused). Asks again once at half the limit: UDP may lose a datagram.
    void start(const QString &host, int timeoutMs, const QString &resolvConf = QStringLiteral("/etc/resolv.conf"));

    // The nameservers glibc would ask (at most three); 127.0.0.1 when the file names none, as
    // glibc does.
    static QList<QHostAddress> nameservers(const QString &resolvConf = QStringLiteral("/etc/resolv.conf"));

signals:
    void finished(const NetPulse::DnsFinding &finding);

private:
    struct Server
    {
        QHostAddress address;
        QUdpSocket *socket = nullptr;
        QString answer;      // "servfail" or "refused" once it said so; empty: nothing yet
        bool nobody = false; // the machine said no DNS server listens there (ICMP unreachable)
        // NOERROR answers so far: whether each type has an address (nothing: not answered yet).
        std::optional<bool> ipv4;
        std::optional<bool> ipv6;
    };
    bool everyServerHasSpoken() const;
    void ask();
    void onDatagrams(int index);
    void onLimit();
    void finish(const QString &answer, const QString &server);

    QList<Server> m_servers;
    QByteArray m_question;  // for the A records, id m_id
    QByteArray m_question6; // for the AAAA records, id m_id + 1
    quint16 m_id = 0;
    QTimer m_again;
    QTimer m_limit;
    bool m_done = false;
};

} // namespace NetPulse
