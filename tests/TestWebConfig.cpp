// The web configuration of Prometheus' exporters as NetPulse reads it (--web-config): what a good
// file gives, and for every kind of mistake a message that names the line or key and never the
// secret. Certificates come from tests/support/make-test-certificates.sh.
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "Bcrypt.h"

#include "metrics/BasicAuthCheck.h"
#include "metrics/WebConfig.h"

using namespace NetPulse;

class TestWebConfig : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void reads_data();
    void reads();
    void loadNamesTheFile();
    void bcryptMatchesOnlyItsPassword();

private:
    QTemporaryDir m_dir;
    QByteArray m_hash; // of "s3cret"
};

void TestWebConfig::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty()) {
        if (qEnvironmentVariableIsSet("NETPULSE_REQUIRE_PROGRAMS"))
            QFAIL("openssl is not installed (Debian package openssl)");
        QSKIP("openssl is not installed (Debian package openssl)");
    }
    QProcess make;
    make.setProcessChannelMode(QProcess::MergedChannels);
    make.start(QStringLiteral("sh"), {QFINDTESTDATA("support/make-test-certificates.sh"), m_dir.path()});
    QVERIFY(make.waitForFinished(60000));
    QVERIFY2(make.exitCode() == 0, make.readAll().constData());
    m_hash = bcryptHash("s3cret");
    QCOMPARE(m_hash.size(), 60);
}

