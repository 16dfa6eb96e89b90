#include <QTest>

#include "UrlRows.h"

#include "probe/UrlValidator.h"

using namespace NetPulse;

class TestUrlValidator : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
};

void TestUrlValidator::parse_data()
{
    addUrlRows();
}

void TestUrlValidator::parse()
{
    QFETCH(QString, input);
    QFETCH(QString, expectedUrl);
    QFETCH(QString, errorMentions);
    const UrlValidator::Result result = UrlValidator::parse(input);
    if (expectedUrl.isEmpty()) {
        QVERIFY2(!result.ok(), qPrintable(input));
        QVERIFY2(result.error.contains(errorMentions, Qt::CaseInsensitive), qPrintable(result.error));
        for (const QChar c : result.error) // the message itself is printable, whatever came in
            QVERIFY2(c.category() != QChar::Other_Control, qPrintable(result.error));
        QVERIFY2(!result.error.contains(QLatin1String("hunter2")), qPrintable(result.error));
    } else {
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.url.toString(), expectedUrl);
        QVERIFY(UrlValidator::check(result.url).isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestUrlValidator)
#include "TestUrlValidator.moc"
