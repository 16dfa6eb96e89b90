#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include "probe/ProbeResult.h"

class QDnsLookup;

namespace NetPulse {

// After a host_not_found, asks DNS again with QDnsLookup for the answer's own code (DnsFinding).
class DnsCheck : public QObject
{
    Q_OBJECT
public:
    explicit DnsCheck(QObject *parent = nullptr);
    ~DnsCheck() override;

    // Emits finished() exactly once, within timeoutMs (then "no_answer").
    void start(const QString &host, int timeoutMs);

    static QString firstNameserver(const QString &resolvConf = QStringLiteral("/etc/resolv.conf"));

signals:
    void finished(const NetPulse::DnsFinding &finding);

private:
    void onLookupFinished();
    void finish(const QString &answer);

    QDnsLookup *m_lookup = nullptr;
    QTimer m_limit;
    QString m_server;
    bool m_done = false;
};

} // namespace NetPulse
