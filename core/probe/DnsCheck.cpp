#include "probe/DnsCheck.h"

#include <QDnsLookup>
#include <QFile>

namespace NetPulse {

DnsCheck::DnsCheck(QObject *parent)
    : QObject(parent)
{
    m_limit.setSingleShot(true);
    connect(&m_limit, &QTimer::timeout, this, [this] { finish(QStringLiteral("no_answer")); });
}

DnsCheck::~DnsCheck()
{
    if (m_lookup) {
        m_lookup->disconnect(this);
        m_lookup->abort();
    }
}

void DnsCheck::start(const QString &host, int timeoutMs)
{
    m_server = firstNameserver();
    m_lookup = new QDnsLookup(QDnsLookup::A, host, this);
    connect(m_lookup, &QDnsLookup::finished, this, &DnsCheck::onLookupFinished);
    m_limit.start(timeoutMs);
    m_lookup->lookup();
}

void DnsCheck::onLookupFinished()
{
    switch (m_lookup->error()) {
    case QDnsLookup::NoError:
        // NOERROR with no A record: the name exists and has no IPv4 address (NODATA).
        finish(m_lookup->hostAddressRecords().isEmpty() ? QStringLiteral("no_address") : QStringLiteral("answered"));
        return;
    case QDnsLookup::NotFoundError:
        finish(QStringLiteral("nxdomain"));
        return;
    case QDnsLookup::ServerFailureError:
        finish(QStringLiteral("servfail"));
        return;
    case QDnsLookup::ServerRefusedError:
        finish(QStringLiteral("refused"));
        return;
    default:
        // ResolverError, InvalidReplyError, …: nothing usable came back from any server.
        finish(QStringLiteral("no_answer"));
        return;
    }
}

void DnsCheck::finish(const QString &answer)
{
    if (m_done)
        return;
    m_done = true;
    m_limit.stop();
    emit finished({answer, m_server});
}

QString DnsCheck::firstNameserver(const QString &resolvConf)
{
    QFile file(resolvConf);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    while (!file.atEnd()) {
        const QByteArray line = file.readLine(4096).trimmed();
        if (line.startsWith("nameserver")) {
            const QList<QByteArray> parts = line.simplified().split(' ');
            if (parts.size() >= 2)
                return QString::fromLatin1(parts.at(1));
        }
    }
    return QString();
}

} // namespace NetPulse
