#include "Presentation.h"

#include <cmath>

#include <QCoreApplication>
#include <QGuiApplication>
#include <QHash>
#include <QLocale>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QRegularExpression>
#include <QWidget>

#include "endpoints/WatchedEndpoint.h"
#include "probe/Redactor.h"
#include "vantage/VantageReader.h"

static void initNetPulseResources()
{
    // The icons live in netpulse_ui, a static library: its resources must be registered by hand.
    Q_INIT_RESOURCE(netpulse);
}

namespace NetPulse {

void Presentation::ensureResources()
{
    static const bool done = (initNetPulseResources(), true);
    Q_UNUSED(done);
}

Presentation::Tone Presentation::toneFor(FailureFamily family)
{
    switch (family) {
    case FailureFamily::Ok:
        return Tone::Good;
    case FailureFamily::Http:
        return Tone::Warning;
    case FailureFamily::Unreachable:
    case FailureFamily::NoResponse:
    case FailureFamily::Tls:
        return Tone::Bad;
    case FailureFamily::Usage:
    case FailureFamily::Cancelled:
        return Tone::Neutral;
    }
    return Tone::Neutral;
}

Presentation::Tone Presentation::toneFor(MonitorState state)
{
    switch (state) {
    case MonitorState::Up:
        return Tone::Good;
    case MonitorState::Degraded:
    case MonitorState::Retrying:
    case MonitorState::Offline:
        return Tone::Warning;
    case MonitorState::Down:
        return Tone::Bad;
    case MonitorState::Idle:
    case MonitorState::Probing:
    case MonitorState::Stopped:
        return Tone::Neutral;
    }
    return Tone::Neutral;
}

Presentation::Tone Presentation::toneFor(MonitorState settled, const MonitorStatus &status,
                                         const std::optional<FailureKind> &lastKind)
{
    if ((settled == MonitorState::Retrying || settled == MonitorState::Down) && lastKind &&
        *lastKind != FailureKind::Ok)
        return toneFor(failureFamily(*lastKind));
    if (settled == MonitorState::Degraded && status.recovered)
        return Tone::Good;
    return toneFor(settled);
}

namespace {

// WCAG 2's relative luminance and contrast ratio.
double luminance(const QColor &colour)
{
    auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF());
}

QColor mix(const QColor &from, const QColor &to, double t)
{
    return QColor::fromRgbF(float(from.redF() + (to.redF() - from.redF()) * t),
                            float(from.greenF() + (to.greenF() - from.greenF()) * t),
                            float(from.blueF() + (to.blueF() - from.blueF()) * t));
}

// The hue of each tone, a darker one for light backgrounds and a lighter one for dark.
QColor hue(Presentation::Tone tone, bool dark)
{
    switch (tone) {
    case Presentation::Tone::Good:
        return dark ? QColor(0x6d, 0xd5, 0x8c) : QColor(0x1b, 0x7f, 0x3b);
    case Presentation::Tone::Warning:
        return dark ? QColor(0xf5, 0xb4, 0x53) : QColor(0xb3, 0x59, 0x00);
    case Presentation::Tone::Bad:
        return dark ? QColor(0xff, 0x8a, 0x8a) : QColor(0xb0, 0x00, 0x20);
    case Presentation::Tone::Neutral:
        break;
    }
    return dark ? QColor(0xa8, 0xaf, 0xba) : QColor(0x6b, 0x72, 0x80);
}

} // namespace

double Presentation::contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool Presentation::isDark(const QPalette &palette)
{
    // Below this luminance white text contrasts more than black: the palette is a dark one.
    return luminance(palette.color(QPalette::Base)) < 0.18;
}

QColor Presentation::colour(Tone tone)
{
    // Asked for by every row painted: computed once per palette (its key changes with any change).
    static QHash<QPair<qint64, int>, QColor> cache;
    const QPalette palette = QGuiApplication::palette();
    const QPair<qint64, int> key(palette.cacheKey(), int(tone));
    const auto known = cache.constFind(key);
    if (known != cache.cend())
        return *known;
    if (cache.size() > 64)
        cache.clear(); // palettes changed many times over: start again
    return *cache.insert(key, colour(tone, palette));
}

