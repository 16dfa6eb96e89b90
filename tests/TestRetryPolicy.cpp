#include <QTest>

#include "monitor/RetryPolicy.h"

using namespace NetPulse;

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private slots:
    void table_data();
    void table();
    void nonIdempotentOptIn();
};

void TestRetryPolicy::table_data()
{
    QTest::addColumn<FailureKind>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<bool>("retried");

    const QByteArray get("GET");
    QTest::newRow("refused") << FailureKind::ConnectionRefused << 0 << get << true;
    QTest::newRow("connect timeout") << FailureKind::ConnectTimeout << 0 << get << true;
    QTest::newRow("response timeout") << FailureKind::ResponseTimeout << 0 << get << true;
    QTest::newRow("stalled") << FailureKind::TransferStalled << 200 << get << true;
    QTest::newRow("closed") << FailureKind::RemoteClosed << 0 << get << true;
    QTest::newRow("5xx") << FailureKind::HttpServerError << 503 << get << true;
    QTest::newRow("429") << FailureKind::RateLimited << 429 << get << true;
    QTest::newRow("DNS") << FailureKind::HostNotFound << 0 << get << true;
    QTest::newRow("not HTTP") << FailureKind::ProtocolError << 0 << get << true;
    QTest::newRow("404") << FailureKind::HttpClientError << 404 << get << false;
    QTest::newRow("408 is the exception") << FailureKind::HttpClientError << 408 << get << true;
    QTest::newRow("TLS") << FailureKind::TlsError << 0 << get << false;
    QTest::newRow("invalid URL") << FailureKind::InvalidUrl << 0 << get << false;
    QTest::newRow("redirect loop") << FailureKind::RedirectLoop << 302 << get << false;
    QTest::newRow("too large") << FailureKind::BodyTooLarge << 200 << get << false;
    QTest::newRow("cancelled") << FailureKind::Cancelled << 0 << get << false;
    QTest::newRow("offline pauses instead") << FailureKind::Offline << 0 << get << false;
    QTest::newRow("PUT is idempotent") << FailureKind::ConnectionRefused << 0 << QByteArray("PUT") << true;
    QTest::newRow("DELETE is idempotent") << FailureKind::HttpServerError << 500 << QByteArray("DELETE") << true;
    QTest::newRow("HEAD") << FailureKind::ConnectionRefused << 0 << QByteArray("HEAD") << true;
    QTest::newRow("POST is not") << FailureKind::ConnectionRefused << 0 << QByteArray("POST") << false;
    QTest::newRow("PATCH is not") << FailureKind::HttpServerError << 502 << QByteArray("PATCH") << false;
}

void TestRetryPolicy::table()
{
    QFETCH(FailureKind, kind);
    QFETCH(int, status);
    QFETCH(QByteArray, method);
    QFETCH(bool, retried);
    const RetryPolicy policy;
    const std::optional<QString> why =
        policy.whyNotRetried(kind, status ? std::optional<int>(status) : std::nullopt, method);
    QCOMPARE(!why.has_value(), retried);
    if (why)
        QVERIFY(!why->isEmpty());
}

void TestRetryPolicy::nonIdempotentOptIn()
{
    RetryPolicy policy;
    const std::optional<QString> why = policy.whyNotRetried(FailureKind::ConnectionRefused, {}, "POST");
    QVERIFY(why.has_value());
    QVERIFY2(why->contains(QLatin1String("not idempotent")), qPrintable(*why));
    policy.setAllowNonIdempotent(true);
    QVERIFY(!policy.whyNotRetried(FailureKind::ConnectionRefused, {}, "POST").has_value());
    // Opting in does not make a 404 worth retrying.
    QVERIFY(policy.whyNotRetried(FailureKind::HttpClientError, 404, "POST").has_value());
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "TestRetryPolicy.moc"
