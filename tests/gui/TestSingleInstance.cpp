// One profile, one writer, with real processes: a second launch on a profile hands its request to
// the window that holds it and exits; nothing either asked for is lost; a headless run beside it is
// refused; a holder killed with SIGKILL leaves a profile the next launch takes over; and reports go
// out once per failure, from the one writer.
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QLocalSocket>
#include <QProcess>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "ReportReceiver.h"
#include "ThreadedFaultServer.h"

#include "base/ProfileLock.h"

using namespace NetPulse;

class TestSingleInstance : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void secondLaunchHandsOverAndNothingIsLost();
    void killedHolderIsTakenOver();
    void reportsGoOutOncePerFailure();
    void anOutageGoesOnAfterKillNine();

private:
    struct Launch
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    QProcessEnvironment environment(const QTemporaryDir &home) const;
    // Starts the window that will hold the profile, and waits until it takes hand-overs.
    bool startHolder(QProcess *holder, const QTemporaryDir &home, const QStringList &arguments);
    Launch launch(const QTemporaryDir &home, const QStringList &arguments);
    static QString profileOf(const QTemporaryDir &home) { return home.filePath(QStringLiteral("data/netpulse")); }

    ThreadedFaultServer m_server; // answers while this thread waits for a launch to finish
    QString m_netpulse;
    QString m_window;
};

void TestSingleInstance::initTestCase()
{
    QVERIFY(m_server.start());
    m_netpulse = QStringLiteral(NETPULSE_BIN_DIR "/netpulse");
    m_window = QStringLiteral(NETPULSE_BIN_DIR "/netpulse-window");
    QVERIFY2(QFile::exists(m_window), qPrintable(m_window));
}

QProcessEnvironment TestSingleInstance::environment(const QTemporaryDir &home) const
{
    // Every launch of one test shares a profile made for it, never the real home's.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // The answers compared below are the English ones, whatever this desktop speaks.
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    environment.remove(QStringLiteral("LANGUAGE"));
    return environment;
}

bool TestSingleInstance::startHolder(QProcess *holder, const QTemporaryDir &home, const QStringList &arguments)
{
    holder->setProcessEnvironment(environment(home));
    holder->start(m_window, arguments);
    if (!holder->waitForStarted())
        return false;
    // Ready when its hand-over socket answers: the name every launch on this profile computes.
    const QString channel = ProfileLock(profileOf(home)).channelName();
    QLocalSocket probe;
    // Another process comes up; there is no signal here to wait on, only its socket.
    for (QDeadlineTimer ready(30000); !ready.hasExpired(); QTest::qWait(50)) { // sleep-ok: polls a condition
        if (holder->state() != QProcess::Running)
            return false;
        probe.connectToServer(channel);
        if (probe.waitForConnected(1000)) {
            probe.abort();
            return true;
        }
    }
    return false;
}

TestSingleInstance::Launch TestSingleInstance::launch(const QTemporaryDir &home, const QStringList &arguments)
{
    QProcess process;
    process.setProcessEnvironment(environment(home));
    // Waited for with the event loop running: the report receiver and the fault server of this
    // thread go on answering the holder meanwhile.
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(arguments.value(0) == QLatin1String("--headless") ? m_netpulse : m_window, arguments);
    Launch launch;
    if (!finished.wait(60000)) {
        process.kill();
        process.waitForFinished();
        return launch;
    }
    launch.exitCode = process.exitCode();
    launch.out = process.readAllStandardOutput();
    launch.err = process.readAllStandardError();
    return launch;
}

