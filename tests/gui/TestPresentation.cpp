// The tones every view draws with (the sidebar's state line, the banner's title, the event log's
// rows, the tray's dot): readable in the palette the window is drawn with, light, dark or high
// contrast, on the list's base, the window and the tone's own background (WCAG AA, 4.5:1 for text).
#include <memory>

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>

#include "Presentation.h"
#include "Theme.h"

using namespace NetPulse;

namespace {

QPalette fusionPalette()
{
    static const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    return fusion->standardPalette();
}

QPalette palette(const QColor &base, const QColor &window, const QColor &text)
{
    QPalette p = fusionPalette();
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, base);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::WindowText, text);
    return p;
}

const Presentation::Tone kTones[] = {Presentation::Tone::Good, Presentation::Tone::Warning, Presentation::Tone::Bad,
                                     Presentation::Tone::Neutral};

QString toneName(Presentation::Tone tone)
{
    switch (tone) {
    case Presentation::Tone::Good:
        return QStringLiteral("good");
    case Presentation::Tone::Warning:
        return QStringLiteral("warning");
    case Presentation::Tone::Bad:
        return QStringLiteral("bad");
    case Presentation::Tone::Neutral:
        break;
    }
    return QStringLiteral("neutral");
}

} // namespace

class TestPresentation : public QObject
{
    Q_OBJECT

private slots:
    void tonesReadOnEveryPalette_data();
    void tonesReadOnEveryPalette();
    void theWindowFollowsTheApplicationsPalette();
    void uptimesAreWrittenOneWay_data();
    void uptimesAreWrittenOneWay();
    void clockTimesFollowTheLocale_data();
    void clockTimesFollowTheLocale();
};

void TestPresentation::tonesReadOnEveryPalette_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::addColumn<bool>("dark");
    QTest::newRow("light (Fusion)") << fusionPalette() << false;
    QTest::newRow("light, white base") << palette(Qt::white, QColor(0xef, 0xef, 0xef), Qt::black) << false;
    QTest::newRow("dark") << palette(QColor(0x2a, 0x2a, 0x2a), QColor(0x35, 0x35, 0x35), QColor(0xe0, 0xe0, 0xe0))
                          << true;
    QTest::newRow("dark, lighter window")
        << palette(QColor(0x1e, 0x1e, 0x1e), QColor(0x3c, 0x3f, 0x41), QColor(0xdd, 0xdd, 0xdd)) << true;
    QTest::newRow("high contrast, white on black") << palette(Qt::black, Qt::black, Qt::white) << true;
    QTest::newRow("high contrast, black on white") << palette(Qt::white, Qt::white, Qt::black) << false;
    QTest::newRow("--theme dark") << Theme::palette(QStringLiteral("dark")) << true;
    QTest::newRow("--theme high-contrast") << Theme::palette(QStringLiteral("high-contrast")) << true;
    QTest::newRow("--theme light") << Theme::palette(QStringLiteral("light")) << false;
    QTest::newRow("mid grey") << palette(QColor(0x90, 0x90, 0x90), QColor(0x90, 0x90, 0x90), Qt::black) << false;
}

void TestPresentation::tonesReadOnEveryPalette()
{
    QFETCH(QPalette, palette);
    QFETCH(bool, dark);
    QCOMPARE(Presentation::isDark(palette), dark);
    for (const Presentation::Tone tone : kTones) {
        const QColor text = Presentation::colour(tone, palette);
        const QColor background = Presentation::background(tone, palette);
        const struct
        {
            const char *what;
            QColor front, back;
        } pairs[] = {{"on the base", text, palette.color(QPalette::Base)},
                     {"on the window", text, palette.color(QPalette::Window)},
                     {"on its own background", text, background},
                     {"the palette's text on the tone's background", palette.color(QPalette::Text), background}};
        for (const auto &pair : pairs) {
            const double ratio = Presentation::contrast(pair.front, pair.back);
            QVERIFY2(
                ratio >= Presentation::kTextContrast,
                qPrintable(QStringLiteral("%1 %2: %3 on %4 is %5:1")
                               .arg(toneName(tone), QString::fromLatin1(pair.what), pair.front.name(), pair.back.name())
                               .arg(ratio, 0, 'f', 2)));
        }
    }
    // The tones stay apart from each other: good is not drawn as bad.
    QVERIFY(Presentation::colour(Presentation::Tone::Good, palette) !=
            Presentation::colour(Presentation::Tone::Bad, palette));
}

