#pragma once

#include <QObject>

class QSocketNotifier;

namespace NetPulse {

// Turns SIGINT and SIGTERM (and SIGHUP) into Qt signals on the event loop (the self-pipe trick),
// so the headless mode can cancel its probe, print the last line and exit cleanly instead of dying
// mid-write, and reread its endpoint file on SIGHUP as daemons do.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);
    void reloadRequested(); // SIGHUP

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace NetPulse
