#pragma once

#include <optional>

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include "endpoints/EndpointConfig.h"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QSplitter;
class QTabWidget;

namespace NetPulse {

class DashboardView;
class VantageReader;
class DataView;
class ElidedLabel;
class EndpointList;
class EndpointSidebar;
class EventLog;
class EventLogPage;
class StatusBanner;
class TrayNotifier;
class WatchedEndpoint;

// The desktop app: a bar on top to add endpoints, the endpoints on the left as a status board;
// for the selected one, its name and controls, the status banner and tabs for its data, its
// dashboard and the event log of all endpoints. It shows core's EndpointList and EventLog and
// calls their slots; it never sees a request.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `settings` keeps the window layout; may be null (nothing persisted). The endpoints persist
    // themselves (EndpointList::restore).
    MainWindow(EndpointList *endpoints, EventLog *log, QSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    WatchedEndpoint *selectedEndpoint() const;
    void selectEndpoint(int row);
    // Shown in the status bar: demo hints, cache warnings, settings that did not load.
    void setNote(const QString &note);
    // The other vantage points' verdicts (--vantages-from): the banner's line, the rows' mark,
    // and a note when reading them fails (said once).
    void setVantageReader(VantageReader *reader);
    TrayNotifier *notifier() const { return m_notifier; }
    EventLogPage *eventLogPage() const { return m_logPage; }
    void saveState();

public slots:
    // The add bar's URL as a new endpoint; says in place why not when it cannot be added.
    bool addEndpointFromUrlField();
    // The settings dialog, pre-filled with the add bar's URL, for what the bar cannot set.
    void addEndpointWithSettings();
    void toggleWatching();
    void retryNow();
    // Help ▸ Keyboard shortcuts: every menu shortcut, read from the menus themselves, and the
    // window's keys that are no menu's.
    void showKeyboardShortcuts();
    void editSelectedSettings();
    // File menu: endpoints from and to an endpoint file (docs/endpoint-file.md). Each returns what it
    // did or why not, in words, also shown in the status bar; the menu asks for the file first.
    // A file with errors imports nothing unless `offerValidPart`: then a dialog lists every problem
    // and offers to import the endpoints without one, or to open the file to fix it.
    QString importFrom(const QString &path, bool offerValidPart = false);
    QString exportTo(const QString &path);
    // The endpoint file being followed (empty: none), for the File menu's wording.
    void setWatchedFile(const QString &path);
    void removeSelected();
    void undoRemove();

signals:
    void restoreDemoRequested();
    void reportSettingsRequested();  // Notifications ▸ Reports and alerts
    void vantageSettingsRequested(); // File ▸ Vantage points
    // File ▸ Watch endpoint file…, or Stop watching it (an empty path).
    void watchFileRequested(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void hideUndoButton();
    void buildUi(EventLog *log);
    void buildMenus();
    void keepOnScreen();
    void saveMute();
    void restoreState();
    void onSelectionChanged();
    void refreshEndpointHeader();
    void showUrlProblem(const QString &problem);
    void showMuteState();
    void showVantage();

    EndpointList *m_endpoints;
    QAction *m_stopWatchingFile = nullptr;
    QSettings *m_settings;
    TrayNotifier *m_notifier;
    bool m_shownOnce = false;

    QLineEdit *m_urlEdit = nullptr;
    QComboBox *m_methodCombo = nullptr;
    QLabel *m_urlError = nullptr;
    QPushButton *m_addButton = nullptr;
    ElidedLabel *m_endpointName = nullptr;
    QPushButton *m_startStop = nullptr;
    QPushButton *m_settingsButton = nullptr;
    EndpointSidebar *m_sidebar = nullptr;
    QPointer<VantageReader> m_vantageReader;
    QLabel *m_vantageLabel = nullptr; // the status bar's "Vantage: NAME" while others are read
    QSplitter *m_splitter = nullptr;
    StatusBanner *m_banner = nullptr;
    QTabWidget *m_tabs = nullptr;
    DataView *m_dataView = nullptr;
    DashboardView *m_dashboard = nullptr;
    EventLogPage *m_logPage = nullptr;
    ElidedLabel *m_note = nullptr;
    QLabel *m_muted = nullptr;
    QPushButton *m_undoButton = nullptr;
    QAction *m_startStopAction = nullptr;
    QMetaObject::Connection m_selectedChanged; // the selected endpoint's changes, for its header

    // Removed endpoints, newest last, to add back where they were: each Undo brings back one, for a
    // while after the last removal.
    QList<QPair<int, EndpointConfig>> m_removed;
    QTimer m_undoExpiry;
};

} // namespace NetPulse
