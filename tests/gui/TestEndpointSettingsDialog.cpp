// The settings dialog keeps every field in range and explains what the fields cannot catch alone.
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
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.config().settings.retries, 6);
    QCOMPARE(dialog.config().settings.probe.headers.size(), 2);
    QCOMPARE(dialog.config().name, QStringLiteral("API"));
    QCOMPARE(dialog.config().id, original.id); // an edit keeps the endpoint's identity
}

QTEST_MAIN(TestEndpointSettingsDialog)
#include "TestEndpointSettingsDialog.moc"
