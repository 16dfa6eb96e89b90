// The command line: what each option writes, and a one-line error naming the option for each bad
// value, with the ranges taken from core's Limits.
#include <QHostInfo>
#include <QTest>

#include "CommandLine.h"

#include "headless/HeadlessRunner.h"
#include "probe/ProbeEngine.h"

using namespace NetPulse;

Q_DECLARE_METATYPE(CommandLine::Action)

namespace {

CommandLine parse(const QStringList &arguments)
{
    return CommandLine::parse(QStringList{QStringLiteral("netpulse")} + arguments);
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void actions_data();
    void actions();
    void errorsNameTheOption_data();
    void errorsNameTheOption();
    void optionsReachTheSettings();
    void helpShowsTheDefaultsFromLimits();
};

void TestCommandLine::actions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<CommandLine::Action>("action");
    const QString url = QStringLiteral("http://127.0.0.1:8080/health");
    QTest::newRow("no arguments: the window with the demo") << QStringList() << CommandLine::Action::RunGui;
    QTest::newRow("a URL: the window") << QStringList{url} << CommandLine::Action::RunGui;
    QTest::newRow("headless") << QStringList{QStringLiteral("--headless"), url} << CommandLine::Action::RunHeadless;
    QTest::newRow("help") << QStringList{QStringLiteral("--help")} << CommandLine::Action::ShowHelp;
    QTest::newRow("version") << QStringList{QStringLiteral("--version")} << CommandLine::Action::ShowVersion;
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << CommandLine::Action::Error;
    QTest::newRow("a theme for the window")
        << QStringList{QStringLiteral("--theme"), QStringLiteral("high-contrast")} << CommandLine::Action::RunGui;
}

void TestCommandLine::actions()
{
    QFETCH(QStringList, arguments);
    const CommandLine command = parse(arguments);
    QTEST(command.action, "action");
    if (command.action == CommandLine::Action::Error)
        QVERIFY(!command.error.isEmpty());
}

