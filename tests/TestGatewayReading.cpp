// GatewayReading on recorded answers of gateways that cannot run here (tests/data/gateways, with
// where each format is documented), and on answers that must not be taken for a gateway's. The
// real gateways Debian packages are TestGateways'.
#include <QFile>
#include <QTest>

#include "probe/GatewayReading.h"

using namespace NetPulse;

class TestGatewayReading : public QObject
{
    Q_OBJECT

private slots:
    void recordedAnswers_data();
    void recordedAnswers();
    void squidErrnoNamesTheOrigin_data();
    void squidErrnoNamesTheOrigin();
    void onlyErrorAnswersAreRead();
    void evidenceIsShort();
};

namespace {

struct Recorded
{
    int status = 0;
    HeaderList headers;
    QByteArray body;
};

Recorded load(const QString &name)
{
    QFile file(QFINDTESTDATA(QStringLiteral("data/gateways/") + name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray all = file.readAll();
    const qsizetype split = all.indexOf("\r\n\r\n");
    Recorded r;
    const QList<QByteArray> lines = all.left(split).split('\n');
    r.status = lines.value(0).split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            r.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    r.body = all.mid(split + 4);
    return r;
}

} // namespace

void TestGatewayReading::recordedAnswers_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("gateway");
    QTest::addColumn<QString>("product");
    QTest::addColumn<QString>("origin");
    QTest::addColumn<int>("says");
    auto row = [](const char *file, bool gateway, const char *product, const char *origin, GatewaySays says) {
        QTest::newRow(file) << QString::fromLatin1(file) << gateway << QString::fromLatin1(product)
                            << QString::fromLatin1(origin) << int(says);
    };
    row("cloudflare-520.http", true, "Cloudflare", "", GatewaySays::UnknownAnswer);
    row("cloudflare-521.http", true, "Cloudflare", "connection_refused", GatewaySays::Origin);
    row("cloudflare-522.http", true, "Cloudflare", "connect_timeout", GatewaySays::Origin);
    row("cloudflare-524.http", true, "Cloudflare", "response_timeout", GatewaySays::Origin);
    row("cloudflare-526.http", true, "Cloudflare", "tls_error", GatewaySays::Origin);
    row("envoy-refused.http", true, "Envoy", "connection_refused", GatewaySays::Origin);
    row("envoy-timeout.http", true, "Envoy", "response_timeout", GatewaySays::Origin);
    row("envoy-no-healthy.http", true, "Envoy", "", GatewaySays::NoServerAvailable);
    row("aws-alb-502.http", true, "AWS load balancer", "", GatewaySays::InvalidAnswer);
    row("aws-alb-503.http", true, "AWS load balancer", "", GatewaySays::NoServerAvailable);
    row("aws-alb-504.http", true, "AWS load balancer", "", GatewaySays::TimedOut);
    row("google-frontend-502.http", true, "Google Front End", "", GatewaySays::RefusedResetOrGarbage);
    // Traefik sends nothing that names it: a gateway by HTTP's definition of 502, product unknown.
    row("traefik-502.http", true, "", "", GatewaySays::RefusedResetOrGarbage);
    row("nginx-passes-app-500.http", false, "", "", GatewaySays::Unsaid);
    row("app-503.http", false, "", "", GatewaySays::Unsaid);
}

void TestGatewayReading::recordedAnswers()
{
    QFETCH(QString, file);
    QFETCH(bool, gateway);
    QFETCH(QString, product);
    QFETCH(QString, origin);
    QFETCH(int, says);
    const Recorded answer = load(file);
    QVERIFY2(answer.status >= 500, qPrintable(file));
    const std::optional<GatewayReport> report = GatewayReading::read(answer.status, answer.headers, answer.body);
    QCOMPARE(report.has_value(), gateway);
    if (!report)
        return;
    QCOMPARE(report->product, product);
    QCOMPARE(report->origin ? failureKindName(*report->origin) : QString(), origin);
    QCOMPARE(int(report->says), says);
    QVERIFY(!report->evidence.isEmpty());
    QVERIFY(!report->behind().isEmpty());
    // The JSON object: product null when unknown, origin null when unsaid, the evidence as seen.
    const QJsonObject json = report->toJson();
    QCOMPARE(json.value(QStringLiteral("product")).isNull(), product.isEmpty());
    QCOMPARE(json.value(QStringLiteral("origin")).isNull(), origin.isEmpty());
    QCOMPARE(json.value(QStringLiteral("evidence")).toString(), report->evidence);
}

void TestGatewayReading::squidErrnoNamesTheOrigin_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("origin");
    QTest::newRow("refused") << QByteArray("ERR_CONNECT_FAIL 111") << QStringLiteral("connection_refused");
    QTest::newRow("connect timed out") << QByteArray("ERR_CONNECT_FAIL 110") << QStringLiteral("connect_timeout");
    QTest::newRow("no route") << QByteArray("ERR_CONNECT_FAIL 113") << QString();
    QTest::newRow("read timeout") << QByteArray("ERR_READ_TIMEOUT 0") << QStringLiteral("response_timeout");
    QTest::newRow("reset") << QByteArray("ERR_READ_ERROR 104") << QStringLiteral("remote_closed");
    QTest::newRow("empty answer") << QByteArray("ERR_ZERO_SIZE_OBJECT 0") << QStringLiteral("remote_closed");
    QTest::newRow("dns") << QByteArray("ERR_DNS_FAIL 0") << QStringLiteral("host_not_found");
    QTest::newRow("not http") << QByteArray("ERR_INVALID_RESP 0") << QStringLiteral("protocol_error");
    QTest::newRow("tls") << QByteArray("ERR_SECURE_CONNECT_FAIL 71") << QStringLiteral("tls_error");
    QTest::newRow("unknown code") << QByteArray("ERR_SOMETHING_NEW 5") << QString();
}

