// Every tr() with a count has its English plural forms: "1 check", "2 checks", never "check(s)".
// The strings are read from the sources themselves, so a new one without an entry fails here.
#include <QDir>
#include <QRegularExpression>
#include <QTest>

#include "Translations.h"

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyCountHasItsPluralForms_data();
    void everyCountHasItsPluralForms();
};

void TestTranslations::initTestCase()
{
    NetPulse::installTranslations(*QCoreApplication::instance());
}

void TestTranslations::everyCountHasItsPluralForms_data()
{
    QTest::addColumn<QByteArray>("context");
    QTest::addColumn<QByteArray>("source");
    // tr("… %n …", nullptr, count): the context is the class, named after its file.
    static const QRegularExpression numerus(QStringLiteral("tr\\(\"((?:[^\"\\\\]|\\\\.)*%n(?:[^\"\\\\]|\\\\.)*)\""));
    int found = 0;
    for (const char *folder : {"ui", "app"}) {
        const QDir dir(QStringLiteral(NETPULSE_SOURCE_DIR "/") + QLatin1String(folder));
        for (const QString &name : dir.entryList({QStringLiteral("*.cpp")}, QDir::Files)) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(file.readAll());
            const QByteArray context = "NetPulse::" + name.chopped(4).toLatin1();
            for (auto it = numerus.globalMatch(text); it.hasNext();) {
                const QByteArray source = it.next().captured(1).toUtf8();
                QTest::addRow("%s: %s", context.constData(), source.constData()) << context << source;
                ++found;
            }
        }
    }
    QVERIFY(found >= 5); // the scan itself works
}

void TestTranslations::everyCountHasItsPluralForms()
{
    QFETCH(QByteArray, context);
    QFETCH(QByteArray, source);
    const QString one = QCoreApplication::translate(context.constData(), source.constData(), nullptr, 1);
    const QString two = QCoreApplication::translate(context.constData(), source.constData(), nullptr, 2);
    QVERIFY2(!one.contains(QLatin1String("(s)")), qPrintable(one));
    QVERIFY2(!two.contains(QLatin1String("(s)")), qPrintable(two));
    QVERIFY2(one != two, qPrintable(one));
    QVERIFY(one.contains(QLatin1Char('1')));
}

QTEST_MAIN(TestTranslations)
#include "TestTranslations.moc"
