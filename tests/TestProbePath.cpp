// The path steps derived from a probe's result: what was seen of each step, "not_seen" for what
// was not, and no step invented (no TLS for http, no gateway where none answered).
#include <QTest>

#include "probe/ProbePath.h"

using namespace NetPulse;

class TestProbePath : public QObject
{
    Q_OBJECT

private slots:
    void stepsSayWhatWasSeen_data();
    void stepsSayWhatWasSeen();
};

namespace {

ProbeResult result(const char *url, FailureKind kind)
{
    ProbeResult r;
    r.url = QUrl(QString::fromLatin1(url));
    r.kind = kind;
    r.timeline.finishedNs = 5'000'000;
    return r;
}

QString summary(const QList<PathStep> &steps)
{
    QStringList parts;
    for (const PathStep &s : steps)
        parts.append(s.step + QLatin1Char('=') + s.outcome +
                     (s.note.isEmpty() ? QString() : QLatin1Char('(') + s.note + QLatin1Char(')')));
    return parts.join(QLatin1Char(' '));
}

} // namespace

void TestProbePath::stepsSayWhatWasSeen_data()
{
    QTest::addColumn<ProbeResult>("probe");
    QTest::addColumn<QString>("path");

    ProbeResult ok = result("https://api.example.com/health", FailureKind::Ok);
    ok.timeline.connectingNs = 1'000'000;
    ok.timeline.encryptedNs = 2'000'000;
    ok.timeline.requestSentNs = 2'100'000;
    ok.timeline.headersNs = 3'000'000;
    ok.httpStatus = 200;
    QTest::newRow("ok over https") << ok
                                   << QStringLiteral("network=ok lookup=ok connect=ok tls=ok service=ok(HTTP 200)");

    ProbeResult refused = result("http://127.0.0.1:9/", FailureKind::ConnectionRefused);
    QTest::newRow("refused") << refused
                             << QStringLiteral("network=not_needed lookup=not_needed connect=failed(refused) "
                                               "service=not_seen");

    ProbeResult noName = result("https://nope.example/", FailureKind::HostNotFound);
    noName.dns = DnsFinding{QStringLiteral("nxdomain"), QStringLiteral("10.0.0.53")};
    QTest::newRow("no such name") << noName
                                  << QStringLiteral("network=not_seen lookup=failed(nxdomain from 10.0.0.53) "
                                                    "connect=not_seen tls=not_seen service=not_seen");

    ProbeResult offline = result("https://api.example.com/", FailureKind::Offline);
    QTest::newRow("offline") << offline
                             << QStringLiteral("network=failed lookup=not_seen connect=not_seen tls=not_seen "
                                               "service=not_seen");

    ProbeResult behindNginx = result("http://10.0.0.5/api", FailureKind::HttpServerError);
    behindNginx.timeline.connectingNs = 1'000'000;
    behindNginx.timeline.requestSentNs = 1'500'000;
    behindNginx.timeline.headersNs = 2'000'000;
    behindNginx.httpStatus = 504;
    behindNginx.gateway = GatewayReading::read(504, {{"Server", "nginx/1.22.1"}}, "<hr><center>nginx</center>");
    QTest::newRow("behind nginx") << behindNginx
                                  << QStringLiteral("network=ok lookup=not_needed connect=ok gateway=ok(nginx, HTTP "
                                                    "504) service=failed");

    ProbeResult behindSquid = result("http://10.0.0.5/api", FailureKind::HttpServerError);
    behindSquid.timeline.requestSentNs = 1'500'000;
    behindSquid.httpStatus = 503;
    behindSquid.proxy = QStringLiteral("127.0.0.1:3128");
    behindSquid.gateway = GatewayReading::read(503, {{"X-Squid-Error", "ERR_CONNECT_FAIL 111"}}, {});
    QTest::newRow("through squid") << behindSquid
                                   << QStringLiteral("network=not_needed lookup=not_needed(through proxy "
                                                     "127.0.0.1:3128) connect=ok gateway=ok(Squid, HTTP 503) "
                                                     "service=failed(connection_refused)");

    ProbeResult badCertificate = result("https://localhost:8443/", FailureKind::TlsError);
    badCertificate.timeline.connectingNs = 1'000'000;
    badCertificate.addresses = {{QStringLiteral("127.0.0.1"), QStringLiteral("accepted")},
                                {QStringLiteral("::1"), QStringLiteral("accepted")}};
    badCertificate.certificateProblems = {{QStringLiteral("expired"), QStringLiteral("…")},
                                          {QStringLiteral("self_signed"), QStringLiteral("…")}};
    QTest::newRow("expired and self-signed")
        << badCertificate
        << QStringLiteral("network=not_needed lookup=ok connect=ok(127.0.0.1 accepted; ::1 accepted) "
                          "tls=failed(expired, self_signed) service=not_seen");

    ProbeResult redirected = result("http://127.0.0.1:18920/redirect-to", FailureKind::ConnectionRefused);
    redirected.redirects = {QUrl(QStringLiteral("http://user:pw@127.0.0.1:9/?token=abc"))};
    QTest::newRow("redirected to a refused port")
        << redirected
        << QStringLiteral("network=not_needed redirect=ok(127.0.0.1:18920 to http://***@127.0.0.1:9/?token=***) "
                          "lookup=not_needed connect=failed(refused) service=not_seen");

    ProbeResult blockedForPage = result("http://127.0.0.1:8080/api", FailureKind::CheckFailed);
    blockedForPage.failedCheck = QStringLiteral("page_origin");
    blockedForPage.httpStatus = 200;
    blockedForPage.timeline.requestSentNs = 1'000'000;
    QTest::newRow("blocked for the page")
        << blockedForPage
        << QStringLiteral("network=not_needed lookup=not_needed connect=ok service=ok(HTTP 200) page=failed(blocked "
                          "by the browser)");

    ProbeResult silent = result("http://10.0.0.5/slow", FailureKind::ResponseTimeout);
    silent.timeline.connectingNs = 1'000'000;
    silent.timeline.requestSentNs = 1'500'000;
    QTest::newRow("silent") << silent
                            << QStringLiteral(
                                   "network=ok lookup=not_needed connect=ok service=failed(response_timeout)");
}

void TestProbePath::stepsSayWhatWasSeen()
{
    QFETCH(ProbeResult, probe);
    QFETCH(QString, path);
    const QList<PathStep> steps = ProbePath::steps(probe);
    QCOMPARE(summary(steps), path);
    const QJsonArray json = ProbePath::toJson(steps);
    QCOMPARE(json.size(), steps.size());
    for (const QJsonValue &step : json) {
        QVERIFY(step.toObject().contains(QStringLiteral("ms")));
        QVERIFY(step.toObject().contains(QStringLiteral("note")));
    }
}

QTEST_MAIN(TestProbePath)
#include "TestProbePath.moc"
