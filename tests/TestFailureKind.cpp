#include <QSet>
#include <QTest>

#include "kinds/FailureKind.h"

using namespace NetPulse;

class TestFailureKind : public QObject
{
    Q_OBJECT

private slots:
    void everyKindHasNameAndWords();
    void vocabularyIsTheDocumentedOne();
    void exitCodes_data();
    void exitCodes();
    void endpointIsWovenIn();
};

void TestFailureKind::everyKindHasNameAndWords()
{
    QSet<QString> names;
    for (FailureKind kind : allFailureKinds()) {
        const QString name = failureKindName(kind);
        QVERIFY2(!names.contains(name), qPrintable(name));
        names.insert(name);
        QCOMPARE(failureKindFromName(name), std::optional<FailureKind>(kind));
        const FailureDescription words = describeFailure(kind);
        QVERIFY2(!words.title.isEmpty(), qPrintable(name));
        QVERIFY2(words.explanation.endsWith(QLatin1Char('.')), qPrintable(name));
        if (kind != FailureKind::Ok && kind != FailureKind::Cancelled)
            QVERIFY2(!words.action.isEmpty(), qPrintable(name));
    }
    QVERIFY(!failureKindFromName(QStringLiteral("timeout")).has_value());
}

void TestFailureKind::vocabularyIsTheDocumentedOne()
{
    // The names are a contract with every tool that parses our output.
    const QStringList expected = {QStringLiteral("ok"),
                                  QStringLiteral("connection_refused"),
                                  QStringLiteral("host_not_found"),
                                  QStringLiteral("connect_timeout"),
                                  QStringLiteral("response_timeout"),
                                  QStringLiteral("transfer_stalled"),
                                  QStringLiteral("remote_closed"),
                                  QStringLiteral("tls_error"),
                                  QStringLiteral("http_client_error"),
                                  QStringLiteral("rate_limited"),
                                  QStringLiteral("http_server_error"),
                                  QStringLiteral("redirect_loop"),
                                  QStringLiteral("protocol_error"),
                                  QStringLiteral("body_too_large"),
                                  QStringLiteral("offline"),
                                  QStringLiteral("proxy_error"),
                                  QStringLiteral("invalid_url"),
                                  QStringLiteral("cancelled"),
                                  QStringLiteral("network_error"),
                                  QStringLiteral("check_failed"), // added in the fleet round: names are only ever added
                                  QStringLiteral("netpulse_busy")}; // added in the isolation round
    QStringList actual;
    for (FailureKind kind : allFailureKinds())
        actual << failureKindName(kind);
    QCOMPARE(actual, expected);
}

void TestFailureKind::exitCodes_data()
{
    QTest::addColumn<FailureKind>("kind");
    QTest::addColumn<int>("code");
    QTest::newRow("ok") << FailureKind::Ok << 0;
    QTest::newRow("invalid_url") << FailureKind::InvalidUrl << 2;
    QTest::newRow("connection_refused") << FailureKind::ConnectionRefused << 3;
    QTest::newRow("host_not_found") << FailureKind::HostNotFound << 3;
    QTest::newRow("connect_timeout") << FailureKind::ConnectTimeout << 3;
    QTest::newRow("offline") << FailureKind::Offline << 3;
    QTest::newRow("proxy_error") << FailureKind::ProxyError << 3;
    QTest::newRow("response_timeout") << FailureKind::ResponseTimeout << 4;
    QTest::newRow("transfer_stalled") << FailureKind::TransferStalled << 4;
    QTest::newRow("remote_closed") << FailureKind::RemoteClosed << 4;
    QTest::newRow("protocol_error") << FailureKind::ProtocolError << 4;
    QTest::newRow("network_error") << FailureKind::NetworkError << 4;
    QTest::newRow("tls_error") << FailureKind::TlsError << 5;
    QTest::newRow("http_client_error") << FailureKind::HttpClientError << 6;
    QTest::newRow("rate_limited") << FailureKind::RateLimited << 6;
    QTest::newRow("http_server_error") << FailureKind::HttpServerError << 6;
    QTest::newRow("redirect_loop") << FailureKind::RedirectLoop << 6;
    QTest::newRow("body_too_large") << FailureKind::BodyTooLarge << 6;
    QTest::newRow("cancelled") << FailureKind::Cancelled << 7;
    QTest::newRow("netpulse_busy") << FailureKind::NetPulseBusy << 7;
}

void TestFailureKind::exitCodes()
{
    QFETCH(FailureKind, kind);
    QFETCH(int, code);
    QCOMPARE(exitCodeForKind(kind), code);
}

void TestFailureKind::endpointIsWovenIn()
{
    const FailureDescription words = describeFailure(FailureKind::ConnectionRefused, QStringLiteral("127.0.0.1:3000"));
    QCOMPARE(words.explanation, QStringLiteral("Nothing is listening at 127.0.0.1:3000."));
}

QTEST_GUILESS_MAIN(TestFailureKind)
#include "TestFailureKind.moc"
