// The real network, not only loopback: NetPulse in network namespaces this test makes (unshare -n),
// so every packet stays inside them. A namespace with no route at all is `offline` for every
// target; a route appearing ends the wait at once, not at the next planned check; a peer that
// drops SYNs (a veth whose far end has no address, reached through a static neighbour entry) is a
// real `connect_timeout`. Skips, saying why, where namespaces cannot be made (not root, no
// unshare, a sandbox that forbids them); CI runs as root.
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

class TestNetworkNamespaces : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void noRouteIsOffline_data();
    void noRouteIsOffline();
    void aRouteAppearingEndsTheWaitAtOnce();
    void droppedSynIsConnectTimeout();

private:
    // Runs `script` with sh in a fresh network namespace; the script ends by exec'ing netpulse.
    QJsonObject runOnce(const QString &script, qint64 *elapsedMs = nullptr);

    QString m_netpulse = QStringLiteral(NETPULSE_BIN_DIR "/netpulse");
    QStringList m_quiet = {QStringLiteral("--headless"), QStringLiteral("--no-history"), QStringLiteral("--no-cache")};
};

void TestNetworkNamespaces::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("unshare")).isEmpty() ||
        QStandardPaths::findExecutable(QStringLiteral("ip")).isEmpty())
        QSKIP("needs unshare (util-linux) and ip (iproute2)");
    QProcess probe;
    probe.start(QStringLiteral("unshare"),
                {QStringLiteral("-n"), QStringLiteral("ip"), QStringLiteral("link"), QStringLiteral("add"),
                 QStringLiteral("v0"), QStringLiteral("type"), QStringLiteral("veth"), QStringLiteral("peer"),
                 QStringLiteral("name"), QStringLiteral("v1")});
    if (!probe.waitForFinished(10000) || probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
        QSKIP(qPrintable(QStringLiteral("network namespaces cannot be made here (run as root): %1")
                             .arg(QString::fromLocal8Bit(probe.readAllStandardError()).trimmed())));
}

QJsonObject TestNetworkNamespaces::runOnce(const QString &script, qint64 *elapsedMs)
{
    QProcess process;
    QElapsedTimer clock;
    clock.start();
    process.start(QStringLiteral("unshare"),
                  {QStringLiteral("-n"), QStringLiteral("sh"), QStringLiteral("-c"), script});
    if (!process.waitForFinished(30000)) {
        process.kill();
        return {};
    }
    if (elapsedMs)
        *elapsedMs = clock.elapsed();
    return QJsonDocument::fromJson(process.readAllStandardOutput().split('\n').first()).object();
}

void TestNetworkNamespaces::noRouteIsOffline_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("IPv4 address") << "http://192.0.2.1/";
    QTest::newRow("https address") << "https://192.0.2.1/";
    QTest::newRow("IPv6 address") << "http://[2001:db8::1]/";
    QTest::newRow("a name") << "http://netpulse-test.invalid-tld-for-tests/";
}

void TestNetworkNamespaces::noRouteIsOffline()
{
    QFETCH(QString, url);
    // Not even loopback is up: no route to anything.
    const QJsonObject line =
        runOnce(QStringLiteral("exec %1 %2 --once %3").arg(m_netpulse, m_quiet.join(QLatin1Char(' ')), url));
    QVERIFY2(!line.isEmpty(), "no JSON line");
    QCOMPARE(line.value(QStringLiteral("kind")).toString(), QStringLiteral("offline"));
}

void TestNetworkNamespaces::aRouteAppearingEndsTheWaitAtOnce()
{
    // Checks every 10 s; offline at first. When a route appears the next check must come within
    // the recovery watch's period (1 s) and some slack, not 10 s later.
    QProcess process;
    QSignalSpy output(&process, &QProcess::readyReadStandardOutput);
    process.start(QStringLiteral("unshare"),
                  {QStringLiteral("-n"), QStringLiteral("sh"), QStringLiteral("-c"),
                   QStringLiteral("ip link set lo up && exec %1 %2 --interval 10000 --count 2 http://10.9.0.1:9/")
                       .arg(m_netpulse, m_quiet.join(QLatin1Char(' ')))});
    QVERIFY(process.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 15000);
    const QJsonObject first = QJsonDocument::fromJson(process.readLine()).object();
    QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("offline"));
    QCOMPARE(first.value(QStringLiteral("state")).toString(), QStringLiteral("offline"));

    // The route appears in the program's own namespace (unshare exec'd sh, which exec'd netpulse).
    QProcess route;
    route.start(QStringLiteral("nsenter"),
                {QStringLiteral("--net=/proc/%1/ns/net").arg(process.processId()), QStringLiteral("sh"),
                 QStringLiteral("-c"),
                 QStringLiteral("ip link add v0 type veth peer name v1 && ip addr add 10.9.0.1/24 dev v0 && "
                                "ip link set v0 up && ip link set v1 up && ip route add default dev v0")});
    QVERIFY(route.waitForFinished(10000));
    QCOMPARE(route.exitCode(), 0);
    QElapsedTimer sinceRoute;
    sinceRoute.start();
    QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 15000);
    const qint64 waitedMs = sinceRoute.elapsed();
    const QJsonObject second = QJsonDocument::fromJson(process.readLine()).object();
    qInfo("a route appeared; the next check came %lld ms later (interval 10 000 ms): %s", waitedMs,
          qPrintable(second.value(QStringLiteral("kind")).toString()));
    QCOMPARE(second.value(QStringLiteral("kind")).toString(), QStringLiteral("connection_refused"));
    QVERIFY2(waitedMs < 5000, qPrintable(QString::number(waitedMs)));
    // --count 2: it ends by itself, most likely already.
    if (process.state() != QProcess::NotRunning)
        QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
}

void TestNetworkNamespaces::droppedSynIsConnectTimeout()
{
    // 10.9.0.2 is "there" by a static neighbour entry, so SYNs leave through v0; v1 has no address
    // and drops them: nothing answers, not even a reset or an unreachable. A default route makes
    // the machine online, or a silent connect would rightly be `offline`.
    qint64 elapsedMs = 0;
    const QJsonObject line =
        runOnce(QStringLiteral(
                    "ip link set lo up && ip link add v0 type veth peer name v1 && ip addr add 10.9.0.1/24 dev v0 && "
                    "ip link set v0 up && ip link set v1 up && "
                    "ip neigh add 10.9.0.2 lladdr 02:00:00:00:00:02 dev v0 nud permanent && "
                    "ip route add default dev v0 && "
                    "exec %1 %2 --once --timeout 1000 http://10.9.0.2/")
                    .arg(m_netpulse, m_quiet.join(QLatin1Char(' '))),
                &elapsedMs);
    QVERIFY2(!line.isEmpty(), "no JSON line");
    QVERIFY2(line.value(QStringLiteral("kind")).toString() == QLatin1String("connect_timeout"),
             QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
    const double totalMs =
        line.value(QStringLiteral("timings_ms")).toObject().value(QStringLiteral("total")).toDouble();
    qInfo("dropped SYN: connect_timeout after %.0f ms (limit 1000 ms); the process took %lld ms", totalMs, elapsedMs);
    QVERIFY2(totalMs <= 1100, qPrintable(QString::number(totalMs))); // the limit + 10 %
}

QTEST_GUILESS_MAIN(TestNetworkNamespaces)
#include "TestNetworkNamespaces.moc"
