#pragma once

#include "MonitorSettings.h"
#include "MonitorStatus.h"
#include "ProbeResult.h"

#include <QMainWindow>
#include <QTimer>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace NetPulse {

class EndpointMonitor;
class ProbeEngine;

// The first window: a URL, Start/Stop, Retry now, the monitor's state with a countdown, and the
// latest outcome in words. It only talks to core through EndpointMonitor's signals and slots.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ProbeEngine *engine, QWidget *parent = nullptr);

    void setUrlText(const QString &url);
    // Interval, retries, backoff… for the next Start (the URL comes from the URL field). Returns
    // the problem, naming the field, when the settings are unusable.
    QString setMonitorSettings(const MonitorSettings &settings);
    // Shown under the URL field, e.g. "Demo service: flaps every 8 s up / 12 s down".
    void setNote(const QString &note);

public slots:
    void startWatching();
    void stopWatching();

private:
    void onAttemptStarted(int attempt);
    void onAttemptFinished(const ProbeResult &result, const MonitorStatus &status);
    void onStopped();
    void showStatus();
    void showData(const QByteArray &body);
    void showCachedRibbon();
    void validateUrl();
    void updateButton();

    EndpointMonitor *m_monitor;
    QTimer m_countdown;
    QLineEdit *m_urlEdit;
    QLabel *m_urlError;
    QLabel *m_note;
    QPushButton *m_startStop;
    QPushButton *m_retryNow;
    QLabel *m_state;
    QLabel *m_title;
    QLabel *m_message;
    QLabel *m_action;
    QLabel *m_detail;
    QLabel *m_facts;
    QListWidget *m_history;
    QLabel *m_ribbon;
    QPlainTextEdit *m_data;
    QDateTime m_cachedAt;    // valid while the data view shows cached data
    QString m_cachedBecause; // why: "from the cache", "server unreachable"…
};

} // namespace NetPulse
