// The vantage points dialog (File ▸ Vantage points): the URL's password and header values are never
// shown and survive an edit of the rest; a bad URL, an unsaved masked value or a file that is no
// certificate names itself; Test reads once from a loopback Prometheus and says how many vantage
// points it found, or why it could not; and the settings round-trip through QSettings, damaged
// values named and left out.
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include "FakePrometheus.h"
#include "FreePort.h"
#include "Translations.h"
#include "VantageSettingsDialog.h"

#include "vantage/VantageSettings.h"

using namespace NetPulse;

class TestVantageSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void secretsAreNeverShown();
    void badFieldsNameThemselves_data();
    void badFieldsNameThemselves();
    void testSaysWhatPrometheusHas_data();
    void testSaysWhatPrometheusHas();
    void settingsRoundTrip();
};

namespace {

VantageSource saved()
{
    VantageSource source;
    source.url = QUrl(QStringLiteral("https://reader:pa55word@prometheus.example:9090"));
    source.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer very-secret")));
    source.refreshS = 30;
    return source;
}

template<typename T>
T *child(QWidget &parent, const char *name)
{
    T *widget = parent.findChild<T *>(QLatin1String(name));
    Q_ASSERT(widget);
    return widget;
}

bool showsSecret(QWidget &dialog)
{
    for (QLineEdit *edit : dialog.findChildren<QLineEdit *>())
        if (edit->text().contains(QLatin1String("pa55word")) || edit->text().contains(QLatin1String("very-secret")))
            return true;
    for (QLabel *label : dialog.findChildren<QLabel *>())
        if (label->text().contains(QLatin1String("pa55word")) || label->text().contains(QLatin1String("very-secret")))
            return true;
    return dialog.findChild<QPlainTextEdit *>()->toPlainText().contains(QLatin1String("very-secret"));
}

} // namespace

void TestVantageSettingsDialog::initTestCase()
{
    installTranslations(*QCoreApplication::instance()); // English plurals, as the app says them
}

void TestVantageSettingsDialog::secretsAreNeverShown()
{
    VantageSettingsDialog dialog(saved(), QStringLiteral("laptop"), false);
    QCOMPARE(child<QLineEdit>(dialog, "vantagesUrlEdit")->text(),
             QStringLiteral("https://reader:***@prometheus.example:9090"));
    QCOMPARE(child<QPlainTextEdit>(dialog, "vantagesHeadersEdit")->toPlainText(), QStringLiteral("Authorization: ***"));
    QCOMPARE(child<QSpinBox>(dialog, "vantagesEverySpin")->value(), 30);
    QVERIFY(!showsSecret(dialog));
    QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("vantagesOverridden")));

    // Another interval and a new header, the masked ones untouched: the saved secrets stay.
    child<QSpinBox>(dialog, "vantagesEverySpin")->setValue(60);
    child<QPlainTextEdit>(dialog, "vantagesHeadersEdit")
        ->setPlainText(QStringLiteral("Authorization: ***\nX-Team: sre"));
    VantageSource next;
    QCOMPARE(dialog.read(&next), QString());
    QCOMPARE(next.url, saved().url);
    QCOMPARE(next.refreshS, 60);
    QCOMPARE(next.headers.size(), 2);
    QCOMPARE(next.headers.at(0).second, QByteArray("Bearer very-secret"));
    QCOMPARE(next.headers.at(1), qMakePair(QByteArray("X-Team"), QByteArray("sre")));

    VantageSettingsDialog overridden(saved(), QStringLiteral("laptop"), true);
    QVERIFY(overridden.findChild<QLabel *>(QStringLiteral("vantagesOverridden")));
}

void TestVantageSettingsDialog::badFieldsNameThemselves_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("headers");
    QTest::addColumn<QString>("ca");
    QTest::addColumn<QString>("problem");
    QTest::newRow("not a URL") << QStringLiteral("prometheus:9090 please") << QString() << QString()
                               << QStringLiteral("Prometheus:");
    QTest::newRow("ftp") << QStringLiteral("ftp://prometheus.example") << QString() << QString()
                         << QStringLiteral("Prometheus:");
    QTest::newRow("masked password for another user")
        << QStringLiteral("https://other:***@prometheus.example:9090") << QString() << QString()
        << QStringLiteral("no password is saved for this user and server");
    QTest::newRow("masked password for another server")
        << QStringLiteral("https://reader:***@elsewhere.example:9090") << QString() << QString()
        << QStringLiteral("no password is saved for this user and server");
    QTest::newRow("masked token for another server")
        << QStringLiteral("https://reader:typed@elsewhere.example:9090") << QStringLiteral("Authorization: ***")
        << QString()
        << QStringLiteral(
               "Authorization's saved value was given for https://***@prometheus.example:9090, not this server");
    QTest::newRow("a header without a value")
        << QString() << QStringLiteral("Authorization") << QString() << QStringLiteral("Headers:");
    QTest::newRow("a masked header never saved") << QString() << QStringLiteral("X-Token: ***") << QString()
                                                 << QStringLiteral("X-Token shows as *** but has no saved value");
    QTest::newRow("a CA file that is not one")
        << QString() << QString() << QStringLiteral(__FILE__) << QStringLiteral("holds no PEM certificate");
}