void TestWebConfig::reads_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("problem"); // a part of the message; empty: the file is good
    QTest::addColumn<bool>("tls");
    QTest::addColumn<int>("users");
    QTest::addColumn<int>("headers");

    const QByteArray hash = bcryptHash("s3cret");
    const QByteArray tls = "tls_server_config:\n  cert_file: chain-leaf.pem\n  key_file: leaf.key\n";
    QTest::newRow("empty") << QByteArray() << QString() << false << 0 << 0;
    QTest::newRow("comments only") << QByteArray("# nothing yet\n---\n") << QString() << false << 0 << 0;
    QTest::newRow("users") << QByteArray("basic_auth_users:\n  prometheus: " + hash + "\n  'ops team': \"" + hash +
                                         "\"\n")
                           << QString() << false << 2 << 0;
    QTest::newRow("tls") << tls << QString() << true << 0 << 0;
    QTest::newRow("tls, comments, quotes, CRLF")
        << QByteArray("tls_server_config: # served to the scrapers\r\n  cert_file: \"chain-leaf.pem\" # with "
                      "its intermediate\r\n  key_file: 'leaf.key'\r\n  min_version: TLS13\r\n")
        << QString() << true << 0 << 0;
    QTest::newRow("tls and users and headers")
        << QByteArray(tls + "basic_auth_users:\n  prometheus: " + hash +
                      "\nhttp_server_config:\n  http2: false\n  headers:\n    X-Frame-Options: deny\n")
        << QString() << true << 1 << 1;
    QTest::newRow("client certificates verified")
        << QByteArray(tls + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: root.crt\n") << QString()
        << true << 0 << 0;

    QTest::newRow("plain password") << QByteArray("basic_auth_users:\n  prometheus: hunter2hunter2\n")
                                    << QStringLiteral("line 2: the password of 'prometheus' is not a bcrypt hash")
                                    << false << 0 << 0;
    QTest::newRow("md5 hash") << QByteArray("basic_auth_users:\n  prometheus: $apr1$x$abc\n")
                              << QStringLiteral("not a bcrypt hash") << false << 0 << 0;
    QTest::newRow("unknown key") << QByteArray("tls_config:\n  cert_file: a\n")
                                 << QStringLiteral("line 1: unknown key 'tls_config'") << false << 0 << 0;
    QTest::newRow("unknown tls key") << QByteArray(tls + "  certfile: x\n")
                                     << QStringLiteral("line 4: unknown key 'tls_server_config.certfile'") << false << 0
                                     << 0;
    QTest::newRow("tab") << QByteArray("basic_auth_users:\n\tprometheus: x\n") << QStringLiteral("line 2: a tab")
                         << false << 0 << 0;
    QTest::newRow("no key_file") << QByteArray("tls_server_config:\n  cert_file: chain-leaf.pem\n")
                                 << QStringLiteral("needs both cert_file and key_file") << false << 0 << 0;
    QTest::newRow("missing cert") << QByteArray("tls_server_config:\n  cert_file: nowhere.pem\n  key_file: leaf.key\n")
                                  << QStringLiteral("nowhere.pem") << false << 0 << 0;
    QTest::newRow("key is a certificate")
        << QByteArray("tls_server_config:\n  cert_file: leaf.crt\n  key_file: leaf.crt\n")
        << QStringLiteral("leaf.crt holds no unencrypted PEM private key") << false << 0 << 0;
    QTest::newRow("certificate is a key")
        << QByteArray("tls_server_config:\n  cert_file: leaf.key\n  key_file: leaf.key\n")
        << QStringLiteral("leaf.key holds no PEM certificate") << false << 0 << 0;
    QTest::newRow("cipher suites, a list at the key's indentation")
        << QByteArray(tls + "  cipher_suites:\n  - TLS_AES_128_GCM_SHA256\n")
        << QStringLiteral("'tls_server_config.cipher_suites' is not supported by NetPulse") << false << 0 << 0;
    QTest::newRow("verify without a CA") << QByteArray(tls + "  client_auth_type: RequireAndVerifyClientCert\n")
                                         << QStringLiteral("no client_ca_file") << false << 0 << 0;
    QTest::newRow("client auth NetPulse cannot do")
        << QByteArray(tls + "  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: root.crt\n")
        << QStringLiteral("line 4: client_auth_type VerifyClientCertIfGiven is not supported") << false << 0 << 0;
    QTest::newRow("client auth misspelt") << QByteArray(tls + "  client_auth_type: RequireClientCert\n")
                                          << QStringLiteral("'RequireClientCert' is none of") << false << 0 << 0;
    QTest::newRow("TLS 1.1") << QByteArray(tls + "  min_version: TLS11\n") << QStringLiteral("TLS12 or TLS13") << false
                             << 0 << 0;
    QTest::newRow("given twice") << QByteArray("basic_auth_users:\n  a: " + hash + "\n  a: " + hash + "\n")
                                 << QStringLiteral("line 3: 'a' is given twice") << false << 0 << 0;
    QTest::newRow("flow style") << QByteArray("basic_auth_users: {prometheus: hunter2}\n")
                                << QStringLiteral("line 1: flow style") << false << 0 << 0;
    QTest::newRow("user:password, no space") << QByteArray("basic_auth_users:\n  prometheus:hunter2\n")
                                             << QStringLiteral("line 2: not 'key: value'") << false << 0 << 0;
    QTest::newRow("an htpasswd line pasted") << QByteArray("basic_auth_users:\n  prometheus:$2y$05$hunter2\n")
                                             << QStringLiteral("line 2: not 'key: value'") << false << 0 << 0;
    QTest::newRow("a tag") << QByteArray("basic_auth_users:\n  prometheus: !hunter2\n")
                           << QStringLiteral("line 2: flow style") << false << 0 << 0;
    QTest::newRow("a list at the top") << QByteArray("- tls_server_config\n") << QStringLiteral("not a list") << false
                                       << 0 << 0;
    QTest::newRow("dedented to no level")
        << QByteArray("http_server_config:\n    headers:\n      X-Frame-Options: deny\n  http2: true\n")
        << QStringLiteral("line 4: indented to none of the levels") << false << 0 << 0;
    QTest::newRow("a section as a value") << QByteArray("basic_auth_users: prometheus\n")
                                          << QStringLiteral("'basic_auth_users' must be a mapping") << false << 0 << 0;
    QTest::newRow("over-indented") << QByteArray("basic_auth_users:\n    a: " + hash + "\n  b: x\n")
                                   << QStringLiteral("line 3") << false << 0 << 0;
    QTest::newRow("reserved header") << QByteArray("http_server_config:\n  headers:\n    Content-Length: 5\n")
                                     << QStringLiteral("header 'Content-Length' is none of") << false << 0 << 0;
    QTest::newRow("framing header") << QByteArray("http_server_config:\n  headers:\n    Transfer-Encoding: chunked\n")
                                    << QStringLiteral("header 'Transfer-Encoding' is none of") << false << 0 << 0;
    QTest::newRow("header without a value") << QByteArray("http_server_config:\n  headers:\n    X-Frame-Options:\n")
                                            << QStringLiteral("needs a value") << false << 0 << 0;
    QTest::newRow("http2 maybe") << QByteArray("http_server_config:\n  http2: maybe\n")
                                 << QStringLiteral("http2 is true or false") << false << 0 << 0;
    QTest::newRow("rate limit") << QByteArray("rate_limit:\n  interval: 1s\n")
                                << QStringLiteral("'rate_limit' is not supported") << false << 0 << 0;
    QTest::newRow("not YAML at all") << QByteArray("\x89PNG\r\n\x1a\n") << QStringLiteral("line 1") << false << 0 << 0;
}