void TestCommandLine::errorsNameTheOption_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    const QString url = QStringLiteral("http://127.0.0.1:8080/");
    const QString headless = QStringLiteral("--headless");
    QTest::newRow("interval below its range")
        << QStringList{headless, QStringLiteral("--interval"), QStringLiteral("50"), url}
        << QStringLiteral("--interval must be a whole number from %1 to %2, not '50'")
               .arg(Limits::intervalMs.low)
               .arg(Limits::intervalMs.high);
    QTest::newRow("timeout not a number")
        << QStringList{headless, QStringLiteral("--timeout"), QStringLiteral("5s"), url}
        << QStringLiteral("--timeout must be a whole number");
    QTest::newRow("retries above its range")
        << QStringList{headless, QStringLiteral("--retries"), QStringLiteral("500"), url}
        << QStringLiteral("--retries must be a whole number from 0 to 100, not '500'");
    QTest::newRow("multiplier negative") << QStringList{headless, QStringLiteral("--backoff-multiplier"),
                                                        QStringLiteral("-2"), url}
                                         << QStringLiteral(
                                                "--backoff-multiplier must be a number from 1 to 10, not '-2'");
    QTest::newRow("jitter unknown") << QStringList{headless, QStringLiteral("--jitter"), QStringLiteral("some"), url}
                                    << QStringLiteral("--jitter must be full, equal, decorrelated or none");
    QTest::newRow("deadline under timeout")
        << QStringList{headless,
                       QStringLiteral("--timeout"),
                       QStringLiteral("5000"),
                       QStringLiteral("--deadline"),
                       QStringLiteral("1000"),
                       url}
        << QStringLiteral("the deadline (1000 ms) must not be shorter than the timeout (5000 ms)");
    QTest::newRow("backoff max under initial")
        << QStringList{headless,
                       QStringLiteral("--backoff-initial"),
                       QStringLiteral("5000"),
                       QStringLiteral("--backoff-max"),
                       QStringLiteral("1000"),
                       url}
        << QStringLiteral("backoff max (1000 ms) must not be below backoff initial (5000 ms)");
    QTest::newRow("watch option without headless")
        << QStringList{QStringLiteral("--once"), url} << QStringLiteral("--once needs --headless");
    QTest::newRow("headless without URL") << QStringList{headless} << QStringLiteral("--headless needs a URL");
    QTest::newRow("bad URL") << QStringList{headless, QStringLiteral("ftp://127.0.0.1/")}
                             << QStringLiteral("invalid URL: ");
    QTest::newRow("two URLs") << QStringList{headless, url, url} << QStringLiteral("expected one URL, got 2");
    QTest::newRow("theme unknown") << QStringList{QStringLiteral("--theme"), QStringLiteral("blue")}
                                   << QStringLiteral("--theme: \"blue\" is not system, light, dark or high-contrast");
    QTest::newRow("theme headless") << QStringList{headless, QStringLiteral("--theme"), QStringLiteral("dark"), url}
                                    << QStringLiteral("--theme is for the window");
    QTest::newRow("bad method") << QStringList{headless, QStringLiteral("--method"), QStringLiteral("GE T"), url}
                                << QStringLiteral("--method 'GE T' is not a valid HTTP method");
    QTest::newRow("header without colon")
        << QStringList{headless, QStringLiteral("--header"), QStringLiteral("Bearer-s3cret"), url}
        << QStringLiteral("--header: a header is written 'Name: value'"); // never the text: it may be a token
    QTest::newRow("config and url") << QStringList{headless, QStringLiteral("--config"), QStringLiteral("x.json"), url}
                                    << QStringLiteral("--config and a URL: give one or the other");
    QTest::newRow("config and interval") << QStringList{headless, QStringLiteral("--config"), QStringLiteral("x.json"),
                                                        QStringLiteral("--interval"), QStringLiteral("1000")}
                                         << QStringLiteral(
                                                "--interval is for one URL; with --config, write it in the file");
    QTest::newRow("report url not http") << QStringList{headless, QStringLiteral("--report-url"),
                                                        QStringLiteral("ftp://backend/x"), url}
                                         << QStringLiteral("--report-url must start with http:// or https://");
    QTest::newRow("alertmanager without scheme")
        << QStringList{headless, QStringLiteral("--alertmanager-url"), QStringLiteral("localhost:9093"), url}
        << QStringLiteral("--alertmanager-url must start with http:// or https://");
    QTest::newRow("report header alone") << QStringList{headless, QStringLiteral("--report-header"),
                                                        QStringLiteral("Authorization: x"), url}
                                         << QStringLiteral("--report-header needs --report-url or --alertmanager-url");
    QTest::newRow("bad proxy") << QStringList{headless, QStringLiteral("--proxy"), QStringLiteral("ftp://x"), url}
                               << QStringLiteral("--proxy: proxy 'ftp://x' must look like");
    QTest::newRow("show-body without once")
        << QStringList{headless, QStringLiteral("--show-body"), url} << QStringLiteral("--show-body needs --once");
    QTest::newRow("probe threads out of range")
        << QStringList{headless, QStringLiteral("--probe-threads"), QStringLiteral("0"), url}
        << QStringLiteral("--probe-threads must be a whole number from 1 to 64, not '0'");
    QTest::newRow("empty vantage") << QStringList{headless, QStringLiteral("--vantage"), QStringLiteral(" "), url}
                                   << QStringLiteral("--vantage: a vantage name cannot be empty");
    QTest::newRow("long vantage") << QStringList{headless, QStringLiteral("--vantage"), QString(65, QLatin1Char('v')),
                                                 url}
                                  << QStringLiteral("--vantage: a vantage name has at most 64 characters");
    QTest::newRow("cache options contradict")
        << QStringList{headless, QStringLiteral("--cache-dir"), QStringLiteral("/tmp/x"), QStringLiteral("--no-cache"),
                       url}
        << QStringLiteral("--cache-dir and --no-cache contradict each other");
}

void TestCommandLine::errorsNameTheOption()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const CommandLine command = parse(arguments);
    QCOMPARE(command.action, CommandLine::Action::Error);
    QVERIFY2(command.error.startsWith(expected), qPrintable(command.error));
    QVERIFY(!command.error.contains(QLatin1Char('\n')));
}

