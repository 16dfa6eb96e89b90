// The DNS messages DnsCheck sends and reads (RFC 1035 §4.1): replies told apart by their code
// and answer section, and anything that is not a reply to the question set aside, never read past
// its end. Against real servers: TestDns.
#include <QTest>

#include "probe/DnsMessage.h"

class TestDnsMessage : public QObject
{
    Q_OBJECT

private slots:
    void questionsAreWrittenOrRefused();
    void questionsAndReplies_data();
    void questionsAndReplies();
    void ipv6QuestionsAndReplies();
};

void TestDnsMessage::questionsAreWrittenOrRefused()
{
    const QByteArray question = NetPulse::DnsMessage::question(0xbeef, QStringLiteral("api.example."));
    QCOMPARE(question.toHex(), QByteArray("beef01000001000000000000"
                                          "03617069076578616d706c6500"
                                          "00010001"));
    QVERIFY(NetPulse::DnsMessage::question(1, QStringLiteral("a..b")).isEmpty());
    QVERIFY(NetPulse::DnsMessage::question(1, QString(64, QLatin1Char('a')) + QStringLiteral(".example")).isEmpty());
    QVERIFY(NetPulse::DnsMessage::question(1, QString()).isEmpty());
}

void TestDnsMessage::questionsAndReplies_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<int>("rcode"); // -1: not a reply to the question
    QTest::addColumn<bool>("hasAddress");
    const QByteArray question = NetPulse::DnsMessage::question(0x1234, QStringLiteral("api.example"));
    auto header = [](quint8 flags, quint8 rcode, quint8 answers) -> QByteArray {
        return QByteArray("\x12\x34", 2) + char(flags) + char(rcode) + QByteArray("\x00\x01\x00", 3) + char(answers) +
               QByteArray(4, '\0');
    };
    const QByteArray asked = question.mid(12);
    const QByteArray aRecord = QByteArray("\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\x7f\x00\x00\x01", 16);
    const QByteArray txtRecord = QByteArray("\xc0\x0c\x00\x10\x00\x01\x00\x00\x00\x3c\x00\x03\x02hi", 15);
    QTest::newRow("an address") << header(0x81, 0x80, 1) + asked + aRecord << 0 << true;
    QTest::newRow("nodata") << header(0x81, 0x80, 0) + asked << 0 << false;
    QTest::newRow("a TXT record only") << header(0x81, 0x80, 1) + asked + txtRecord << 0 << false;
    QTest::newRow("nxdomain") << header(0x81, 0x83, 0) + asked << 3 << false;
    QTest::newRow("servfail") << header(0x81, 0x82, 0) + asked << 2 << false;
    QTest::newRow("refused") << header(0x81, 0x85, 0) + asked << 5 << false;
    QTest::newRow("a question, not a reply") << question << -1 << false;
    QTest::newRow("another id") << QByteArray("\x43\x21", 2) + header(0x81, 0x80, 0).mid(2) + asked << -1 << false;
    QTest::newRow("too short") << QByteArray("\x12\x34\x81", 3) << -1 << false;
    QTest::newRow("an answer past the end") << header(0x81, 0x80, 1) + asked + aRecord.left(12) << -1 << false;
    QTest::newRow("truncated, as much as fitted") << header(0x83, 0x80, 2) + asked + aRecord << 0 << true;
    QTest::newRow("a name that never ends")
        << header(0x81, 0x80, 0) + QByteArray("\x3f", 1) + QByteArray(20, 'a') << -1 << false;
}

void TestDnsMessage::questionsAndReplies()
{
    QFETCH(QByteArray, reply);
    QFETCH(int, rcode);
    QFETCH(bool, hasAddress);
    const std::optional<NetPulse::DnsMessage::Reply> read = NetPulse::DnsMessage::readReply(reply, 0x1234);
    QCOMPARE(read ? read->rcode : -1, rcode);
    QCOMPARE(read && read->hasAddress, hasAddress);
}

void TestDnsMessage::ipv6QuestionsAndReplies()
{
    using NetPulse::DnsMessage::RecordType;
    const QByteArray question = NetPulse::DnsMessage::question(7, QStringLiteral("a.test"), RecordType::Aaaa);
    QVERIFY(question.endsWith(QByteArray("\x00\x00\x1c\x00\x01", 5))); // the name's end, AAAA, IN
    QByteArray reply = question;
    reply[2] = char(0x81);
    reply[3] = char(0x80);
    reply[7] = 1; // one answer: an AAAA record, 16 bytes
    reply += QByteArray("\xc0\x0c\x00\x1c\x00\x01\x00\x00\x00\x3c\x00\x10", 12) + QByteArray(16, '\x01');
    const auto asIpv6 = NetPulse::DnsMessage::readReply(reply, 7, RecordType::Aaaa);
    QVERIFY(asIpv6 && asIpv6->rcode == 0 && asIpv6->hasAddress);
    // The same record does not make an IPv4 address.
    const auto asIpv4 = NetPulse::DnsMessage::readReply(reply, 7, RecordType::A);
    QVERIFY(asIpv4 && !asIpv4->hasAddress);
}

QTEST_MAIN(TestDnsMessage)
#include "TestDnsMessage.moc"
