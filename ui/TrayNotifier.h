#pragma once

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QTimer>

#include "Presentation.h"

#include "monitor/MonitorStatus.h"

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace NetPulse {

class WatchedEndpoint;

// The tray icon, coloured by the worst endpoint, and a desktop notification when an endpoint goes
// down or comes back (the monitor already holds these back while it flaps). Muting lasts 1, 4 or
// 8 hours, or until switched back on. Without a system tray it still decides, and remembers the
// last notification, so the rules are testable offscreen.
// At launch the first verdicts are one notification, not one per endpoint: until every endpoint
// has settled (up, down, offline, stopped or paused; at most a minute), what went down is gathered, and
// then told once ("3 endpoints are down: …"). The demo's endpoints, which fail on purpose, are not
// told at launch.
class TrayNotifier : public QObject
{
    Q_OBJECT
public:
    explicit TrayNotifier(QObject *parent = nullptr);
    ~TrayNotifier() override;

    void watch(WatchedEndpoint *endpoint);
    void setEndpoints(const QList<WatchedEndpoint *> &endpoints);
    QMenu *muteMenu() const { return m_muteMenu; }

    bool isMuted() const;
    QDateTime mutedUntil() const { return m_mutedUntil; } // invalid with "until switched on"
    // "Notifications muted until 18:30", or empty when not muted.
    QString muteDescription() const;
    QString lastNotification() const { return m_last; }
    int notificationsShown() const { return m_shown; }
    Presentation::Tone worstTone() const { return m_worst; }

public slots:
    void muteFor(int hours); // 0: until switched back on
    // A mute saved before a restart: until `until`, or with an invalid time until switched back on.
    // One that ended meanwhile changes nothing.
    void muteUntil(const QDateTime &until);
    void unmute();
    void refreshIcon();
    // Coalesces bursts: with dozens of endpoints every result would otherwise walk them all.
    void scheduleRefresh();

signals:
    void showWindowRequested();
    void muteChanged(bool muted);

private:
    void onHealthChanged(WatchedEndpoint *endpoint, bool healthy);
    void checkCertificate(WatchedEndpoint *endpoint);
    void notify(const QString &title, const QString &text, bool warning);
    void scheduleLaunchHoldCheck();
    void endLaunchHoldIfSettled();
    void endLaunchHold();
    QString downText(const WatchedEndpoint *endpoint) const;
    void refreshMuteMenu(int checkedHours); // -1: none checked

    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu;
    QMenu *m_muteMenu;
    QList<QAction *> m_muteActions;
    QAction *m_unmuteAction = nullptr;
    QTimer m_muteEnd;
    QList<WatchedEndpoint *> m_endpoints;
    QHash<const WatchedEndpoint *, int> m_certificateLevel; // the last expiry threshold told
    QDateTime m_mutedUntil;
    bool m_mutedIndefinitely = false;
    QString m_last;
    int m_shown = 0;
    Presentation::Tone m_worst = Presentation::Tone::Neutral;
    QTimer m_refresh;
    bool m_launchHold = true;
    QTimer m_launchHoldEnd;
    bool m_launchHoldCheckQueued = false;
};

} // namespace NetPulse
