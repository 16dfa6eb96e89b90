#pragma once

#include <functional>

#include <QLocalServer>
#include <QObject>
#include <QString>
#include <QStringList>

class QLocalSocket;

namespace NetPulse {

// A launch on a profile that another window already holds (base/ProfileLock.h) does not open a
// second writer: it hands its command line and working folder to the running window over a local
// socket only this user can open, prints that window's answer and exits. The window applies the
// request as if it had been its own command line (a URL to add, a file to watch or import) and
// comes to the front.
//
// One request per connection, one JSON line each way:
//   {"arguments": ["netpulse", "http://…"], "directory": "/home/…"}   →   {"ok": true, "message": "…"}
class HandOverServer : public QObject
{
    Q_OBJECT
public:
    struct Answer
    {
        bool ok = true;
        QString message; // what the later launch prints
    };
    using Handler = std::function<Answer(const QStringList &arguments, const QString &directory)>;

    HandOverServer(const QString &channelName, Handler handler, QObject *parent = nullptr);

    // Only the profile's lock holder listens, so a socket left by a holder that died is removed
    // first. False with the reason when it cannot listen; the window then runs without hand-overs.
    bool listen(QString *problem);

private:
    void serve(QLocalSocket *socket);

    QString m_name;
    Handler m_handler;
    QLocalServer m_server;
};

// The later launch's side: what the running window answered, or (`delivered` false) why nobody did.
struct HandOverReply
{
    bool delivered = false; // the running window answered
    bool ok = false;
    QString message; // its answer, or why nobody answered
};
// Blocks for at most `timeoutMs`: the running window may be busy, or hung.
HandOverReply handOver(const QString &channelName, const QStringList &arguments, const QString &directory,
                       int timeoutMs);

} // namespace NetPulse
