#include "probe/CertificateProblems.h"

#include <algorithm>

#include <QCoreApplication>

namespace NetPulse {

namespace {

// Lower is more serious.
int severity(const QString &code)
{
    static const QStringList order = {QStringLiteral("expired"),        QStringLiteral("not_yet_valid"),
                                      QStringLiteral("revoked"),        QStringLiteral("name_mismatch"),
                                      QStringLiteral("missing_issuer"), QStringLiteral("untrusted_root"),
                                      QStringLiteral("self_signed"),    QStringLiteral("other")};
    const qsizetype at = order.indexOf(code);
    return at < 0 ? int(order.size()) : int(at);
}

QString commonName(const QSslCertificate &certificate, bool issuer)
{
    const QStringList names = issuer ? certificate.issuerInfo(QSslCertificate::CommonName)
                                     : certificate.subjectInfo(QSslCertificate::CommonName);
    if (!names.isEmpty())
        return names.first();
    return issuer ? certificate.issuerDisplayName() : certificate.subjectDisplayName();
}

// The names a certificate is for: its DNS and IP subject alternative names, else its common name.
QStringList namesOf(const QSslCertificate &certificate)
{
    QStringList names;
    const auto alternatives = certificate.subjectAlternativeNames();
    for (auto it = alternatives.cbegin(); it != alternatives.cend(); ++it) {
        if ((it.key() == QSsl::DnsEntry || it.key() == QSsl::IpAddressEntry) && !names.contains(it.value()))
            names.append(it.value());
    }
    if (names.isEmpty())
        names = certificate.subjectInfo(QSslCertificate::CommonName);
    return names;
}

QString day(const QDateTime &when)
{
    return when.toUTC().date().toString(Qt::ISODate);
}

} // namespace

QList<CertificateProblem> CertificateProblems::read(const QList<QSslError> &errors, const QList<QSslCertificate> &chain,
                                                    const QString &host, const QDateTime &now)
{
    QList<CertificateProblem> problems;
    auto add = [&problems](const QString &code, const QString &words) {
        for (const CertificateProblem &known : std::as_const(problems))
            if (known.code == code)
                return;
        problems.append({code, words});
    };
    const QSslCertificate leaf = chain.value(0);
    for (const QSslError &error : errors) {
        const QSslCertificate certificate = error.certificate().isNull() ? leaf : error.certificate();
        switch (error.error()) {
        case QSslError::CertificateExpired: {
            // Not %n: the headless mode and the reports read this without a plural catalogue.
            const qint64 days = certificate.expiryDate().daysTo(now);
            const QString date = day(certificate.expiryDate());
            add(QStringLiteral("expired"),
                days <= 0 ? QCoreApplication::translate("NetPulse::CertificateProblems",
                                                        "the certificate expired on %1 (today)")
                                .arg(date)
                : days == 1 ? QCoreApplication::translate("NetPulse::CertificateProblems",
                                                          "the certificate expired on %1 (yesterday)")
                                  .arg(date)
                            : QCoreApplication::translate("NetPulse::CertificateProblems",
                                                          "the certificate expired on %1 (%2 days ago)")
                                  .arg(date)
                                  .arg(days));
            break;
        }
        case QSslError::CertificateNotYetValid:
            add(QStringLiteral("not_yet_valid"),
                QCoreApplication::translate("NetPulse::CertificateProblems",
                                            "the certificate is not valid before %1 (or this machine's clock is "
                                            "wrong)")
                    .arg(day(certificate.effectiveDate())));
            break;
        case QSslError::CertificateRevoked:
            add(QStringLiteral("revoked"),
                QCoreApplication::translate("NetPulse::CertificateProblems", "the certificate has been revoked"));
            break;
        case QSslError::HostNameMismatch:
            add(QStringLiteral("name_mismatch"),
                QCoreApplication::translate("NetPulse::CertificateProblems", "the certificate is for %1, not %2")
                    .arg(namesOf(leaf.isNull() ? certificate : leaf).mid(0, 3).join(QStringLiteral(", ")), host));
            break;
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::UnableToGetIssuerCertificate:
            // Only the leaf came, and something else issued it: the server does not send the
            // certificate in between, and this machine does not have it either.
            if (chain.size() <= 1 && !leaf.isNull() && !leaf.isSelfSigned())
                add(QStringLiteral("missing_issuer"),
                    QCoreApplication::translate("NetPulse::CertificateProblems",
                                                "the server does not send the certificate that issued its own (%1), "
                                                "and this machine does not have it")
                        .arg(commonName(leaf, true)));
            else
                add(QStringLiteral("untrusted_root"),
                    QCoreApplication::translate("NetPulse::CertificateProblems",
                                                "its chain ends at %1, which this machine does not trust")
                        .arg(commonName(chain.isEmpty() ? certificate : chain.constLast(), true)));
            break;
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::CertificateUntrusted:
        case QSslError::CertificateRejected:
        case QSslError::InvalidCaCertificate:
            add(QStringLiteral("untrusted_root"),
                QCoreApplication::translate("NetPulse::CertificateProblems",
                                            "its chain ends at %1, which this machine does not trust")
                    .arg(commonName(chain.isEmpty() ? certificate : chain.constLast(), false)));
            break;
        case QSslError::SelfSignedCertificate:
            add(QStringLiteral("self_signed"),
                QCoreApplication::translate("NetPulse::CertificateProblems",
                                            "the certificate is self-signed: nothing vouches for it"));
            break;
        default:
            add(QStringLiteral("other"), error.errorString());
            break;
        }
    }
    std::stable_sort(problems.begin(), problems.end(), [](const CertificateProblem &a, const CertificateProblem &b) {
        return severity(a.code) < severity(b.code);
    });
    return problems;
}

} // namespace NetPulse
