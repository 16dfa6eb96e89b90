// One URL check for every way a URL comes in: typed (UrlValidator, what the window's URL bar and
// settings dialog call), an endpoint file, the command line and the saved settings. Each row of
// UrlRows.h gets the same verdict on every path, and a refusal names the same problem.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "CommandLine.h"
#include "UrlRows.h"

#include "endpoints/EndpointFile.h"
#include "endpoints/EndpointStore.h"
#include "probe/UrlValidator.h"

using namespace NetPulse;

class TestUrlPaths : public QObject
{
    Q_OBJECT

private slots:
    void everyPathAgrees_data();
    void everyPathAgrees();
};

void TestUrlPaths::everyPathAgrees_data()
{
    addUrlRows();
}

void TestUrlPaths::everyPathAgrees()
{
    QFETCH(QString, input);
    QFETCH(QString, expectedUrl);
    QFETCH(QString, errorMentions);
    const bool accepted = !expectedUrl.isEmpty();

    // Typed.
    const UrlValidator::Result typed = UrlValidator::parse(input);
    QCOMPARE(typed.ok(), accepted);

    // An endpoint file.
    QJsonObject endpoint{{QStringLiteral("name"), QStringLiteral("svc")}, {QStringLiteral("url"), input}};
    const QJsonObject root{{QStringLiteral("version"), 1}, {QStringLiteral("endpoints"), QJsonArray{endpoint}}};
    const EndpointFileContents file = EndpointFile::parse(QJsonDocument(root).toJson());
    QCOMPARE(file.ok(), accepted);
    if (accepted) {
        QCOMPARE(file.endpoints.constFirst().settings.probe.url.toString(), expectedUrl);
    } else {
        const QString said = file.errors.constFirst().text();
        QVERIFY2(said.startsWith(QLatin1String("1:")) || said.contains(QLatin1String("svc: url: ")), qPrintable(said));
        QVERIFY2(said.contains(errorMentions, Qt::CaseInsensitive), qPrintable(said));
    }

    // The command line (headless, where a URL is checked before anything runs).
    const CommandLine command =
        CommandLine::parse({QStringLiteral("netpulse"), QStringLiteral("--headless"), QStringLiteral("--once"), input});
    if (input.trimmed().isEmpty()) {
        QCOMPARE(command.action, CommandLine::Action::Error); // "needs a URL"
    } else {
        QCOMPARE(command.action, accepted ? CommandLine::Action::RunHeadless : CommandLine::Action::Error);
        if (accepted)
            QCOMPARE(command.headless.monitor.probe.url.toString(), expectedUrl);
        else
            QVERIFY2(command.error.contains(errorMentions, Qt::CaseInsensitive), qPrintable(command.error));
    }

    // The saved settings: a URL that no longer passes is named and skipped, never probed.
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("netpulse.ini")), QSettings::IniFormat);
    settings.beginWriteArray(QStringLiteral("endpoints"));
    settings.setArrayIndex(0);
    settings.setValue(QStringLiteral("name"), QStringLiteral("svc"));
    settings.setValue(QStringLiteral("url"), input);
    settings.endArray();
    QStringList problems;
    const QList<EndpointConfig> saved = EndpointStore::load(settings, &problems);
    QCOMPARE(saved.size(), accepted ? 1 : 0);
    if (accepted) {
        QCOMPARE(saved.constFirst().settings.probe.url.toString(), expectedUrl);
    } else {
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.constFirst().contains(errorMentions, Qt::CaseInsensitive),
                 qPrintable(problems.join(QLatin1Char(';'))));
    }
}

QTEST_GUILESS_MAIN(TestUrlPaths)
#include "TestUrlPaths.moc"
