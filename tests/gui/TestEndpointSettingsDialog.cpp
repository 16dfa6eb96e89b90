// The settings dialog keeps every field in range and explains what the fields cannot catch alone.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonValue>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTest>

#include "EndpointSettingsDialog.h"

using namespace NetPulse;

class TestEndpointSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void fieldsAreLimitedToTheirRanges();
    void problemsKeepTheDialogOpen_data();
    void problemsKeepTheDialogOpen();
    void goodSettingsComeBack();
    void typedValuesOutOfRangeAreCorrectedAloud_data();
    void typedValuesOutOfRangeAreCorrectedAloud();
    void demoEndpointsSayTheyAreNotSaved();
    void aNoteGoesWhenTheFieldIsEditedAgain();
    void checksTabReadsAndKeepsTheChecks();
    void jitterIsShownInWordsAndKept();

private:
    static EndpointConfig sample()
    {
        EndpointConfig config;
        config.name = QStringLiteral("API");
        config.settings.probe.url = QUrl(QStringLiteral("http://127.0.0.1:8080/health"));
        return config;
    }
};

void TestEndpointSettingsDialog::fieldsAreLimitedToTheirRanges()
{
    EndpointSettingsDialog dialog(sample());
    auto *timeout = dialog.findChild<QSpinBox *>(QStringLiteral("timeoutSpin"));
    timeout->setValue(0); // a timeout of 0 cannot be entered: it would not mean "never"
    QCOMPARE(timeout->value(), Limits::timeoutMs.low);
    auto *retries = dialog.findChild<QSpinBox *>(QStringLiteral("retriesSpin"));
    retries->setValue(-3);
    QCOMPARE(retries->value(), 0);
    retries->setValue(100000);
    QCOMPARE(retries->value(), 100);
}

void TestEndpointSettingsDialog::problemsKeepTheDialogOpen_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problem");
    QTest::newRow("bad URL") << "settingsUrlEdit"
                             << "ftp://x/"
                             << "unsupported scheme";
    QTest::newRow("bad header") << "headersEdit"
                                << "Accept application/json"
                                << "Headers:";
    QTest::newRow("deadline under timeout") << "deadlineSpin"
                                            << "100"
                                            << "must not be shorter than the timeout";
    QTest::newRow("page origin with a path") << "pageOriginEdit"
                                             << "http://localhost:3000/app"
                                             << "Called from a page: page origin";
}

void TestEndpointSettingsDialog::problemsKeepTheDialogOpen()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, problem);
    EndpointSettingsDialog dialog(sample());
    dialog.show();
    if (auto *line = dialog.findChild<QLineEdit *>(field))
        line->setText(value);
    else if (auto *text = dialog.findChild<QPlainTextEdit *>(field))
        text->setPlainText(value);
    else
        dialog.findChild<QSpinBox *>(field)->setValue(value.toInt());
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), 0);
    auto *label = dialog.findChild<QLabel *>(QStringLiteral("settingsProblem"));
    QVERIFY(label->isVisible());
    QVERIFY2(label->text().contains(problem), qPrintable(label->text()));
}

void TestEndpointSettingsDialog::goodSettingsComeBack()
{
    const EndpointConfig original = sample();
    EndpointSettingsDialog dialog(original);
    dialog.findChild<QSpinBox *>(QStringLiteral("retriesSpin"))->setValue(6);
    dialog.findChild<QPlainTextEdit *>(QStringLiteral("headersEdit"))->setPlainText(QStringLiteral("X-A: 1\nX-B: 2"));
    dialog.findChild<QLineEdit *>(QStringLiteral("pageOriginEdit"))->setText(QStringLiteral(" http://localhost:3000 "));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.config().settings.retries, 6);
    QCOMPARE(dialog.config().settings.probe.headers.size(), 2);
    QCOMPARE(dialog.config().settings.probe.pageOrigin, QStringLiteral("http://localhost:3000"));
    QCOMPARE(dialog.config().name, QStringLiteral("API"));
    QCOMPARE(dialog.config().id, original.id); // an edit keeps the endpoint's identity
}

void TestEndpointSettingsDialog::typedValuesOutOfRangeAreCorrectedAloud_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<double>("kept");
    QTest::addColumn<QString>("said");
    QTest::newRow("interval below") << "intervalSpin"
                                    << "50" << double(Limits::intervalMs.low)
                                    << QStringLiteral("50 ms is below the minimum: set to 100 ms.");
    // Qt's own box would refuse the last 0 and keep "50" without a word.
    QTest::newRow("retries above") << "retriesSpin"
                                   << "500" << double(Limits::retries.high)
                                   << QStringLiteral("500 is above the maximum: set to 100.");
    QTest::newRow("negative growth") << "multiplierSpin"
                                     << "-2" << Limits::backoffMultiplier.low
                                     << QStringLiteral("-2 is below the minimum: set to 1.");
}

