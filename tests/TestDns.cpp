// Name lookup told apart, with a real dnsmasq (Debian dnsmasq-base) as this machine's DNS server:
// netpulse runs in a mount namespace of its own (unshare -m) whose /etc/resolv.conf names the test's
// server. A name that does not exist, a DNS server that fails, one that refuses and a resolver
// nobody answers all were host_not_found with "Check the host name for typos"; the kind stays, the
// JSON's dns says what DNS answered, and the words follow. Root only (CI runs as root): port 53 and
// mount namespaces; skipped elsewhere, and with NETPULSE_REQUIRE_PROGRAMS a missing dnsmasq fails.
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkDatagram>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUdpSocket>

#include "probe/DnsCheck.h"

// A DNS server that answers every query with SERVFAIL, on a thread of its own: the test's thread
// blocks while netpulse runs, and an answer must not wait for it.
class FailingDnsServer : public QObject
{
public:
    FailingDnsServer()
    {
        m_thread.start();
        moveToThread(&m_thread);
    }
    ~FailingDnsServer() override
    {
        QMetaObject::invokeMethod(
            this, [this] { delete m_socket; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    QString listen(const QHostAddress &address)
    {
        QString error;
        QMetaObject::invokeMethod(
            this,
            [this, address, &error] {
                m_socket = new QUdpSocket;
                if (!m_socket->bind(address, 53)) {
                    error = m_socket->errorString();
                    return;
                }
                QObject::connect(m_socket, &QUdpSocket::readyRead, m_socket, [this] { answer(); });
            },
            Qt::BlockingQueuedConnection);
        return error;
    }

private:
    void answer()
    {
        while (m_socket->hasPendingDatagrams()) {
            QHostAddress from;
            quint16 port = 0;
            QByteArray query(int(m_socket->pendingDatagramSize()), '\0');
            m_socket->readDatagram(query.data(), query.size(), &from, &port);
            if (query.size() < 12)
                continue;
            QByteArray answer = query;
            answer[2] = char((quint8(query[2]) | 0x80) & ~0x04); // a response, not authoritative
            answer[3] = char(0x82);                              // recursion available, RCODE 2: SERVFAIL
            m_socket->writeDatagram(answer, from, port);
        }
    }
    QThread m_thread;
    QUdpSocket *m_socket = nullptr;
};

class TestDns : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void dnsAnswersAreToldApart_data();
    void dnsAnswersAreToldApart();
    void aSilentServerIsAskedAgainThenNoAnswer();
    void aCheckDestroyedWhileWaitingSaysNothing();

private:
    QJsonObject probe(const QString &resolvConf, const QString &url);

    QString m_netpulse = QStringLiteral(NETPULSE_BIN_DIR "/netpulse");
    QTemporaryDir m_dir;
    QProcess m_dnsmasq;
    FailingDnsServer m_failing;
    QString m_stderr; // the last probe's, for a failure's message
};

// The test's addresses on the loopback (127.0.0.0/8 is all loopback on Linux).
static const char kDnsmasq[] = "127.53.0.1";
static const char kFailing[] = "127.53.0.2";
static const char kDead[] = "127.53.0.3";   // nothing listens: a resolver nobody answers
static const char kSilent[] = "127.53.0.4"; // a socket that takes questions and never answers

void TestDns::initTestCase()
{
    const QString dnsmasq = QStandardPaths::findExecutable(QStringLiteral("dnsmasq"),
                                                           {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    if (dnsmasq.isEmpty()) {
        if (qEnvironmentVariableIsSet("NETPULSE_REQUIRE_PROGRAMS"))
            QFAIL("dnsmasq is not installed (Debian package dnsmasq-base)");
        QSKIP("dnsmasq is not installed (Debian package dnsmasq-base; scripts/test.sh installs it as root)");
    }
    QProcess mountTry;
    mountTry.start(QStringLiteral("unshare"), {QStringLiteral("-m"), QStringLiteral("true")});
    if (!mountTry.waitForFinished(10000) || mountTry.exitCode() != 0)
        QSKIP("mount namespaces cannot be made here (run as root)");
    const QString failing = m_failing.listen(QHostAddress(QString::fromLatin1(kFailing)));
    if (!failing.isEmpty())
        QSKIP(qPrintable(
            QStringLiteral("cannot listen on %1:53 (run as root): %2").arg(QString::fromLatin1(kFailing), failing)));
    m_dnsmasq.setProcessChannelMode(QProcess::MergedChannels);
    m_dnsmasq.start(dnsmasq,
                    {QStringLiteral("--no-daemon"), QStringLiteral("--port=53"),
                     QStringLiteral("--listen-address=") + QString::fromLatin1(kDnsmasq),
                     QStringLiteral("--bind-interfaces"), QStringLiteral("--no-resolv"), QStringLiteral("--no-hosts"),
                     QStringLiteral("--local=/test/"), QStringLiteral("--address=/good.test/127.0.0.1"),
                     // A name with a TXT record only: it exists and has no address (NODATA).
                     QStringLiteral("--txt-record=noaddress.test,no address here"),
                     // A name with an IPv6 address only.
                     QStringLiteral("--host-record=ipv6only.test,fd00:53::1"),
                     QStringLiteral("--server=/fail.test/") + QString::fromLatin1(kFailing),
                     QStringLiteral("--pid-file=") + m_dir.filePath(QStringLiteral("dnsmasq.pid"))});
    QVERIFY(m_dnsmasq.waitForStarted());
    for (const char *server : {kDnsmasq, kFailing, kDead, kSilent}) {
        QFile conf(m_dir.filePath(QString::fromLatin1(server)));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write(QByteArray("nameserver ") + server + "\noptions timeout:1 attempts:1\n");
    }
    // The dead resolver first, then dnsmasq: glibc moves on to the second; so must the answer.
    QFile both(m_dir.filePath(QStringLiteral("dead-then-dnsmasq")));
    QVERIFY(both.open(QIODevice::WriteOnly));
    both.write(QByteArray("nameserver ") + kDead + "\nnameserver " + kDnsmasq + "\noptions timeout:1 attempts:1\n");
    both.close();
    // Ready when it answers: good.test resolves through it (to a port that refuses).
    QTRY_VERIFY2_WITH_TIMEOUT(m_dnsmasq.state() != QProcess::Running ||
                                  probe(QString::fromLatin1(kDnsmasq), QStringLiteral("http://good.test:9/"))
                                          .value(QStringLiteral("kind"))
                                          .toString() == QLatin1String("connection_refused"),
                              m_dnsmasq.readAll().constData(), 20000);
    QVERIFY2(m_dnsmasq.state() == QProcess::Running, m_dnsmasq.readAll().constData());
}

void TestDns::cleanupTestCase()
{
    m_dnsmasq.terminate();
    if (!m_dnsmasq.waitForFinished(5000))
        m_dnsmasq.kill();
}

QJsonObject TestDns::probe(const QString &server, const QString &url)
{
    QProcess process;
    const QString script = QStringLiteral("mount --bind '%1' /etc/resolv.conf && exec '%2' --headless --once "
                                          "--no-history --no-cache --timeout 5000 '%3'")
                               .arg(m_dir.filePath(server), m_netpulse, url);
    process.start(QStringLiteral("unshare"),
                  {QStringLiteral("-m"), QStringLiteral("sh"), QStringLiteral("-c"), script});
    if (!process.waitForFinished(30000)) {
        process.kill();
        return {};
    }
    m_stderr = QString::fromLocal8Bit(process.readAllStandardError());
    return QJsonDocument::fromJson(process.readAllStandardOutput().split('\n').value(0)).object();
}

void TestDns::dnsAnswersAreToldApart_data()
{
    QTest::addColumn<QString>("server"); // the resolv.conf used: a server's address, or a file's name
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("answer");
    QTest::addColumn<QString>("words");
    QTest::newRow("the name does not exist")
        << QString::fromLatin1(kDnsmasq) << QStringLiteral("nope.test") << QStringLiteral("nxdomain")
        << QStringLiteral("The DNS server 127.53.0.1 says nope.test does not exist.");
    QTest::newRow("the name has no address")
        << QString::fromLatin1(kDnsmasq) << QStringLiteral("noaddress.test") << QStringLiteral("no_address")
        << QStringLiteral("The DNS server 127.53.0.1 knows noaddress.test, but has no address for it.");
    QTest::newRow("the name has only an IPv6 address")
        << QString::fromLatin1(kDnsmasq) << QStringLiteral("ipv6only.test") << QStringLiteral("ipv6_only")
        << QStringLiteral("The DNS server 127.53.0.1 has only an IPv6 address for ipv6only.test");
    // dnsmasq asks the failing server for fail.test and relays its SERVFAIL.
    QTest::newRow("the DNS server fails")
        << QString::fromLatin1(kDnsmasq) << QStringLiteral("api.fail.test") << QStringLiteral("servfail")
        << QStringLiteral("The DNS server 127.53.0.1 failed to answer for api.fail.test");
    QTest::newRow("the DNS server refuses")
        << QString::fromLatin1(kDnsmasq) << QStringLiteral("api.example") << QStringLiteral("refused")
        << QStringLiteral("The DNS server 127.53.0.1 refused to answer for "
                          "api.example");
    QTest::newRow("the first server is dead, the second knows")
        << QStringLiteral("dead-then-dnsmasq") << QStringLiteral("nope.test") << QStringLiteral("nxdomain")
        << QStringLiteral("The DNS server 127.53.0.1 says nope.test does not exist.");
    QTest::newRow("no DNS server answers")
        << QString::fromLatin1(kDead) << QStringLiteral("good.test") << QStringLiteral("no_answer")
        << QStringLiteral("No DNS server answered (127.53.0.3): this machine's "
                          "DNS is not working; the service may be fine.");
}

void TestDns::dnsAnswersAreToldApart()
{
    QFETCH(QString, server);
    QFETCH(QString, host);
    QFETCH(QString, answer);
    QFETCH(QString, words);
    const QJsonObject line = probe(server, QStringLiteral("http://%1:8080/health").arg(host));
    // glibc asks for an IPv6 address only on a machine with IPv6 of its own (AI_ADDRCONFIG): there,
    // the name resolves and the probe fails later, which is not what this row is about.
    if (answer == QLatin1String("ipv6_only") &&
        line.value(QStringLiteral("kind")).toString() != QLatin1String("host_not_found"))
        QSKIP("this machine has IPv6 of its own: an IPv6-only name resolves here");
    QCOMPARE(line.value(QStringLiteral("kind")).toString(), QStringLiteral("host_not_found")); // names are a contract
    const QJsonObject dns = line.value(QStringLiteral("dns")).toObject();
    QVERIFY2(dns.value(QStringLiteral("answer")).toString() == answer,
             qPrintable(QString::fromUtf8(QJsonDocument(line).toJson()) + m_stderr));
    QCOMPARE(dns.value(QStringLiteral("server")).toString(),
             server.contains(QLatin1Char('-')) ? QString::fromLatin1(kDnsmasq) : server);
    const QString message = line.value(QStringLiteral("message")).toString();
    QVERIFY2(message.contains(words), qPrintable(message));
    if (answer != QLatin1String("nxdomain"))
        QVERIFY2(!line.value(QStringLiteral("action")).toString().contains(QStringLiteral("typos")),
                 qPrintable(line.value(QStringLiteral("action")).toString()));
}

// DnsCheck in this process, with a server that reads nothing: the question is sent again at half
// the limit, and the answer at the limit is no_answer naming the server.
void TestDns::aSilentServerIsAskedAgainThenNoAnswer()
{
    QUdpSocket silent;
    QVERIFY(silent.bind(QHostAddress(QString::fromLatin1(kSilent)), 53));
    const QString conf = m_dir.filePath(QString::fromLatin1(kSilent)); // names only the silent server
    NetPulse::DnsCheck check;
    QSignalSpy finished(&check, &NetPulse::DnsCheck::finished);
    check.start(QStringLiteral("api.example"), 2000, conf);
    QList<QByteArray> questions;
    const auto readQuestions = [&] {
        while (silent.hasPendingDatagrams())
            questions.append(silent.receiveDatagram().data());
    };
    QTRY_VERIFY_WITH_TIMEOUT((readQuestions(), !finished.isEmpty()), 20000);
    QCOMPARE(finished.size(), 1);
    const auto finding = finished.at(0).at(0).value<NetPulse::DnsFinding>();
    QCOMPARE(finding.answer, QStringLiteral("no_answer"));
    QCOMPARE(finding.server, QString::fromLatin1(kSilent));
    readQuestions();
    // Each question twice (at once, and again at half the limit): the IPv4 and the IPv6 one.
    QCOMPARE(questions.size(), 4);
    int ipv6 = 0;
    for (const QByteArray &question : std::as_const(questions)) {
        QVERIFY(question.contains(QByteArray("\x03"
                                             "api\x07"
                                             "example")));
        ipv6 += question.endsWith(QByteArray("\x00\x1c\x00\x01", 4)) ? 1 : 0;
    }
    QCOMPARE(ipv6, 2);
}

// A probe cancelled or destroyed while DNS is asked deletes its DnsCheck: nothing is said after,
// and nothing is left to touch the deleted object (ASan run).
void TestDns::aCheckDestroyedWhileWaitingSaysNothing()
{
    QUdpSocket silent;
    QVERIFY(silent.bind(QHostAddress(QString::fromLatin1(kSilent)), 53));
    const QString conf = m_dir.filePath(QString::fromLatin1(kSilent)); // names only the silent server
    QObject receiver;
    int said = 0;
    auto *check = new NetPulse::DnsCheck;
    connect(check, &NetPulse::DnsCheck::finished, &receiver, [&said] { ++said; });
    check->start(QStringLiteral("api.example"), 300, conf);
    QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingDatagrams(), 10000);
    delete check;
    // Watching for what must not happen: past the limit and the second question, a timer left
    // running would say something, or fire into freed memory.
    QTest::qWait(600); // sleep-ok: watching for something that must not happen
    QCOMPARE(said, 0);
}

QTEST_MAIN(TestDns)
#include "TestDns.moc"
