#pragma once

#include "EndpointConfig.h"

#include <QMainWindow>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QSettings;
class QSplitter;
class QTableView;
class QTabWidget;

namespace NetPulse {

class DashboardView;
class DataView;
class EndpointListModel;
class EventLog;
class EventLogFilter;
class EventLogModel;
class ProbeEngine;
class StatusBanner;
class TrayNotifier;
class WatchedEndpoint;

// The desktop app: endpoints on the left; for the selected one, the status banner and tabs for
// its data, its dashboard and the event log of all endpoints. Everything it shows comes from core
// objects' signals (WatchedEndpoint, EventLog); it never sees a request.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `settings` keeps the endpoint list and the window layout; may be null (nothing persisted).
    MainWindow(ProbeEngine *engine, EventLog *log, QSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Adds and (unless config.watching is false) starts an endpoint; it becomes the selected one.
    WatchedEndpoint *addEndpoint(const EndpointConfig &config);
    int endpointCount() const;
    // Row of the endpoint probing this URL with this method, or -1.
    int findEndpoint(const QUrl &url, const QByteArray &method) const;
    WatchedEndpoint *selectedEndpoint() const;
    void selectEndpoint(int row);
    // Shown in the status bar: demo hints, cache warnings, settings that did not load.
    void setNote(const QString &note);
    TrayNotifier *notifier() const { return m_notifier; }
    EventLogModel *eventLogModel() const { return m_logModel; }
    EventLogFilter *eventLogFilter() const { return m_logFilter; }

    // Problems met while restoring the endpoint list (empty when it loaded cleanly).
    QStringList restoreProblems() const { return m_restoreProblems; }
    void saveState();

public slots:
    void startWatching(); // the URL field's URL, on the selected endpoint (or a new one)
    void stopWatching();
    void retryNow();
    void addEndpointFromUrlField();
    void removeSelectedEndpoint();
    void moveSelected(int delta);
    void editSelectedSettings();
    bool exportLog(const QString &path, bool asCsv);
    void copySelectedLogRows();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildUi();
    void buildMenus();
    void restoreState();
    void onSelectionChanged();
    void refreshEndpointBar();
    void validateUrl();
    void refreshLogFilters();

    ProbeEngine *m_engine;
    EventLog *m_log;
    QSettings *m_settings;
    EndpointListModel *m_endpoints;
    EventLogModel *m_logModel;
    EventLogFilter *m_logFilter;
    TrayNotifier *m_notifier;

    QLineEdit *m_urlEdit = nullptr;
    QComboBox *m_methodCombo = nullptr;
    QLabel *m_urlError = nullptr;
    QPushButton *m_startStop = nullptr;
    QPushButton *m_settingsButton = nullptr;
    QListView *m_sidebar = nullptr;
    QSplitter *m_splitter = nullptr;
    StatusBanner *m_banner = nullptr;
    QTabWidget *m_tabs = nullptr;
    DataView *m_dataView = nullptr;
    DashboardView *m_dashboard = nullptr;
    QTableView *m_logView = nullptr;
    QComboBox *m_kindFilter = nullptr;
    QComboBox *m_endpointFilter = nullptr;
    QLabel *m_note = nullptr;
    QStringList m_restoreProblems;
    bool m_restoring = false;
};

} // namespace NetPulse