void TestGatewayReading::squidErrnoNamesTheOrigin()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, origin);
    const auto report = GatewayReading::read(503, {{"Server", "squid/5.7"}, {"X-Squid-Error", header}}, {});
    QVERIFY(report);
    QCOMPARE(report->product, QStringLiteral("Squid"));
    QCOMPARE(report->origin ? failureKindName(*report->origin) : QString(), origin);
    QCOMPARE(report->evidence, QStringLiteral("X-Squid-Error: ") + QString::fromLatin1(header));
}

void TestGatewayReading::onlyErrorAnswersAreRead()
{
    // A Server header on a success or a client error says nothing about what lies behind it.
    const QByteArray page = "<html><hr><center>nginx/1.22.1</center></html>";
    for (int status : {200, 301, 404, 429})
        QVERIFY2(!GatewayReading::read(status, {{"Server", "nginx/1.22.1"}}, page),
                 qPrintable(QString::number(status)));
    QVERIFY(GatewayReading::read(502, {{"Server", "nginx/1.22.1"}}, page));
    // A plain 500 or 503 with no evidence is the service's own.
    QVERIFY(!GatewayReading::read(500, {}, "oops"));
    QVERIFY(!GatewayReading::read(503, {}, {}));
    // Cloudflare and Google's front end stamp the application's own errors: not theirs.
    QVERIFY(!GatewayReading::read(500, {{"Server", "cloudflare"}, {"cf-ray", "8f1b-FRA"}}, "app error"));
    QVERIFY(!GatewayReading::read(503, {{"Server", "Google Frontend"}}, "maintenance"));
    // A product name inside a longer one is not the product.
    QVERIFY(!GatewayReading::read(503, {{"Server", "nginxish"}}, page));
}

void TestGatewayReading::evidenceIsShort()
{
    const QByteArray longValue(500, 'x');
    const auto report = GatewayReading::read(503, {{"X-Squid-Error", "ERR_X " + longValue}}, {});
    QVERIFY(report);
    QVERIFY2(report->evidence.size() <= 100, qPrintable(report->evidence));
}

QTEST_MAIN(TestGatewayReading)
#include "TestGatewayReading.moc"