QColor Presentation::colour(Tone tone, const QPalette &palette)
{
    // Derived from the palette the window draws with (light, dark, high contrast), then pushed
    // towards black or white until it reads on the list's base, the window and the tone's own
    // background with WCAG AA's 4.5:1 for text.
    const bool dark = isDark(palette);
    const QColor toward = dark ? QColor(Qt::white) : QColor(Qt::black);
    const QColor behind[] = {palette.color(QPalette::Base), palette.color(QPalette::Window), background(tone, palette)};
    QColor colour = hue(tone, dark);
    for (int step = 0; step < 30; ++step) {
        double worst = 21;
        for (const QColor &b : behind)
            worst = std::min(worst, contrast(colour, b));
        if (worst >= kTextContrast + 0.1)
            break;
        colour = mix(colour, toward, 0.1);
    }
    return colour;
}

QColor Presentation::background(Tone tone)
{
    return background(tone, QGuiApplication::palette());
}

QColor Presentation::background(Tone tone, const QPalette &palette)
{
    // A tint of the palette's base: pale on a light palette, deep on a dark one.
    const bool dark = isDark(palette);
    return mix(palette.color(QPalette::Base), hue(tone, dark), dark ? 0.2 : 0.12);
}

QIcon Presentation::familyIcon(FailureFamily family)
{
    // One icon per family for the whole run: a fresh QIcon per paint would also mean fresh
    // rendered pixmaps per paint.
    static QHash<int, QIcon> cache;
    const auto cached = cache.constFind(int(family));
    if (cached != cache.cend())
        return *cached;
    ensureResources();
    QString name;
    switch (family) {
    case FailureFamily::Ok:
        name = QStringLiteral("ok");
        break;
    case FailureFamily::Unreachable:
        name = QStringLiteral("unreachable");
        break;
    case FailureFamily::NoResponse:
        name = QStringLiteral("no_response");
        break;
    case FailureFamily::Tls:
        name = QStringLiteral("tls");
        break;
    case FailureFamily::Http:
        name = QStringLiteral("http");
        break;
    case FailureFamily::Usage:
    case FailureFamily::Cancelled:
        name = QStringLiteral("idle");
        break;
    }
    const QIcon icon(QStringLiteral(":/netpulse/icons/family-%1.svg").arg(name));
    cache.insert(int(family), icon);
    return icon;
}

QIcon Presentation::stateIcon(MonitorState state)
{
    if (state == MonitorState::Probing) {
        static const QIcon checking(QStringLiteral(":/netpulse/icons/state-checking.svg"));
        return checking;
    }
    switch (toneFor(state)) {
    case Tone::Good:
        return familyIcon(FailureFamily::Ok);
    case Tone::Warning:
        return familyIcon(FailureFamily::Http);
    case Tone::Bad:
        return familyIcon(FailureFamily::Unreachable);
    case Tone::Neutral:
        return familyIcon(FailureFamily::Cancelled);
    }
    return familyIcon(FailureFamily::Cancelled);
}

QIcon Presentation::dot(Tone tone, int size)
{
    // Drawn at the screen's scale (crisp at 2, not a 16-pixel dot scaled up) in the palette's
    // colour: a cache entry per tone, size, scale and colour.
    static QHash<QString, QIcon> cache;
    const qreal scale = qGuiApp ? qGuiApp->devicePixelRatio() : 1.0;
    const QColor fill = colour(tone);
    const QString key = QStringLiteral("%1/%2/%3/%4").arg(int(tone)).arg(size).arg(scale).arg(fill.rgba());
    const auto cached = cache.constFind(key);
    if (cached != cache.cend())
        return *cached;
    QPixmap pixmap(QSize(size, size) * scale);
    pixmap.setDevicePixelRatio(scale);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(fill);
    painter.drawEllipse(QRectF(2, 2, size - 4, size - 4));
    painter.end();
    const QIcon icon(pixmap);
    cache.insert(key, icon);
    return icon;
}

QString Presentation::milliseconds(const std::optional<double> &ms)
{
    if (!ms)
        return QStringLiteral("–");
    // A loopback phase of 40 µs is real and drawn as a bar: never print it as "0.0 ms".
    if (*ms < 0.01)
        return QStringLiteral("< %1 ms").arg(QLocale().toString(0.01, 'f', 2));
    const bool whole = *ms == std::floor(*ms); // a setting such as a 50 ms threshold, not a measurement
    // The user's decimal separator, as the spin boxes beside it show it ("1,5 ms" in German).
    return QStringLiteral("%1 ms").arg(QLocale().toString(*ms, 'f', whole || *ms >= 100.0 ? 0 : *ms < 1.0 ? 2 : 1));
}

QTimer *Presentation::secondTicker()
{
    static QTimer *ticker = [] {
        auto *timer = new QTimer(QCoreApplication::instance());
        timer->setInterval(1000);
        // Connected first, so every view's slot on this tick reads the new time.
        QObject::connect(timer, &QTimer::timeout, [] { lastTick() = QDateTime::currentDateTimeUtc(); });
        timer->start();
        return timer;
    }();
    return ticker;
}

