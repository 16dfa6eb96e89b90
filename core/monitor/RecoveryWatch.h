#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include "monitor/MonitorStatus.h"

class QTcpSocket;

namespace NetPulse {

// The cheap check between planned checks of an endpoint that fails below HTTP: about once a second
// a TCP connect to its host and port (closed at once, nothing sent) or a lookup of its name; while
// this machine is offline, the same connect, where a refusal counts too (something answered). The
// first success is reported once; EndpointMonitor then runs the full probe at once. So a service
// coming back is seen within a second, while the HTTP load on it stays one request per planned
// check. Direct connections only: through a proxy the connect would only reach the proxy.
class RecoveryWatch : public QObject
{
    Q_OBJECT
public:
    explicit RecoveryWatch(QObject *parent = nullptr);
    ~RecoveryWatch() override;

    // Starts (or restarts) watching; the first check runs after one period.
    void start(const QUrl &url, RecoveryWatchMode mode);
    void stop();
    bool isActive() const { return m_mode != RecoveryWatchMode::None; }
    RecoveryWatchMode mode() const { return m_mode; }
    int checksRun() const { return m_checks; }

signals:
    void answered(); // once per start: the port accepted, the name resolved, or (Network) anything answered

private:
    void check();
    void abortCheck();
    void succeed();

    QUrl m_url;
    RecoveryWatchMode m_mode = RecoveryWatchMode::None;
    QTimer m_timer;
    QPointer<QTcpSocket> m_socket;
    int m_lookupId = -1;
    int m_checks = 0;
};

} // namespace NetPulse
