#include <QTest>

#include "probe/Redactor.h"

using namespace NetPulse;

class TestRedactor : public QObject
{
    Q_OBJECT

private slots:
    void url_data();
    void url();
    void headers_data();
    void headers();
    void text();
};

void TestRedactor::url_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("nothing secret") << "http://127.0.0.1:8080/health?verbose=1"
                                    << "http://127.0.0.1:8080/health?verbose=1";
    QTest::newRow("user and password") << "https://alice:hunter2@api.test/v1"
                                       << "https://***@api.test/v1";
    QTest::newRow("user only") << "https://alice@api.test/v1"
                               << "https://***@api.test/v1";
    QTest::newRow("token") << "http://h.test/x?token=abc123&page=2"
                           << "http://h.test/x?token=***&page=2";
    QTest::newRow("api_key") << "http://h.test/x?api_key=abc"
                             << "http://h.test/x?api_key=***";
    QTest::newRow("password") << "http://h.test/x?password=p&q=1"
                              << "http://h.test/x?password=***&q=1";
    QTest::newRow("client_secret") << "http://h.test/x?client_secret=s"
                                   << "http://h.test/x?client_secret=***";
    QTest::newRow("AWS signature") << "http://h.test/x?X-Amz-Signature=deadbeef"
                                   << "http://h.test/x?X-Amz-Signature=***";
    QTest::newRow("sig") << "http://h.test/x?sig=zz&se=2026"
                         << "http://h.test/x?sig=***&se=2026";
    QTest::newRow("access_token, case") << "http://h.test/x?Access_Token=t"
                                        << "http://h.test/x?Access_Token=***";
    QTest::newRow("percent-encoded key") << "http://h.test/x?api%5Fkey=v"
                                         << "http://h.test/x?api_key=***"; // QUrl decodes unreserved characters
    // Found by FuzzUrlIntake: a URL inside the path or a query value carries credentials of its own.
    QTest::newRow("credentials of a URL in the path") << "http://h.test/go/http://admin:hunter2@internal.test/"
                                                      << "http://h.test/go/http://***@internal.test/";
    QTest::newRow("credentials of a URL in a query value") << "http://h.test/login?next=ftp://admin:hunter2@files/x"
                                                           << "http://h.test/login?next=ftp://***@files/x";
    // Found by FuzzEndpointFile: an '@' in the query is not user information; the host stays.
    QTest::newRow("an @ in the query") << "https://h.test/x?who=a@b&page=1"
                                       << "https://h.test/x?who=a@b&page=1";
    QTest::newRow("credentials of a percent-encoded URL in a query value")
        << "http://h.test/login?next=http%3A%2F%2Fadmin%3Ahunter2%40internal%2Fx"
        << "http://h.test/login?next=http%3A%2F%2F***%40internal%2Fx";
}

void TestRedactor::url()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Redactor::redactUrl(QUrl(input)), expected);
}

void TestRedactor::headers_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("secret");
    QTest::newRow("Authorization") << QByteArray("Authorization") << true;
    QTest::newRow("lowercase authorization") << QByteArray("authorization") << true;
    QTest::newRow("Proxy-Authorization") << QByteArray("Proxy-Authorization") << true;
    QTest::newRow("Cookie") << QByteArray("Cookie") << true;
    QTest::newRow("Set-Cookie") << QByteArray("Set-Cookie") << true;
    QTest::newRow("X-Api-Key") << QByteArray("X-Api-Key") << true;
    QTest::newRow("X-Auth-Token") << QByteArray("X-Auth-Token") << true;
    QTest::newRow("Accept") << QByteArray("Accept") << false;
    QTest::newRow("Content-Type") << QByteArray("Content-Type") << false;
}

void TestRedactor::headers()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, secret);
    QCOMPARE(Redactor::isSecretHeader(name), secret);
    QCOMPARE(Redactor::redactHeaderValue(name, "v4lue") == "v4lue", !secret);
}

void TestRedactor::text()
{
    QCOMPARE(Redactor::redactText(QStringLiteral("cannot reach https://bob:pw@h.test/x now")),
             QStringLiteral("cannot reach https://***@h.test/x now"));
    QCOMPARE(Redactor::redactText(QStringLiteral("plain words")), QStringLiteral("plain words"));
    // Qt's error strings quote the whole URL, query included.
    QCOMPARE(Redactor::redactText(QStringLiteral("Error transferring http://h.test/x?api_key=abc123&page=2 - refused")),
             QStringLiteral("Error transferring http://h.test/x?api_key=***&page=2 - refused"));
    QCOMPARE(Redactor::redactText(QStringLiteral("(http://h.test/?a=1&access_token=t0k&sig=zz)")),
             QStringLiteral("(http://h.test/?a=1&access_token=***&sig=***)"));
    QCOMPARE(Redactor::redactText(QStringLiteral("a = b & c=d")), QStringLiteral("a = b & c=d"));
}

QTEST_GUILESS_MAIN(TestRedactor)
#include "TestRedactor.moc"
