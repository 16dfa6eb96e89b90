#include "TrayNotifier.h"

#include <algorithm>
#include <limits>

#include <QActionGroup>
#include <QApplication>
#include <QLocale>
#include <QMenu>
#include <QSystemTrayIcon>

#include "EndpointListModel.h"

#include "base/Limits.h"
#include "endpoints/WatchedEndpoint.h"

namespace NetPulse {

namespace {

int severity(Presentation::Tone tone)
{
    switch (tone) {
    case Presentation::Tone::Bad:
        return 3;
    case Presentation::Tone::Warning:
        return 2;
    case Presentation::Tone::Good:
        return 1;
    case Presentation::Tone::Neutral:
        return 0;
    }
    return 0;
}

} // namespace

TrayNotifier::TrayNotifier(QObject *parent)
    : QObject(parent)
    , m_menu(new QMenu)
    , m_muteMenu(new QMenu(tr("&Mute notifications")))
{
    m_muteMenu->setObjectName(QStringLiteral("muteMenu"));
    m_launchHoldEnd.setSingleShot(true);
    m_launchHoldEnd.setInterval(60 * 1000);
    connect(&m_launchHoldEnd, &QTimer::timeout, this, &TrayNotifier::endLaunchHold);
    m_launchHoldEnd.start();
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(250);
    connect(&m_refresh, &QTimer::timeout, this, &TrayNotifier::refreshIcon);
    // Checkable, one group: the menu shows which mute is on.
    auto *group = new QActionGroup(this);
    group->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional);
    for (int hours : {1, 4, 8, 0}) {
        QAction *action =
            m_muteMenu->addAction(hours > 0 ? tr("For &%n hour(s)", nullptr, hours) : tr("&Until switched back on"));
        action->setCheckable(true);
        action->setData(hours);
        action->setObjectName(QStringLiteral("mute%1h").arg(hours));
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, hours] { muteFor(hours); });
        m_muteActions << action;
    }
    m_muteMenu->addSeparator();
    m_unmuteAction = m_muteMenu->addAction(tr("&Switch notifications on"), this, &TrayNotifier::unmute);
    m_unmuteAction->setObjectName(QStringLiteral("unmuteAction"));
    m_unmuteAction->setVisible(false); // only while muted (README)
    m_muteEnd.setSingleShot(true);
    connect(&m_muteEnd, &QTimer::timeout, this, &TrayNotifier::unmute);
    m_menu->addAction(tr("Show NetPulse"), this, &TrayNotifier::showWindowRequested);
    m_menu->addMenu(m_muteMenu);
    m_menu->addSeparator();
    m_menu->addAction(tr("Quit"), qApp, &QCoreApplication::quit);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(this);
        m_tray->setContextMenu(m_menu);
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger)
                emit showWindowRequested();
        });
        m_tray->show();
    }
    refreshIcon();
}

TrayNotifier::~TrayNotifier()
{
    // QMenu takes only a widget parent; these two are ours.
    delete m_menu;
    delete m_muteMenu;
}

void TrayNotifier::setEndpoints(const QList<WatchedEndpoint *> &endpoints)
{
    for (WatchedEndpoint *endpoint : std::as_const(m_endpoints)) {
        if (!endpoints.contains(endpoint))
            endpoint->disconnect(this);
    }
    const QList<WatchedEndpoint *> previous = m_endpoints;
    m_endpoints.clear();
    for (WatchedEndpoint *endpoint : endpoints) {
        if (previous.contains(endpoint))
            m_endpoints.append(endpoint);
        else
            watch(endpoint);
    }
    refreshIcon();
}

void TrayNotifier::watch(WatchedEndpoint *endpoint)
{
    m_endpoints.append(endpoint);
    connect(endpoint, &WatchedEndpoint::changed, this, [this, endpoint] {
        scheduleRefresh();
        checkCertificate(endpoint);
        if (m_launchHold)
            scheduleLaunchHoldCheck();
    });
    connect(endpoint, &WatchedEndpoint::healthChanged, this,
            [this, endpoint](bool healthy) { onHealthChanged(endpoint, healthy); });
    connect(endpoint, &QObject::destroyed, this, [this, endpoint] {
        m_endpoints.removeAll(endpoint);
        m_certificateLevel.remove(endpoint);
    });
    refreshIcon();
}

