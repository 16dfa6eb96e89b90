#include "DemoService.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

namespace NetPulse {

DemoService::DemoService(QObject *parent)
    : QObject(parent)
{
    connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] {
        m_output += m_process.readAllStandardOutput();
        const qsizetype newline = m_output.indexOf('\n');
        if (newline < 0 || !m_urls.isEmpty())
            return;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(m_output.left(newline), &error);
        if (!document.isObject()) {
            emit failed(tr("the demo server printed something unexpected: %1").arg(error.errorString()));
            return;
        }
        m_urls = document.object();
        emit ready(m_urls);
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError) {
        if (m_urls.isEmpty())
            emit failed(tr("cannot start %1: %2").arg(serverProgram(), m_process.errorString()));
    });
}

DemoService::~DemoService()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(1000))
            m_process.kill();
        m_process.waitForFinished(1000);
    }
}

QString DemoService::serverProgram()
{
    return QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("netpulse-demo-server"));
}

void DemoService::start()
{
    if (!m_urls.isEmpty()) {
        emit ready(m_urls);
        return;
    }
    if (m_process.state() != QProcess::NotRunning)
        return; // starting: ready() will come
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start(serverProgram(), {QStringLiteral("--json"), QStringLiteral("--exit-with-stdin")});
}

QList<EndpointConfig> DemoService::endpoints(const QJsonObject &urls)
{
    const QString base = urls.value(QStringLiteral("base")).toString();
    auto make = [](const QString &name, const QString &url) {
        EndpointConfig config;
        config.name = name;
        config.demo = true;
        config.settings.probe.url = QUrl(url);
        // Quicker than the defaults, so a newcomer sees refused → retrying → down → recovered
        // within one cycle of the flapping endpoint (12 s refusing, 8 s up).
        config.settings.intervalMs = 2000;
        config.settings.downIntervalMs = 4000;
        // Equal jitter keeps each retry visibly apart: 0.5–1 s, 1–2 s, 2–4 s.
        config.settings.backoff = {1000, 2.0, 4000, JitterMode::Equal};
        return config;
    };
    QList<EndpointConfig> endpoints = {
        make(tr("Demo: flapping service"), urls.value(QStringLiteral("flapping")).toString()),
        make(tr("Demo: healthy JSON"), base + QStringLiteral("/ok?max_age=5")),
        make(tr("Demo: 503 with Retry-After"), base + QStringLiteral("/status/503?retry_after=3")),
        make(tr("Demo: self-signed TLS"), urls.value(QStringLiteral("tls")).toString()),
        make(tr("Demo: body cut by a reset"), base + QStringLiteral("/reset")),
        make(tr("Demo: not HTTP"), base + QStringLiteral("/garbage")),
    };
    endpoints[1].settings.intervalMs = 5000;
    return endpoints;
}

} // namespace NetPulse
