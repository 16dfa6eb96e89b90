#include "Presentation.h"

#include <cmath>

#include <QCoreApplication>
#include <QHash>
#include <QLocale>
#include <QPainter>
#include <QPixmap>

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

QColor Presentation::colour(Tone tone)
{
    switch (tone) {
    case Tone::Good:
        return QColor(0x1b, 0x7f, 0x3b);
    case Tone::Warning:
        return QColor(0xb3, 0x59, 0x00);
    case Tone::Bad:
        return QColor(0xb0, 0x00, 0x20);
    case Tone::Neutral:
        return QColor(0x6b, 0x72, 0x80);
    }
    return QColor(0x6b, 0x72, 0x80);
}

QColor Presentation::background(Tone tone)
{
    switch (tone) {
    case Tone::Good:
        return QColor(0xe8, 0xf5, 0xec);
    case Tone::Warning:
        return QColor(0xff, 0xf3, 0xcd);
    case Tone::Bad:
        return QColor(0xfd, 0xe8, 0xea);
    case Tone::Neutral:
        return QColor(0xf1, 0xf3, 0xf5);
    }
    return QColor(0xf1, 0xf3, 0xf5);
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
    static QHash<QPair<int, int>, QIcon> cache;
    const QPair<int, int> key(int(tone), size);
    const auto cached = cache.constFind(key);
    if (cached != cache.cend())
        return *cached;
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour(tone));
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
        timer->start();
        return timer;
    }();
    return ticker;
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
            .arg(background(Tone::Warning).name(), colour(Tone::Warning).darker(200).name());
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