bool TrayNotifier::isMuted() const
{
    return m_mutedIndefinitely || (m_mutedUntil.isValid() && QDateTime::currentDateTimeUtc() < m_mutedUntil);
}

void TrayNotifier::muteFor(int hours)
{
    m_mutedIndefinitely = hours <= 0;
    m_mutedUntil = hours > 0 ? QDateTime::currentDateTimeUtc().addSecs(qint64(hours) * 3600) : QDateTime();
    if (hours > 0)
        m_muteEnd.start(hours * 3600 * 1000); // the marks clear by themselves when it ends
    else
        m_muteEnd.stop();
    refreshMuteMenu(hours);
    refreshIcon();
    emit muteChanged(true);
}

void TrayNotifier::muteUntil(const QDateTime &until)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (until.isValid() && until <= now)
        return;
    m_mutedIndefinitely = !until.isValid();
    m_mutedUntil = until.isValid() ? until.toUTC() : QDateTime();
    if (until.isValid())
        m_muteEnd.start(int(std::min<qint64>(now.msecsTo(until), std::numeric_limits<int>::max())));
    else
        m_muteEnd.stop();
    // No "for N hours" entry matches what is left of a restored mute: none is checked, but the
    // switch back on is offered.
    constexpr int kNoEntry = 1 << 20;
    refreshMuteMenu(m_mutedIndefinitely ? 0 : kNoEntry);
    refreshIcon();
    emit muteChanged(true);
}

void TrayNotifier::unmute()
{
    const bool wasMuted = m_mutedIndefinitely || m_mutedUntil.isValid();
    m_mutedIndefinitely = false;
    m_mutedUntil = QDateTime();
    m_muteEnd.stop();
    refreshMuteMenu(-1);
    refreshIcon();
    if (wasMuted)
        emit muteChanged(false);
}

QString TrayNotifier::muteDescription() const
{
    if (m_mutedIndefinitely)
        return tr("Notifications muted until switched back on");
    if (isMuted())
        return tr("Notifications muted until %1")
            .arg(QLocale().toString(m_mutedUntil.toLocalTime().time(), QLocale::ShortFormat));
    return QString();
}

void TrayNotifier::refreshMuteMenu(int checkedHours)
{
    for (QAction *action : std::as_const(m_muteActions))
        action->setChecked(action->data().toInt() == checkedHours);
    m_unmuteAction->setVisible(checkedHours >= 0);
    m_muteMenu->setTitle(checkedHours >= 0 ? tr("&Mute notifications (%1)").arg(muteDescription().toLower())
                                           : tr("&Mute notifications"));
}

void TrayNotifier::scheduleRefresh()
{
    if (!m_refresh.isActive())
        m_refresh.start();
}

void TrayNotifier::refreshIcon()
{
    m_refresh.stop();
    Presentation::Tone worst = Presentation::Tone::Neutral;
    for (const WatchedEndpoint *endpoint : std::as_const(m_endpoints)) {
        // The sidebar's rule (the settled state and the kind): the tray was orange while the row
        // said "Retrying" in red.
        const Presentation::Tone tone = EndpointListModel::tone(endpoint);
        if (severity(tone) > severity(worst))
            worst = tone;
    }
    m_worst = worst;
    if (!m_tray)
        return;
    // At most a screenful: with more endpoints than fit, the ones not up in the list's order, then
    // the count of those up (a fleet's thousand lines are no tooltip).
    constexpr int kMaxLines = 12;
    QStringList lines;
    int up = 0;
    int more = 0;
    for (const WatchedEndpoint *endpoint : std::as_const(m_endpoints)) {
        if (EndpointListModel::group(endpoint) == EndpointListModel::Group::Up && m_endpoints.size() > kMaxLines) {
            ++up;
            continue;
        }
        if (lines.size() < kMaxLines)
            lines << QStringLiteral("%1: %2").arg(
                endpoint->displayName(), EndpointListModel::stateText(endpoint, QDateTime::currentDateTimeUtc()));
        else
            ++more;
    }
    if (more > 0)
        lines << tr("and %n more not up", nullptr, more);
    if (up > 0)
        lines << EndpointListModel::groupText(EndpointListModel::Group::Up, up);
    m_tray->setIcon(Presentation::dot(worst, 32));
    QString tip = tr("NetPulse") + QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
    if (isMuted())
        tip += QLatin1Char('\n') + tr("(notifications muted)");
    m_tray->setToolTip(tip);
}