void TestVantageSettingsDialog::badFieldsNameThemselves()
{
    QFETCH(QString, url);
    QFETCH(QString, headers);
    QFETCH(QString, ca);
    QFETCH(QString, problem);
    VantageSettingsDialog dialog(saved(), QStringLiteral("laptop"), false);
    if (!url.isEmpty())
        child<QLineEdit>(dialog, "vantagesUrlEdit")->setText(url);
    if (!headers.isEmpty())
        child<QPlainTextEdit>(dialog, "vantagesHeadersEdit")->setPlainText(headers);
    child<QLineEdit>(dialog, "vantagesCaEdit")->setText(ca);
    dialog.show();
    dialog.accept(); // stays open and says why
    QVERIFY(dialog.isVisible());
    QLabel *said = child<QLabel>(dialog, "vantagesProblem");
    QVERIFY(said->isVisible());
    QVERIFY2(said->text().contains(problem), qPrintable(said->text()));
    QVERIFY(!showsSecret(dialog));
    QCOMPARE(dialog.source().url, saved().url); // nothing taken
}

void TestVantageSettingsDialog::testSaysWhatPrometheusHas_data()
{
    QTest::addColumn<QString>("mode"); // FakePrometheus' mode; "refused": nothing listens
    QTest::addColumn<QString>("said");
    QTest::newRow("two vantages") << QStringLiteral("two") << QStringLiteral(": 2 other vantage points on 1 URL.");
    QTest::newRow("none yet") << QStringLiteral("ok") << QStringLiteral("no other vantage point's verdicts");
    QTest::newRow("a redirect") << QStringLiteral("redirect") << QStringLiteral("which is not followed");
    QTest::newRow("nothing listening") << QStringLiteral("refused") << QStringLiteral("cannot be reached");
}

void TestVantageSettingsDialog::testSaysWhatPrometheusHas()
{
    QFETCH(QString, mode);
    QFETCH(QString, said);
    FakePrometheus prometheus;
    QVERIFY(prometheus.listen(QHostAddress::LocalHost));
    if (mode == QLatin1String("two")) {
        QFile answer(QFINDTESTDATA("data/vantage/two-vantages.json"));
        QVERIFY(answer.open(QIODevice::ReadOnly));
        prometheus.answerBody = answer.readAll();
    } else {
        prometheus.mode = mode;
    }
    const quint16 port = mode == QLatin1String("refused") ? freePort() : prometheus.serverPort();
    VantageSettingsDialog dialog(VantageSource(), QStringLiteral("laptop"), false);
    child<QLineEdit>(dialog, "vantagesUrlEdit")->setText(QStringLiteral("http://127.0.0.1:%1").arg(port));
    child<QPlainTextEdit>(dialog, "vantagesHeadersEdit")->setPlainText(QStringLiteral("Authorization: Bearer tok3n"));
    QPushButton *test = child<QPushButton>(dialog, "vantagesTestButton");
    QLabel *result = child<QLabel>(dialog, "vantagesTestResult");
    test->click();
    QVERIFY(!test->isEnabled()); // one reading at a time
    QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 10000);
    QVERIFY2(result->text().contains(said), qPrintable(result->text()));
    QVERIFY(!result->text().contains(QLatin1String("tok3n")));
    if (mode != QLatin1String("refused"))
        QVERIFY(prometheus.requests.value(0).contains("Authorization: Bearer tok3n"));
    QCOMPARE(dialog.source().url, QUrl()); // a test saves nothing
}

void TestVantageSettingsDialog::settingsRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("netpulse.ini"));
    {
        QSettings settings(path, QSettings::IniFormat);
        VantageSettings::save(saved(), &settings);
    }
    QSettings settings(path, QSettings::IniFormat);
    QStringList problems;
    QVERIFY(VantageSettings::same(VantageSettings::load(&settings, &problems), saved()));
    QVERIFY(problems.isEmpty());

    // Damaged by hand: each value named (never a secret) and left out; the rest read.
    settings.setValue(QStringLiteral("vantages/url"), QStringLiteral("gopher://x:hunter2@host"));
    settings.setValue(QStringLiteral("vantages/headers"),
                      QStringList{QStringLiteral("no colon here"), QStringLiteral("X-Team: sre")});
    settings.setValue(QStringLiteral("vantages/ca_file"), dir.filePath(QStringLiteral("absent.pem")));
    settings.setValue(QStringLiteral("vantages/every_s"), QStringLiteral("often"));
    const VantageSource damaged = VantageSettings::load(&settings, &problems);
    QCOMPARE(problems.size(), 4);
    QVERIFY(!problems.join(QLatin1Char(' ')).contains(QLatin1String("hunter2")));
    QVERIFY(!damaged.isValid());
    QCOMPARE(damaged.headers.size(), 1);
    QCOMPARE(damaged.caFile, QString());
    QCOMPARE(damaged.refreshS, 15);
}

QTEST_MAIN(TestVantageSettingsDialog)
#include "TestVantageSettingsDialog.moc"
