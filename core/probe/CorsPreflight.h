#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include "probe/PageOriginCheck.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace NetPulse {

// The OPTIONS request a browser sends before a request that is not "simple" (PageOriginCheck):
// Origin and the Access-Control-Request-* headers, answered directly (a redirect is not followed,
// as browsers fail such a preflight), within a time limit. Says whether the answer allows the
// request; the verdict on the answer itself stays with the caller.
class CorsPreflight : public QObject
{
    Q_OBJECT
public:
    CorsPreflight(QNetworkAccessManager *manager, QObject *parent = nullptr);
    ~CorsPreflight() override;

    // `target`: where to connect (a loopback address for localhost, see LoopbackSweep); `endpoint`:
    // the URL the page calls, whose authority is the Host header. Emits answered() exactly once,
    // never before returning.
    void start(const QUrl &target, const QUrl &endpoint, const QUrl &page, const PageOriginCheck::Preflight &preflight,
               bool insecure, int limitMs);

signals:
    // Empty: allowed. Otherwise why the browser would stop there.
    void answered(const QString &blocked);

private:
    QNetworkAccessManager *m_manager;
    QPointer<QNetworkReply> m_reply;
    QTimer m_limit;
};

} // namespace NetPulse
