// Every tr() with a count has its English plural forms: "1 check", "2 checks", never "check(s)".
// The strings are read from the sources themselves, so a new one without an entry fails here.
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include "Presentation.h"
#include "Translations.h"

#include "base/Duration.h"

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyCountHasItsPluralForms_data();
    void everyCountHasItsPluralForms();
    void germanIsComplete();
    void qtsOwnWordsAreThere();
    void numbersFollowTheLocale();
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

void TestTranslations::germanIsComplete()
{
    // Every string lupdate found has its German words, built into the app (resources/translations).
    QTranslator german;
    QVERIFY(german.load(QStringLiteral(":/netpulse/i18n/netpulse_de.qm")));
    QFile ts(QStringLiteral(NETPULSE_SOURCE_DIR "/resources/translations/netpulse_de.ts"));
    QVERIFY(ts.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&ts);
    QByteArray context;
    bool numerus = false;
    int checked = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText().toUtf8();
        } else if (xml.name() == QLatin1String("message")) {
            numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (xml.name() == QLatin1String("source")) {
            const QByteArray source = xml.readElementText().toUtf8();
            const QString words = german.translate(context.constData(), source.constData(), nullptr, numerus ? 2 : -1);
            QVERIFY2(!words.isEmpty(), QByteArray(context + ": " + source).constData());
            ++checked;
        }
    }
    QVERIFY(checked > 300);
    QCOMPARE(german.translate("NetPulse::FailureKind", "Connection refused"), QStringLiteral("Verbindung abgelehnt"));
    QCOMPARE(german.translate("NetPulse::MainWindow", "Imported %1: %2"), QStringLiteral("%1 importiert: %2"));
    QCOMPARE(german.translate("NetPulse::EndpointMerge", "%n added (%1)", nullptr, 2),
             QStringLiteral("%n hinzugefügt (%1)"));
}

void TestTranslations::qtsOwnWordsAreThere()
{
    // The dialogs' Cancel and the file dialogs are Qt's words, from Debian's qt6-translations-l10n
    // (installed by scripts/setup.sh, recommended by the .deb): without it "Cancel" stayed English
    // in a German window.
    QTranslator qt;
    QVERIFY2(qt.load(QLocale(QLocale::German), QStringLiteral("qtbase"), QStringLiteral("_"),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath)),
             "qtbase_de.qm is missing: install qt6-translations-l10n");
    QCOMPARE(qt.translate("QPlatformTheme", "Cancel"), QStringLiteral("Abbrechen"));
}

// The window's numbers in the user's own notation, as the spin boxes beside them show it ("6.2 s"
// beside "2,00" in German). The headless mode sets C (app/main.cpp): scripts read its words.
void TestTranslations::numbersFollowTheLocale()
{
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const auto restore = qScopeGuard([&before] { QLocale::setDefault(before); });
    QCOMPARE(NetPulse::durationText(6200), QStringLiteral("6,2 s"));
    QCOMPARE(NetPulse::Presentation::milliseconds(1.5), QStringLiteral("1,5 ms"));
    QCOMPARE(NetPulse::Presentation::milliseconds(0.004), QStringLiteral("< 0,01 ms"));
    QLocale::setDefault(QLocale::c());
    QCOMPARE(NetPulse::durationText(6200), QStringLiteral("6.2 s"));
}

QTEST_MAIN(TestTranslations)
#include "TestTranslations.moc"