void TrayNotifier::onHealthChanged(WatchedEndpoint *endpoint, bool healthy)
{
    refreshIcon();
    if (m_launchHold)
        return; // told with the others when every endpoint has settled
    if (healthy)
        notify(tr("%1 is back").arg(endpoint->displayName()), endpoint->status().reason, false);
    else
        notify(tr("%1 is down").arg(endpoint->displayName()), downText(endpoint), true);
}

QString TrayNotifier::downText(const WatchedEndpoint *endpoint) const
{
    QString text = endpoint->status().reason;
    if (endpoint->lastResult())
        text = endpoint->lastResult()->description().title + QStringLiteral(": ") + text;
    return text;
}

void TrayNotifier::scheduleLaunchHoldCheck()
{
    // Queued: an endpoint says changed() before healthChanged(), in one call; checked at once, the
    // hold ended between the two and the last endpoint down was told on its own.
    if (m_launchHoldCheckQueued)
        return;
    m_launchHoldCheckQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_launchHoldCheckQueued = false;
            endLaunchHoldIfSettled();
        },
        Qt::QueuedConnection);
}

void TrayNotifier::endLaunchHoldIfSettled()
{
    if (!m_launchHold)
        return;
    for (const WatchedEndpoint *endpoint : std::as_const(m_endpoints)) {
        if (!endpoint->isRunning())
            continue; // paused: it has nothing to say
        switch (endpoint->settledState()) {
        case MonitorState::Up:
        case MonitorState::Degraded:
        case MonitorState::Down:
        case MonitorState::Offline:
        case MonitorState::Stopped:
            continue;
        case MonitorState::Idle:
        case MonitorState::Probing:
        case MonitorState::Retrying:
            return; // not settled yet
        }
    }
    endLaunchHold();
}

void TrayNotifier::endLaunchHold()
{
    if (!m_launchHold)
        return;
    m_launchHold = false;
    m_launchHoldEnd.stop();
    // What is down now, whatever happened on the way (down, then back, is not told).
    QList<const WatchedEndpoint *> down;
    for (const WatchedEndpoint *endpoint : std::as_const(m_endpoints)) {
        if (endpoint->settledState() == MonitorState::Down && !endpoint->config().demo)
            down << endpoint;
    }
    if (down.size() == 1) {
        notify(tr("%1 is down").arg(down.constFirst()->displayName()), downText(down.constFirst()), true);
    } else if (down.size() > 1) {
        constexpr int kNamed = 5;
        QStringList names;
        for (const WatchedEndpoint *endpoint : down.mid(0, kNamed))
            names << endpoint->displayName();
        QString text = names.join(QStringLiteral(", "));
        if (down.size() > kNamed)
            text += QLatin1Char(' ') + tr("and %n more", nullptr, int(down.size()) - kNamed);
        notify(tr("%n endpoint(s) are down", nullptr, int(down.size())), text, true);
    }
}

void TrayNotifier::checkCertificate(WatchedEndpoint *endpoint)
{
    const std::optional<ProbeResult> &result = endpoint->lastResult();
    if (!result || result->certificate.isNull() || !result->certificate.expiresAt.isValid())
        return;
    const qint64 days = QDateTime::currentDateTimeUtc().daysTo(result->certificate.expiresAt);
    const int level = Limits::certificateWarningLevel(days);
    const int told = m_certificateLevel.value(endpoint, 0);
    // Once per threshold crossed (21, then 14, then 7 days, then expired), not on every check.
    // Levels only get worse: 0 (none) → 21 → 14 → 7 → -1 (expired); a renewed certificate resets to 0.
    const bool worse = Limits::certificateWarningRank(level) > Limits::certificateWarningRank(told);
    m_certificateLevel.insert(endpoint, level);
    if (!worse)
        return;
    const QString text =
        level < 0 ? tr("The certificate of %1 has expired.").arg(endpoint->displayName())
                  : tr("The certificate of %1 expires in %n day(s).", nullptr, int(days)).arg(endpoint->displayName());
    notify(tr("Certificate expiring"), text, true);
}

void TrayNotifier::notify(const QString &title, const QString &text, bool warning)
{
    if (isMuted())
        return;
    m_last = title + QStringLiteral(" — ") + text;
    ++m_shown;
    if (m_tray)
        m_tray->showMessage(title, text, warning ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
}

} // namespace NetPulse
