#include "probe/DnsCheck.h"

#include <QFile>
#include <QNetworkDatagram>
#include <QRandomGenerator>
#include <QUdpSocket>

#include "probe/DnsMessage.h"

namespace NetPulse {

namespace {
constexpr quint16 kDnsPort = 53;
constexpr int kMaxNameservers = 3; // glibc's MAXNS
} // namespace

DnsCheck::DnsCheck(QObject *parent)
    : QObject(parent)
{
    m_again.setSingleShot(true);
    m_limit.setSingleShot(true);
    connect(&m_again, &QTimer::timeout, this, &DnsCheck::ask);
    connect(&m_limit, &QTimer::timeout, this, &DnsCheck::onLimit);
}

DnsCheck::~DnsCheck() = default; // the sockets are children

void DnsCheck::start(const QString &host, int timeoutMs, const QString &resolvConf)
{
    m_id = quint16(QRandomGenerator::global()->bounded((1 << 16) - 1));
    m_question = DnsMessage::question(m_id, host, DnsMessage::RecordType::A);
    m_question6 = DnsMessage::question(quint16(m_id + 1), host, DnsMessage::RecordType::Aaaa);
    const QList<QHostAddress> addresses = nameservers(resolvConf);
    for (const QHostAddress &address : addresses) {
        Server server;
        server.address = address;
        server.socket = new QUdpSocket(this);
        const int index = int(m_servers.size());
        connect(server.socket, &QUdpSocket::readyRead, this, [this, index] { onDatagrams(index); });
        connect(server.socket, &QUdpSocket::errorOccurred, this, [this, index](QAbstractSocket::SocketError error) {
            if (error != QAbstractSocket::ConnectionRefusedError)
                return;
            m_servers[index].nobody = true;
            if (everyServerHasSpoken())
                onLimit();
        });
        // A connected UDP socket hears the ICMP "port unreachable" of a host with no server.
        server.socket->connectToHost(address, kDnsPort);
        m_servers.append(server);
    }
    m_limit.start(timeoutMs);
    m_again.start(timeoutMs / 2);
    if (m_question.isEmpty()) {
        // Not a name DNS can be asked for: nobody could have answered it.
        QMetaObject::invokeMethod(this, &DnsCheck::onLimit, Qt::QueuedConnection);
        return;
    }
    ask();
}

void DnsCheck::ask()
{
    for (const Server &server : std::as_const(m_servers)) {
        if (!server.answer.isEmpty() || server.nobody)
            continue;
        if (!server.ipv4)
            server.socket->write(m_question);
        if (!server.ipv6)
            server.socket->write(m_question6);
    }
}

void DnsCheck::onDatagrams(int index)
{
    Server &server = m_servers[index];
    while (server.socket->hasPendingDatagrams()) {
        const QByteArray datagram = server.socket->receiveDatagram(4096).data();
        const bool forIpv6 =
            DnsMessage::readReply(datagram, quint16(m_id + 1), DnsMessage::RecordType::Aaaa).has_value();
        const std::optional<DnsMessage::Reply> reply =
            forIpv6 ? DnsMessage::readReply(datagram, quint16(m_id + 1), DnsMessage::RecordType::Aaaa)
                    : DnsMessage::readReply(datagram, m_id, DnsMessage::RecordType::A);
        if (!reply)
            continue; // not an answer to these questions
        const QString from = server.address.toString();
        switch (reply->rcode) {
        case 0:
            (forIpv6 ? server.ipv6 : server.ipv4) = reply->hasAddress || reply->truncated;
            // An IPv4 address settles it; without one, what the IPv6 question says is needed too.
            if (server.ipv4.value_or(false)) {
                finish(QStringLiteral("answered"), from);
                return;
            }
            if (server.ipv4 && server.ipv6) {
                finish(*server.ipv6 ? QStringLiteral("ipv6_only") : QStringLiteral("no_address"), from);
                return;
            }
            break;
        case 3:
            finish(QStringLiteral("nxdomain"), from);
            return;
        case 5:
            server.answer = QStringLiteral("refused");
            break;
        default:
            // SERVFAIL, and the codes a resolver should never send for a plain question
            // (FORMERR, NOTIMP): the server could not answer.
            server.answer = QStringLiteral("servfail");
            break;
        }
    }
    // Every server has failed, refused or is not there: glibc would stop here too.
    if (everyServerHasSpoken())
        onLimit();
}

bool DnsCheck::everyServerHasSpoken() const
{
    for (const Server &server : m_servers) {
        if (server.answer.isEmpty() && !server.nobody && !(server.ipv4 && server.ipv6))
            return false;
    }
    return true;
}

void DnsCheck::onLimit()
{
    // A server that knows the name but gave no IPv4 address and has not said whether it has an
    // IPv6 one: it has no IPv4 address, which is what it said.
    for (const Server &server : std::as_const(m_servers)) {
        if (server.ipv4 && !*server.ipv4) {
            finish(server.ipv6.value_or(false) ? QStringLiteral("ipv6_only") : QStringLiteral("no_address"),
                   server.address.toString());
            return;
        }
    }
    // The first server in resolv.conf's order that said something, or none answered at all.
    for (const Server &server : std::as_const(m_servers)) {
        if (!server.answer.isEmpty()) {
            finish(server.answer, server.address.toString());
            return;
        }
    }
    QStringList asked;
    for (const Server &server : std::as_const(m_servers))
        asked << server.address.toString();
    finish(QStringLiteral("no_answer"), asked.join(QStringLiteral(", ")));
}

void DnsCheck::finish(const QString &answer, const QString &server)
{
    if (m_done)
        return;
    m_done = true;
    m_limit.stop();
    m_again.stop();
    for (const Server &each : std::as_const(m_servers))
        each.socket->disconnect(this);
    emit finished({answer, server});
}

QList<QHostAddress> DnsCheck::nameservers(const QString &resolvConf)
{
    QList<QHostAddress> servers;
    QFile file(resolvConf);
    if (file.open(QIODevice::ReadOnly)) {
        while (!file.atEnd() && servers.size() < kMaxNameservers) {
            const QList<QByteArray> parts = file.readLine(4096).simplified().split(' ');
            if (parts.size() >= 2 && parts.at(0) == "nameserver") {
                const QHostAddress address(QString::fromLatin1(parts.at(1)));
                if (!address.isNull())
                    servers.append(address);
            }
        }
    }
    if (servers.isEmpty())
        servers.append(QHostAddress(QHostAddress::LocalHost));
    return servers;
}

} // namespace NetPulse
