// Certificate problems in words, most serious first, against a real nginx (Debian nginx-light)
// serving chains from a test root this test trusts (tests/support/make-test-certificates.sh):
// a leaf sent without its intermediate, an expired leaf, a leaf for another name, and a
// self-signed certificate that has also expired. All were "could not be established or trusted",
// and the last "self-signed" with advice to accept it.
#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QProcess>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "RealNginx.h"

#include "probe/Probe.h"

using namespace NetPulse;

class TestCertificates : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void everyProblemInWordsMostSeriousFirst_data();
    void everyProblemInWordsMostSeriousFirst();

private:
    QTemporaryDir m_dir;
    RealNginx m_nginx;
    QMap<QString, quint16> m_ports; // certificate → port nginx serves it on (both loopbacks)
};

void TestCertificates::initTestCase()
{
    qRegisterMetaType<ProbeResult>();
    const QString nginx = RealNginx::find();
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (nginx.isEmpty() || openssl.isEmpty()) {
        if (qEnvironmentVariableIsSet("NETPULSE_REQUIRE_PROGRAMS"))
            QFAIL("nginx or openssl is not installed (Debian packages nginx-light, openssl)");
        QSKIP("nginx or openssl is not installed (Debian packages nginx-light, openssl)");
    }
    QProcess make;
    make.setProcessChannelMode(QProcess::MergedChannels);
    make.start(QStringLiteral("sh"), {QFINDTESTDATA("support/make-test-certificates.sh"), m_dir.path()});
    QVERIFY(make.waitForFinished(60000));
    QVERIFY2(make.exitCode() == 0, make.readAll().constData());

    // The test root is trusted, as an organisation's root would be on its machines.
    QSslConfiguration trusted = QSslConfiguration::defaultConfiguration();
    trusted.addCaCertificates(QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("root.crt"))));
    QSslConfiguration::setDefaultConfiguration(trusted);

    const QList<QPair<QString, QString>> served = {
        {QStringLiteral("without intermediate"), QStringLiteral("leaf.crt leaf.key")},
        {QStringLiteral("expired"), QStringLiteral("chain-expired.pem expired.key")},
        {QStringLiteral("other name"), QStringLiteral("chain-other.pem other.key")},
        {QStringLiteral("self-signed and expired"), QStringLiteral("selfsigned-expired.crt selfsigned-expired.key")},
        {QStringLiteral("good"), QStringLiteral("chain-leaf.pem leaf.key")}};
    QString error;
    QVERIFY2(m_nginx.start(
                 m_dir.path(), int(served.size()),
                 [&](const QList<quint16> &ports) {
                     QString servers;
                     for (qsizetype i = 0; i < served.size(); ++i) {
                         const QStringList pair = served.at(i).second.split(QLatin1Char(' '));
                         servers += QStringLiteral("  server { listen 127.0.0.1:%1 ssl; listen [::1]:%1 ssl; "
                                                   "ssl_certificate %2; ssl_certificate_key %3; "
                                                   "location / { return 200 \"ok\\n\"; } }\n")
                                        .arg(ports.at(i))
                                        .arg(m_dir.filePath(pair.at(0)), m_dir.filePath(pair.at(1)));
                     }
                     return servers;
                 },
                 &error),
             qPrintable(error));
    for (qsizetype i = 0; i < served.size(); ++i)
        m_ports.insert(served.at(i).first, m_nginx.ports().at(i));
}

void TestCertificates::cleanupTestCase()
{
    m_nginx.stop();
}

void TestCertificates::everyProblemInWordsMostSeriousFirst_data()
{
    QTest::addColumn<QStringList>("codes");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("says");
    QTest::newRow("without intermediate")
        << QStringList{QStringLiteral("missing_issuer")} << QStringLiteral("Incomplete certificate chain")
        << QStringLiteral("the server does not send the certificate that issued its own (NetPulse Test "
                          "Intermediate)");
    QTest::newRow("expired") << QStringList{QStringLiteral("expired")} << QStringLiteral("Certificate expired")
                             << QStringLiteral("the certificate expired on %1 (30 days ago)");
    QTest::newRow("other name") << QStringList{QStringLiteral("name_mismatch")}
                                << QStringLiteral("Certificate for another name")
                                << QStringLiteral("the certificate is for other.example, not localhost");
    QTest::newRow("self-signed and expired")
        << QStringList{QStringLiteral("expired"), QStringLiteral("self_signed")}
        << QStringLiteral("Certificate expired")
        << QStringLiteral("the certificate expired on %1 (30 days ago). Also: the certificate is self-signed");
    QTest::newRow("good") << QStringList{} << QString() << QString();
}

void TestCertificates::everyProblemInWordsMostSeriousFirst()
{
    QFETCH(QStringList, codes);
    QFETCH(QString, title);
    QFETCH(QString, says);
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    ProbeOptions options;
    options.url =
        QUrl(QStringLiteral("https://localhost:%1/").arg(m_ports.value(QString::fromLatin1(QTest::currentDataTag()))));
    Probe probe(&manager, options);
    QSignalSpy finished(&probe, &Probe::finished);
    probe.start();
    QVERIFY(!finished.isEmpty() || finished.wait(20000));
    const ProbeResult result = finished.at(0).at(0).value<ProbeResult>();
    if (codes.isEmpty()) {
        QVERIFY2(result.isOk(), qPrintable(result.detail)); // the chain is fine once the root is trusted
        return;
    }
    QCOMPARE(result.kind, FailureKind::TlsError);
    QStringList seen;
    for (const CertificateProblem &problem : result.certificateProblems)
        seen.append(problem.code);
    QCOMPARE(seen, codes);
    const FailureDescription words = result.description();
    QCOMPARE(words.title, title);
    const QList<QSslCertificate> expired = QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("expired.crt")));
    QCOMPARE(expired.size(), 1);
    const QString expiry = expired.first().expiryDate().toUTC().date().toString(Qt::ISODate);
    QVERIFY2(words.explanation.contains(says.contains(QLatin1String("%1")) ? says.arg(expiry) : says),
             qPrintable(words.explanation));
    // Never the advice to accept a certificate whose worst problem is not that it is self-signed.
    QVERIFY2(!words.action.contains(QStringLiteral("--insecure")), qPrintable(words.action));
}

QTEST_MAIN(TestCertificates)
#include "TestCertificates.moc"
