#pragma once

#include <QDateTime>
#include <QList>
#include <QSslCertificate>
#include <QSslError>

#include "probe/ProbeResult.h"

namespace NetPulse {

// Every problem Qt found with a server's certificate, in the words a person reads and most serious
// first: an expired certificate that is also self-signed is "expired 30 days ago" before it is
// "self-signed" (accepting a self-signed certificate would hide that it has expired). Qt's own
// error strings stay in the technical detail.
class CertificateProblems
{
public:
    // `chain`: what the server sent, leaf first. `host`: the name the certificate must be for.
    static QList<CertificateProblem> read(const QList<QSslError> &errors, const QList<QSslCertificate> &chain,
                                          const QString &host, const QDateTime &now);
};

} // namespace NetPulse