void TestEndpointSettingsDialog::typedValuesOutOfRangeAreCorrectedAloud()
{
    QFETCH(QString, field);
    QFETCH(QString, typed);
    QFETCH(double, kept);
    QFETCH(QString, said);
    EndpointSettingsDialog dialog(sample());
    dialog.show();
    auto *box = dialog.findChild<QAbstractSpinBox *>(field);
    QVERIFY(box);
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, typed);
    auto *note = dialog.findChild<QLabel *>(field + QStringLiteral("Note"));
    QVERIFY(note);
    QCOMPARE(note->text(), QString());
    // The note sits beside its field: the fields below do not move when it appears.
    auto *below = dialog.findChild<QWidget *>(QStringLiteral("headersEdit"));
    const int belowAt = below->mapTo(&dialog, QPoint(0, 0)).y();
    // OK with the value still typed: corrected at its field, and the dialog stays open to say so.
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), 0);
    QVERIFY(note->isVisible());
    QCOMPARE(note->text(), said);
    QCOMPARE(below->mapTo(&dialog, QPoint(0, 0)).y(), belowAt);
    if (auto *whole = qobject_cast<QSpinBox *>(box))
        QCOMPARE(double(whole->value()), kept);
    else
        QCOMPARE(qobject_cast<QDoubleSpinBox *>(box)->value(), kept);
    // Read, then OK again: applied as shown.
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestEndpointSettingsDialog::aNoteGoesWhenTheFieldIsEditedAgain()
{
    EndpointSettingsDialog dialog(sample());
    dialog.show();
    auto *box = dialog.findChild<QSpinBox *>(QStringLiteral("intervalSpin"));
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, QStringLiteral("50"));
    dialog.accept(); // corrected, said
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("intervalSpinNote"));
    QVERIFY(!note->text().isEmpty());
    box->selectAll();
    QTest::keyClicks(box, QStringLiteral("250"));
    QCOMPARE(note->text(), QString());
}

void TestEndpointSettingsDialog::demoEndpointsSayTheyAreNotSaved()
{
    EndpointConfig demo = sample();
    demo.demo = true;
    EndpointSettingsDialog dialog(demo);
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("demoNote"));
    QVERIFY(note);
    QVERIFY(note->text().contains(QLatin1String("not saved")));
    EndpointSettingsDialog mine(sample());
    QVERIFY(!mine.findChild<QLabel *>(QStringLiteral("demoNote")));
}

void TestEndpointSettingsDialog::checksTabReadsAndKeepsTheChecks()
{
    EndpointConfig original = sample();
    // An "equals" header check from a file: the tab shows it as a header, and keeps it untouched.
    original.settings.probe.checks.headerName = "X-Version";
    original.settings.probe.checks.headerEquals = QStringLiteral("2");
    EndpointSettingsDialog dialog(original);
    auto edit = [&dialog](const char *name) { return dialog.findChild<QLineEdit *>(QLatin1String(name)); };
    edit("expectStatusEdit")->setText(QStringLiteral("200, 204-206"));
    edit("expectBodyEdit")->setText(QStringLiteral("ready"));
    edit("expectJsonEdit")->setText(QStringLiteral("/db/ok = true"));
    dialog.findChild<QSpinBox *>(QStringLiteral("expectMaxMsSpin"))->setValue(800);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const ResponseChecks &checks = dialog.config().settings.probe.checks;
    QCOMPARE(ResponseChecks::statusesText(checks.statuses), QStringLiteral("200, 204-206"));
    QCOMPARE(checks.bodyContains, QStringLiteral("ready"));
    QCOMPARE(checks.jsonPath, QStringLiteral("/db/ok"));
    QCOMPARE(checks.jsonEquals, QJsonValue(true)); // a JSON value, not the text "true"
    QCOMPARE(checks.maxMs, 800);
    QCOMPARE(checks.headerEquals, QStringLiteral("2"));

    // A bad status list keeps the dialog open and says so.
    EndpointSettingsDialog bad(original);
    bad.show();
    bad.findChild<QLineEdit *>(QStringLiteral("expectStatusEdit"))->setText(QStringLiteral("20x"));
    bad.accept();
    QVERIFY(bad.isVisible());
    QVERIFY(
        bad.findChild<QLabel *>(QStringLiteral("settingsProblem"))->text().startsWith(QLatin1String("Status codes:")));
}

// The jitter in words ("full" stood untranslated in German), its file name behind them.
void TestEndpointSettingsDialog::jitterIsShownInWordsAndKept()
{
    EndpointConfig config = sample();
    config.settings.backoff.jitter = JitterMode::Decorrelated;
    EndpointSettingsDialog dialog(config);
    auto *jitter = dialog.findChild<QComboBox *>(QStringLiteral("jitterCombo"));
    QVERIFY(jitter);
    QCOMPARE(jitter->currentText(), QStringLiteral("Decorrelated"));
    QCOMPARE(jitter->currentData().toString(), QStringLiteral("decorrelated"));
    jitter->setCurrentIndex(jitter->findData(QStringLiteral("equal")));
    QCOMPARE(jitter->currentText(), QStringLiteral("Equal"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.config().settings.backoff.jitter, JitterMode::Equal);
}

QTEST_MAIN(TestEndpointSettingsDialog)
#include "TestEndpointSettingsDialog.moc"
