// The reports-and-alerts dialog: header values are never shown and survive an edit of the rest;
// a bad URL names itself and keeps the dialog open; settings round-trip through QSettings.
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "ReportSettingsDialog.h"

using namespace NetPulse;

class TestReportSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void headerValuesAreNeverShown();
    void badUrlNamesItself();
    void settingsRoundTrip();
};

namespace {

ReportSettings saved()
{
    ReportSettings settings;
    settings.reports.url = QUrl(QStringLiteral("https://backend.example/events"));
    settings.reports.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer very-secret")));
    settings.alerts.headers = settings.reports.headers;
    return settings;
}

template<typename T>
T *child(QWidget &parent, const char *name)
{
    T *widget = parent.findChild<T *>(QLatin1String(name));
    Q_ASSERT(widget);
    return widget;
}

} // namespace

void TestReportSettingsDialog::headerValuesAreNeverShown()
{
    ReportSettingsDialog dialog(saved(), 3, false);
    auto *headers = child<QPlainTextEdit>(dialog, "reportHeadersEdit");
    QCOMPARE(headers->toPlainText(), QStringLiteral("Authorization: ***"));
    for (QLabel *label : dialog.findChildren<QLabel *>())
        QVERIFY(!label->text().contains(QLatin1String("very-secret")));
    QVERIFY(child<QLabel>(dialog, "reportState")->text().contains(QLatin1String("3 report")));

    // Another URL, the masked header untouched: the saved value stays; a new header is taken as typed.
    child<QLineEdit>(dialog, "alertmanagerUrlEdit")->setText(QStringLiteral("http://127.0.0.1:9093"));
    headers->setPlainText(QStringLiteral("Authorization: ***\nX-Team: payments"));
    QCOMPARE(dialog.apply(), QString());
    const ReportSettings next = dialog.settings();
    QCOMPARE(next.alerts.url, QUrl(QStringLiteral("http://127.0.0.1:9093")));
    QCOMPARE(next.reports.headers.size(), 2);
    QCOMPARE(next.reports.headers.at(0).second, QByteArray("Bearer very-secret"));
    QCOMPARE(next.alerts.headers, next.reports.headers);
    // *** for a header that has no saved value is a mistake, said.
    headers->setPlainText(QStringLiteral("X-Other: ***"));
    QVERIFY(dialog.apply().contains(QLatin1String("X-Other")));
}

void TestReportSettingsDialog::badUrlNamesItself()
{
    ReportSettingsDialog dialog(ReportSettings(), 0, false);
    child<QLineEdit>(dialog, "reportUrlEdit")->setText(QStringLiteral("ftp://backend.example/x"));
    dialog.show();
    dialog.accept();
    QVERIFY(dialog.isVisible()); // stays open
    auto *problem = child<QLabel>(dialog, "reportSettingsProblem");
    QVERIFY(!problem->isHidden());
    QVERIFY2(problem->text().contains(QLatin1String("Report URL")), qPrintable(problem->text()));
    QVERIFY(problem->text().contains(QLatin1String("http")));
}

void TestReportSettingsDialog::settingsRoundTrip()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("netpulse.ini"));
    {
        QSettings settings(file, QSettings::IniFormat);
        saved().save(&settings);
        settings.setValue(QStringLiteral("alerts/url"), QStringLiteral("not a url at all"));
    }
    QSettings settings(file, QSettings::IniFormat);
    QStringList problems;
    const ReportSettings loaded = ReportSettings::load(&settings, &problems);
    QCOMPARE(loaded.reports.url, saved().reports.url);
    QCOMPARE(loaded.reports.headers, saved().reports.headers);
    QVERIFY(!loaded.alerts.isValid());
    QCOMPARE(problems.size(), 1); // the bad URL is named, the rest is used
    QVERIFY(problems.first().contains(QLatin1String("alerts/url")));
}

QTEST_MAIN(TestReportSettingsDialog)
#include "TestReportSettingsDialog.moc"