void TestPresentation::theWindowFollowsTheApplicationsPalette()
{
    const QPalette before = QApplication::palette();
    const QColor lightBad = Presentation::colour(Presentation::Tone::Bad);
    QApplication::setPalette(palette(QColor(0x2a, 0x2a, 0x2a), QColor(0x35, 0x35, 0x35), QColor(0xe0, 0xe0, 0xe0)));
    const QColor darkBad = Presentation::colour(Presentation::Tone::Bad);
    const QColor darkBackground = Presentation::background(Presentation::Tone::Bad);
    QApplication::setPalette(before);
    QVERIFY2(darkBad != lightBad, qPrintable(darkBad.name()));
    QVERIFY2(darkBad.lightnessF() > 0.5, qPrintable(darkBad.name()));               // light text on a dark window
    QVERIFY2(darkBackground.lightnessF() < 0.3, qPrintable(darkBackground.name())); // no pale banner on it
}

void TestPresentation::uptimesAreWrittenOneWay_data()
{
    QTest::addColumn<int>("ok");
    QTest::addColumn<int>("checks");
    QTest::addColumn<QString>("written");
    QTest::newRow("no checks") << 0 << 0 << QStringLiteral("–");
    QTest::newRow("all ok") << 10 << 10 << QStringLiteral("100 %");
    QTest::newRow("none ok") << 0 << 7 << QStringLiteral("0 %");
    QTest::newRow("some") << 4 << 10 << QStringLiteral("40.0 %");
    QTest::newRow("a third") << 1 << 3 << QStringLiteral("33.3 %");
    QTest::newRow("one failure in 2,500: not 100.0") << 2499 << 2500 << QStringLiteral("99.96 %");
    QTest::newRow("one failure in a million: not 100") << 999999 << 1000000 << QStringLiteral("99.9999 %");
    QTest::newRow("one success in 5,000: not 0.0") << 1 << 5000 << QStringLiteral("0.02 %");
}

// The sidebar and the Dashboard wrote one uptime as "40.0 %" and "40.00 %"; 99.96 % was "100 %".
void TestPresentation::uptimesAreWrittenOneWay()
{
    QFETCH(int, ok);
    QFETCH(int, checks);
    QFETCH(QString, written);
    const QLocale before;
    QLocale::setDefault(QLocale::c());
    const QString said = Presentation::uptime(ok, checks);
    QLocale::setDefault(before);
    QCOMPARE(said, written);
}

void TestPresentation::clockTimesFollowTheLocale_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("today");
    QTest::addColumn<QString>("withMilliseconds");
    QTest::newRow("C") << QStringLiteral("C") << QStringLiteral("14:03:12") << QStringLiteral("14:03:12.345");
    QTest::newRow("German") << QStringLiteral("de_DE") << QStringLiteral("14:03:12") << QStringLiteral("14:03:12,345");
    QTest::newRow("Finnish") << QStringLiteral("fi_FI") << QStringLiteral("14.03.12") << QStringLiteral("14.03.12,345");
    QTest::newRow("Danish") << QStringLiteral("da_DK") << QStringLiteral("14.03.12") << QStringLiteral("14.03.12,345");
    QTest::newRow("US English") << QStringLiteral("en_US") << QStringLiteral("2:03:12\u202fPM")
                                << QStringLiteral("2:03:12.345\u202fPM");
}

// The ribbon's "Showing data from 14:03:12", the event log's times and the banner's: the user's
// notation to the second ("HH:mm:ss" everywhere was 24-hour in a 12-hour locale), dated when not today.
void TestPresentation::clockTimesFollowTheLocale()
{
    QFETCH(QString, locale);
    QFETCH(QString, today);
    QFETCH(QString, withMilliseconds);
    const QLocale before;
    QLocale::setDefault(QLocale(locale));
    const QDateTime at(QDate::currentDate(), QTime(14, 3, 12, 345));
    const QString said = Presentation::clockTime(at);
    const QString precise = Presentation::clockTime(at, true);
    const QString yesterday = Presentation::clockTime(at.addDays(-1));
    const QString yesterdayDate = QLocale().toString(at.addDays(-1).date(), QLocale::ShortFormat);
    QLocale::setDefault(before);
    // Qt's CLDR data may use a narrow no-break space before AM/PM, or a plain one.
    auto same = [](QString a, QString b) {
        return a.replace(QChar(0x202f), QLatin1Char(' ')) == b.replace(QChar(0x202f), QLatin1Char(' '));
    };
    QVERIFY2(same(said, today), qPrintable(said));
    QVERIFY2(same(precise, withMilliseconds), qPrintable(precise));
    QVERIFY2(yesterday.startsWith(yesterdayDate) && yesterday.endsWith(said), qPrintable(yesterday));
}

QTEST_MAIN(TestPresentation)
#include "TestPresentation.moc"
