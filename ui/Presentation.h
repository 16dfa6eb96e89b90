#pragma once

#include <optional>

#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QString>
#include <QTimer>

#include "kinds/FailureKind.h"
#include "monitor/MonitorStatus.h"
#include "vantage/ElsewhereReading.h"

class QWidget;

namespace NetPulse {

class VantageReader;
class WatchedEndpoint;

// How the UI draws a kind or a state: colour and icon per family, never colour alone (every use
// also shows the title or the state in words). The meaning of a kind is core's; its look is ours.
class Presentation
{
public:
    enum class Tone
    {
        Good,
        Warning,
        Bad,
        Neutral
    };

    static Tone toneFor(FailureFamily family);
    static Tone toneFor(MonitorState state);
    // The one rule every view of an endpoint uses: failing, the colour of what failed (an HTTP
    // error is amber, unreachable red); recovered, good; otherwise its state's.
    static Tone toneFor(MonitorState settled, const MonitorStatus &status, const std::optional<FailureKind> &lastKind);
    // Text styles beyond the tones: a field's error, a warning line, the cached-data ribbon.
    enum class Style
    {
        ErrorText,
        WarningText,
        Ribbon
    };

    // A tone's text colour and its background, derived from the application's palette (or the one
    // given): readable, 4.5:1 (WCAG AA for text) on the palette's base and window and on the
    // tone's own background, whether the palette is light, dark or high contrast.
    static QColor colour(Tone tone);
    static QColor colour(Tone tone, const QPalette &palette);
    static QColor background(Tone tone, const QPalette &palette);
    static constexpr double kTextContrast = 4.5;
    static double contrast(const QColor &a, const QColor &b);
    static bool isDark(const QPalette &palette);
    static QString styleSheet(Style style);
    // The waterfall's bar colours, one per phase in order (connect, TLS, waiting, transfer).
    static QColor phaseColour(int phase);
    static QColor background(Tone tone);
    static QIcon familyIcon(FailureFamily family);
    static QIcon stateIcon(MonitorState state);
    // A filled dot for lists and the tray.
    static QIcon dot(Tone tone, int size = 16);
    // "12.3 ms", or "–" for a phase not reached
    // A failure's title inside a sentence: "(connection refused)"; German keeps its capitals (its
    // nouns are written with them), following the language the window speaks.
    static QString inlineTitle(const QString &title);
    static QString milliseconds(const std::optional<double> &ms);
    // Qt 6.4 tells assistive technology a name or description change at every call, changed or
    // not: a view refreshed each second said "Connection refused" twice a second over AT-SPI.
    static void setAccessibleName(QWidget *widget, const QString &name);
    static void setAccessibleDescription(QWidget *widget, const QString &description);
    // An uptime, the same way wherever it is shown (the sidebar's rows and the Dashboard said 40.0
    // and 40.00): "100 %" only when every check was ok, "0 %" only when none was, otherwise one
    // decimal, or two where one would round to 100.0 or 0.0 ("99.96 %", never "100.0 %"); "–"
    // without checks.
    static QString uptime(int ok, int checks);
    // A moment to the second (or millisecond) in the window's locale: its short time format with
    // the seconds put in ("14:03:12", "2:03:12 PM"), and its short date before it unless `at` is
    // today.
    static QString clockTime(const QDateTime &at, bool milliseconds = false);
    static void ensureResources();
    // One clock for every countdown and age on screen: the banner, the rows and the ribbon tick in
    // the same moment, so two views never show the same countdown a fraction apart.
    static QTimer *secondTicker();
    // The time of the last tick (UTC): what an age in words ("Down for 9.3 s") is measured to, so
    // a row painted between ticks and the Dashboard's line set on the tick say the same.
    static QDateTime tickTime();
    // What the other vantage points say of this endpoint against its last verdict here
    // (docs/vantage.md); None without a reader, a verdict here, or a fresh vantage elsewhere.
    static VantageVerdict vantageVerdict(const WatchedEndpoint *endpoint, const VantageReader *reader,
                                         const QDateTime &now);

private:
    static QDateTime &lastTick();
};

} // namespace NetPulse