void TestWebConfig::reads()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, problem);
    QString said;
    const std::optional<WebConfig> config = WebConfig::parse(text, m_dir.path(), &said);
    if (!problem.isEmpty()) {
        QVERIFY2(!config, qPrintable(problem));
        QVERIFY2(said.contains(problem), qPrintable(said));
        QVERIFY2(!said.contains(QLatin1String("hunter2")), qPrintable(said)); // never the secret
        return;
    }
    QVERIFY2(config, qPrintable(said));
    QTEST(config->tls, "tls");
    QTEST(int(config->users.size()), "users");
    QTEST(int(config->headers.size()), "headers");
    if (config->tls) {
        QCOMPARE(config->certificateChain.size(), 2); // the leaf, then its intermediate
        QVERIFY(!config->privateKey.isNull());
    }
}

void TestWebConfig::loadNamesTheFile()
{
    QString problem;
    QVERIFY(!WebConfig::load(m_dir.filePath(QStringLiteral("absent.yml")), &problem));
    QVERIFY2(problem.contains(QLatin1String("absent.yml")), qPrintable(problem));
    // Relative certificate paths are found beside the file, wherever the program runs.
    QFile file(m_dir.filePath(QStringLiteral("web.yml")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("tls_server_config:\n  cert_file: chain-leaf.pem\n  key_file: leaf.key\n");
    file.close();
    const std::optional<WebConfig> config = WebConfig::load(file.fileName(), &problem);
    QVERIFY2(config && config->tls, qPrintable(problem));
    QFile broken(m_dir.filePath(QStringLiteral("broken.yml")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("tls_server_config:\n  cert_file: chain-leaf.pem\n");
    broken.close();
    QVERIFY(!WebConfig::load(broken.fileName(), &problem));
    QVERIFY2(problem.startsWith(broken.fileName() + QStringLiteral(": ")), qPrintable(problem));
}

void TestWebConfig::bcryptMatchesOnlyItsPassword()
{
    QVERIFY(BasicAuthCheck::matches("s3cret", m_hash));
    QVERIFY(!BasicAuthCheck::matches("s3cre", m_hash));
    QVERIFY(!BasicAuthCheck::matches("s3cret ", m_hash));
    QVERIFY(!BasicAuthCheck::matches("", m_hash));
    QVERIFY(!BasicAuthCheck::matches("s3cret", "$2b$05$not-a-hash"));
    // htpasswd writes $2y$; libcrypt takes it as $2b$.
    QByteArray y = m_hash;
    y[2] = 'y';
    QVERIFY(BasicAuthCheck::matches("s3cret", y));
}

QTEST_GUILESS_MAIN(TestWebConfig)
#include "TestWebConfig.moc"