QDateTime &Presentation::lastTick()
{
    static QDateTime at = QDateTime::currentDateTimeUtc();
    return at;
}

QDateTime Presentation::tickTime()
{
    secondTicker(); // started, so the time moves
    return lastTick();
}

QString Presentation::styleSheet(Style style)
{
    switch (style) {
    case Style::ErrorText:
        return QStringLiteral("color: %1;").arg(colour(Tone::Bad).name());
    case Style::WarningText:
        return QStringLiteral("color: %1; font-weight: bold;").arg(colour(Tone::Warning).name());
    case Style::Ribbon:
        return QStringLiteral("background: %1; color: %2; padding: 4px;")
            .arg(background(Tone::Warning).name(), colour(Tone::Warning).name());
    }
    return QString();
}

QColor Presentation::phaseColour(int phase)
{
    // Setup (grey: time inside NetPulse and Qt, not the network), connect, TLS, waiting, transfer.
    static const QColor colours[] = {QColor(0x9c, 0xa3, 0xaf), QColor(0x3b, 0x82, 0xf6), QColor(0x8a, 0x2b, 0xe2),
                                     QColor(0xf5, 0x9e, 0x0b), QColor(0x10, 0xb9, 0x81)};
    return colours[std::abs(phase) % int(std::size(colours))];
}

void Presentation::setAccessibleName(QWidget *widget, const QString &name)
{
    if (widget->accessibleName() != name)
        widget->setAccessibleName(name);
}

void Presentation::setAccessibleDescription(QWidget *widget, const QString &description)
{
    if (widget->accessibleDescription() != description)
        widget->setAccessibleDescription(description);
}

QString Presentation::uptime(int ok, int checks)
{
    if (checks <= 0)
        return QStringLiteral("–");
    if (ok >= checks)
        return QStringLiteral("%1 %").arg(QLocale().toString(100));
    if (ok <= 0)
        return QStringLiteral("%1 %").arg(QLocale().toString(0));
    const double percent = 100.0 * ok / checks;
    int decimals = 1;
    while (decimals < 4 && (std::round(percent * std::pow(10.0, decimals)) >= 100.0 * std::pow(10.0, decimals) ||
                            std::round(percent * std::pow(10.0, decimals)) <= 0.0))
        ++decimals;
    // Rounded towards the truth at the edges: 99.999 is not written 100.
    const double scale = std::pow(10.0, decimals);
    const double shown = std::clamp(std::round(percent * scale) / scale, 1.0 / scale, 100.0 - 1.0 / scale);
    return QStringLiteral("%1 %").arg(QLocale().toString(shown, 'f', decimals));
}

QString Presentation::clockTime(const QDateTime &at, bool milliseconds)
{
    const QLocale locale;
    const QDateTime local = at.toLocalTime();
    // The locale's long time format has the seconds with the locale's own separator ("14:03:12",
    // "14.03.12" in Finnish, "2:03:12 PM"); its time zone is dropped (the window's is implied).
    static const QRegularExpression zone(QStringLiteral("\\s*\\(?t+\\)?"));
    QString format = locale.timeFormat(QLocale::LongFormat).remove(zone).trimmed();
    const qsizetype seconds = format.indexOf(QLatin1String("ss"));
    if (milliseconds && seconds >= 0 && !format.contains(QLatin1String("zzz")))
        format.insert(seconds + 2, locale.decimalPoint() + QStringLiteral("zzz"));
    const QString time = locale.toString(local.time(), format);
    if (local.date() == QDate::currentDate())
        return time;
    return locale.toString(local.date(), QLocale::ShortFormat) + QLatin1Char(' ') + time;
}

QString Presentation::inlineTitle(const QString &title)
{
    return QLocale().language() == QLocale::German ? title : title.toLower();
}

VantageVerdict Presentation::vantageVerdict(const WatchedEndpoint *endpoint, const VantageReader *reader,
                                            const QDateTime &now)
{
    if (!reader || !endpoint || !endpoint->isRunning())
        return VantageVerdict::None;
    const std::optional<ProbeResult> &last = endpoint->lastResult();
    const std::optional<bool> hereOk = last ? hereVerdict(last->kind) : std::nullopt;
    return NetPulse::vantageVerdict(hereOk,
                                    reader->readings(Redactor::redactUrl(endpoint->config().settings.probe.url)), now);
}

} // namespace NetPulse
