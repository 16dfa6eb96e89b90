#pragma once

#include <QMainWindow>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QSplitter;
class QTabWidget;

namespace NetPulse {

class DashboardView;
class DataView;
class EndpointList;
class EndpointSidebar;
class EventLog;
class EventLogPage;
class StatusBanner;
class TrayNotifier;
class WatchedEndpoint;

// The desktop app: the URL bar on top, endpoints on the left; for the selected one, the status
// banner and tabs for its data, its dashboard and the event log of all endpoints. It shows core's
// EndpointList and EventLog and calls their slots; it never sees a request.
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
    TrayNotifier *notifier() const { return m_notifier; }
    EventLogPage *eventLogPage() const { return m_logPage; }
    void saveState();

public slots:
    void startWatching(); // the URL field's URL, on the selected endpoint (or a new one)
    void stopWatching();
    void retryNow();
    void addEndpointFromUrlField();
    void editSelectedSettings();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildUi();
    void buildMenus();
    void restoreState();
    void onSelectionChanged();
    void refreshEndpointBar();
    void validateUrl();

    EndpointList *m_endpoints;
    QSettings *m_settings;
    TrayNotifier *m_notifier;

    QLineEdit *m_urlEdit = nullptr;
    QComboBox *m_methodCombo = nullptr;
    QLabel *m_urlError = nullptr;
    QPushButton *m_startStop = nullptr;
    QPushButton *m_settingsButton = nullptr;
    EndpointSidebar *m_sidebar = nullptr;
    QSplitter *m_splitter = nullptr;
    StatusBanner *m_banner = nullptr;
    QTabWidget *m_tabs = nullptr;
    DataView *m_dataView = nullptr;
    DashboardView *m_dashboard = nullptr;
    EventLogPage *m_logPage = nullptr;
    QLabel *m_note = nullptr;
    QMetaObject::Connection m_selectedChanged; // the selected endpoint's changes, for the URL bar
};

} // namespace NetPulse
