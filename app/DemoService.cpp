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
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start(serverProgram(), {QStringLiteral("--json"), QStringLiteral("--exit-with-stdin")});
}

} // namespace NetPulse
