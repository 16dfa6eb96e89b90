#pragma once

#include "ProbeResult.h"

#include <QMainWindow>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace NetPulse {

class ProbeEngine;
class ProbeLoop;

// The first window: a URL, Start/Stop, and the latest outcome in words. It only talks to core
// through ProbeLoop's signals and slots; the dashboard issue grows it into the full product.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ProbeEngine *engine, QWidget *parent = nullptr);

    void setUrlText(const QString &url);
    // Shown under the URL field, e.g. "Demo service: flaps every 8 s up / 12 s down".
    void setNote(const QString &note);

public slots:
    void startWatching();
    void stopWatching();

private:
    void onAttemptStarted(int attempt);
    void onAttemptFinished(const ProbeResult &result, int attempt);
    void onStopped();
    void validateUrl();
    void updateButton();

    ProbeLoop *m_loop;
    QLineEdit *m_urlEdit;
    QLabel *m_urlError;
    QLabel *m_note;
    QPushButton *m_startStop;
    QLabel *m_state;
    QLabel *m_title;
    QLabel *m_message;
    QLabel *m_action;
    QLabel *m_detail;
    QLabel *m_facts;
    QListWidget *m_history;
};

} // namespace NetPulse