void TestSingleInstance::secondLaunchHandsOverAndNothingIsLost()
{
    QTemporaryDir home;
    const QString first = m_server->url(QStringLiteral("/ok")).toString();
    const QString second = m_server->url(QStringLiteral("/status/503")).toString();
    QProcess holder;
    QVERIFY(startHolder(&holder, home, QStringList{first}));

    // The second launch hands its URL over, says so and leaves (exit 0).
    const Launch handed = launch(home, QStringList{second});
    QCOMPARE(handed.exitCode, 0);
    QVERIFY2(handed.out.contains("already runs on this profile") && handed.out.contains("added"),
             QByteArray(handed.out + handed.err).constData());
    // Again: not added twice.
    const Launch again = launch(home, QStringList{second});
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.contains("is already watched"), QByteArray(again.out + again.err).constData());
    // An endpoint file to import, by a relative path from the later launch's folder.
    QFile file(home.filePath(QStringLiteral("team.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(R"({"version": 1, "endpoints": [{"name": "team api", "url": "%1"}]})")
                   .arg(m_server->url(QStringLiteral("/a")).toString())
                   .toUtf8());
    file.close();
    QProcess importer;
    importer.setProcessEnvironment(environment(home));
    importer.setWorkingDirectory(home.path());
    QSignalSpy imported(&importer, &QProcess::finished);
    importer.start(m_window, {QStringLiteral("--import"), QStringLiteral("team.json")});
    QVERIFY(imported.wait(60000));
    QCOMPARE(importer.exitCode(), 0);
    QVERIFY2(importer.readAllStandardOutput().contains("1 added (team api)"),
             importer.readAllStandardError().constData());

    // A headless run that would write the same history is refused, and says how to run beside it.
    const Launch headless = launch(home, {QStringLiteral("--headless"), QStringLiteral("--once"), first});
    QCOMPARE(headless.exitCode, 2);
    QVERIFY2(headless.err.contains("is in use by another NetPulse") && headless.err.contains("--data-dir"),
             headless.err.constData());
    QTemporaryDir own;
    const Launch beside = launch(home, {QStringLiteral("--headless"), QStringLiteral("--once"),
                                        QStringLiteral("--data-dir"), own.path(), first});
    QCOMPARE(beside.exitCode, 0);

    // Only the holder wrote the settings, and they hold all three.
    const QString ini = home.filePath(QStringLiteral("config/netpulse/netpulse.ini"));
    QTRY_VERIFY_WITH_TIMEOUT(QSettings(ini, QSettings::IniFormat).value(QStringLiteral("endpoints/size")).toInt() == 3,
                             15000);
    holder.terminate();
    QVERIFY(holder.waitForFinished(30000));
    QSettings saved(ini, QSettings::IniFormat);
    QStringList urls;
    const int count = saved.beginReadArray(QStringLiteral("endpoints"));
    for (int i = 0; i < count; ++i) {
        saved.setArrayIndex(i);
        urls << saved.value(QStringLiteral("url")).toString();
    }
    saved.endArray();
    QCOMPARE(urls, (QStringList{first, second, m_server->url(QStringLiteral("/a")).toString()}));
}

void TestSingleInstance::killedHolderIsTakenOver()
{
    QTemporaryDir home;
    QProcess holder;
    QVERIFY(startHolder(&holder, home, QStringList{m_server->url(QStringLiteral("/ok")).toString()}));
    holder.kill(); // its lock and socket stay behind
    QVERIFY(holder.waitForFinished(30000));
    QVERIFY(QFile::exists(profileOf(home) + QStringLiteral("/profile.lock")));

    // The next launch sees a holder that is gone and becomes the window itself.
    QProcess next;
    QVERIFY(startHolder(&next, home, QStringList()));
    const Launch handed = launch(home, QStringList{m_server->url(QStringLiteral("/status/503")).toString()});
    QCOMPARE(handed.exitCode, 0);
    QVERIFY2(handed.out.contains(QByteArray::number(next.processId())),
             QByteArray(handed.out + handed.err).constData());
    next.terminate();
    QVERIFY(next.waitForFinished(30000));
}

void TestSingleInstance::reportsGoOutOncePerFailure()
{
    QTemporaryDir home;
    ReportReceiver receiver;
    QVERIFY(receiver.listen());
    const QStringList arguments{QStringLiteral("--report-url"), receiver.url().toString(),
                                m_server->refusedUrl().toString()};
    QProcess holder;
    QVERIFY(startHolder(&holder, home, arguments));
    // The same launch again: before, both sent every failure under ids of their own.
    for (int i = 0; i < 2; ++i)
        QCOMPARE(launch(home, arguments).exitCode, 0);
    QTRY_VERIFY_WITH_TIMEOUT(receiver.acceptedEvents.size() >= 6, 60000);
    holder.terminate();
    QVERIFY(holder.waitForFinished(30000));
    QSet<QString> ids;
    QSet<QString> moments;
    for (const QJsonObject &event : std::as_const(receiver.acceptedEvents)) {
        const QString id = event.value(QStringLiteral("id")).toString();
        QVERIFY2(!ids.contains(id), qPrintable(id));
        ids.insert(id);
        // One writer: one event per type and moment.
        const QString moment =
            event.value(QStringLiteral("type")).toString() + event.value(QStringLiteral("time")).toString();
        QVERIFY2(!moments.contains(moment), qPrintable(moment));
        moments.insert(moment);
    }
}

// The window is killed with SIGKILL while an endpoint is down and started again: the outage goes on.
// Seen from the report backend: one "down" state change for the whole outage, though each run
// reports its own failed checks.
void TestSingleInstance::anOutageGoesOnAfterKillNine()
{
    QTemporaryDir home;
    ReportReceiver receiver;
    QVERIFY(receiver.listen());
    QFile file(home.filePath(QStringLiteral("down.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(
        QStringLiteral(R"({"version": 1, "defaults": {"retries": 0, "interval_ms": 2000, "down_interval_ms": 2000},
 "endpoints": [{"name": "refusing", "url": "%1"}]})")
            .arg(m_server->refusedUrl().toString())
            .toUtf8());
    file.close();
    const QStringList arguments{QStringLiteral("--config"), file.fileName(), QStringLiteral("--report-url"),
                                receiver.url().toString()};
    auto count = [&receiver](const char *type, const QString &state = QString()) {
        int found = 0;
        for (const QJsonObject &event : std::as_const(receiver.acceptedEvents)) {
            const QJsonObject data = event.value(QStringLiteral("data")).toObject();
            if (event.value(QStringLiteral("type")).toString() == QLatin1String(type) &&
                (state.isEmpty() || data.value(QStringLiteral("state")).toString() == state))
                ++found;
        }
        return found;
    };
    QProcess first;
    QVERIFY(startHolder(&first, home, arguments));
    QTRY_COMPARE_WITH_TIMEOUT(count("dev.netpulse.endpoint.state_changed", QStringLiteral("down")), 1, 30000);
    // The history writes in batches every 250 ms: the state change is in the file once a later
    // check is reported.
    const int failedBefore = count("dev.netpulse.probe.failed");
    QTRY_VERIFY_WITH_TIMEOUT(count("dev.netpulse.probe.failed") > failedBefore, 30000);
    first.kill();
    QVERIFY(first.waitForFinished(30000));

    const int failedAtKill = count("dev.netpulse.probe.failed");
    QProcess second;
    QVERIFY(startHolder(&second, home, arguments));
    // Two checks of the second run reported: a state change of its first would be in the same batch
    // or an earlier one.
    QTRY_VERIFY_WITH_TIMEOUT(count("dev.netpulse.probe.failed") >= failedAtKill + 2, 30000);
    second.terminate();
    QVERIFY(second.waitForFinished(30000));
    QCOMPARE(count("dev.netpulse.endpoint.state_changed", QStringLiteral("down")), 1);
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "TestSingleInstance.moc"