void TestCommandLine::optionsReachTheSettings()
{
    const CommandLine command = parse({QStringLiteral("--headless"),
                                       QStringLiteral("--interval"),
                                       QStringLiteral("2000"),
                                       QStringLiteral("--timeout"),
                                       QStringLiteral("700"),
                                       QStringLiteral("--deadline"),
                                       QStringLiteral("9000"),
                                       QStringLiteral("--retries"),
                                       QStringLiteral("0"),
                                       QStringLiteral("--jitter"),
                                       QStringLiteral("none"),
                                       QStringLiteral("--backoff-multiplier"),
                                       QStringLiteral("1.5"),
                                       QStringLiteral("--method"),
                                       QStringLiteral("head"),
                                       QStringLiteral("--header"),
                                       QStringLiteral("X-Probe: yes"),
                                       QStringLiteral("--count"),
                                       QStringLiteral("3"),
                                       QStringLiteral("--verbose"),
                                       QStringLiteral("--probe-threads"),
                                       QStringLiteral("5"),
                                       QStringLiteral("--vantage"),
                                       QStringLiteral("eu-1"),
                                       QStringLiteral("http://127.0.0.1:8080/x")});
    QCOMPARE(command.action, CommandLine::Action::RunHeadless);
    const MonitorSettings &monitor = command.headless.monitor;
    QCOMPARE(monitor.intervalMs, 2000);
    QCOMPARE(monitor.probe.inactivityTimeoutMs, 700);
    QCOMPARE(monitor.probe.totalDeadlineMs, 9000);
    QCOMPARE(monitor.retries, 0);
    QCOMPARE(monitor.backoff.jitter, JitterMode::None);
    QCOMPARE(monitor.backoff.multiplier, 1.5);
    QCOMPARE(monitor.probe.method, QByteArray("HEAD"));
    QCOMPARE(headerValue(monitor.probe.headers, "x-probe"), QByteArray("yes"));
    QCOMPARE(monitor.probe.url, QUrl(QStringLiteral("http://127.0.0.1:8080/x")));
    QCOMPARE(command.headless.count, 3);
    QCOMPARE(command.headless.probeThreads, std::optional<int>(5));
    QCOMPARE(probeLaneCount(command.headless), 5);
    QCOMPARE(vantageName(command.headless), QStringLiteral("eu-1"));
    QVERIFY(command.verbose);
    QVERIFY(monitor.validate().isEmpty());

    // Untouched options keep core's defaults.
    const CommandLine plain = parse({QStringLiteral("--headless"), QStringLiteral("http://127.0.0.1:8080/")});
    QCOMPARE(plain.headless.monitor.intervalMs, Limits::intervalMs.fallback);
    QCOMPARE(plain.headless.monitor.retries, Limits::retries.fallback);
    QCOMPARE(plain.headless.monitor.probe.maxBodyBytes, Limits::maxBodyBytes.fallback);
    QVERIFY(!plain.headless.probeThreads);
    QCOMPARE(probeLaneCount(plain.headless), ProbeEngine::defaultLaneCount());
    QCOMPARE(vantageName(plain.headless), QHostInfo::localHostName());
    QVERIFY(ProbeEngine::defaultLaneCount() >= 2 && ProbeEngine::defaultLaneCount() <= 8);
    QVERIFY(!plain.verbose);
}

void TestCommandLine::helpShowsTheDefaultsFromLimits()
{
    const CommandLine command = parse({QStringLiteral("--help")});
    QVERIFY(command.helpText.contains(QStringLiteral("(default %1)").arg(Limits::deadlineMs.fallback)));
    QVERIFY(command.helpText.contains(QStringLiteral("(default %1)").arg(Limits::downIntervalMs.fallback)));
    QVERIFY(command.helpText.contains(QLatin1String("--verbose")));
    QVERIFY(!command.helpText.contains(QLatin1String("<executable_name>")));
    // The exit statuses are listed, from the kinds themselves.
    QVERIFY2(command.helpText.contains(QLatin1String("Exit status of --headless --once:\n  0  ok: ok\n")),
             qPrintable(command.helpText));
    QVERIFY(command.helpText.contains(QLatin1String("  3  unreachable: connection_refused,")));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "TestCommandLine.moc"
