#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QProcess>

#include "endpoints/EndpointConfig.h"

namespace NetPulse {

// Runs netpulse-demo-server (installed next to netpulse) for the no-URL first launch, and reads
// the URLs it prints. The server exits when our end of its stdin closes, so it never outlives us,
// even if we crash.
class DemoService : public QObject
{
    Q_OBJECT
public:
    explicit DemoService(QObject *parent = nullptr);
    ~DemoService() override;

    // Starts the server; once it runs, ready() follows. Called again after that, it tells ready()
    // again with the same URLs (restoring the demo endpoints needs no second server).
    void start();
    static QString serverProgram();
    // The endpoints a newcomer sees, from the URLs the server printed; marked demo (never saved).
    static QList<EndpointConfig> endpoints(const QJsonObject &urls);

signals:
    void ready(const QJsonObject &urls);
    void failed(const QString &reason);

private:
    QProcess m_process;
    QJsonObject m_urls;
    QByteArray m_output;
};

} // namespace NetPulse
