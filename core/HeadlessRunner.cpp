#include "HeadlessRunner.h"

#include "EndpointMonitor.h"
#include "Probe.h"
#include "ProbeEngine.h"
#include "SignalWatcher.h"

namespace NetPulse {

HeadlessRunner::HeadlessRunner(HeadlessConfig config, FILE *out, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_out(out)
    , m_engine(new ProbeEngine(this))
{
    if (m_config.proxy)
        m_engine->setProxy(*m_config.proxy);
    auto *watcher = new SignalWatcher(this);
    connect(watcher, &SignalWatcher::terminationRequested, this, &HeadlessRunner::onTermination);
}

void HeadlessRunner::start()
{
    if (m_config.once) {
        m_probe = m_engine->createProbe(m_config.monitor.probe, this);
        connect(m_probe, &Probe::finished, this, [this](const ProbeResult &result) {
            print(result, AttemptContext{1, std::nullopt});
            // --once answers with the kind's family (README, "Exit status").
            emit done(exitCodeForKind(result.kind));
        });
        m_probe->start();
        return;
    }
    m_monitor = new EndpointMonitor(m_engine, this);
    const QString problem = m_monitor->setSettings(m_config.monitor);
    if (!problem.isEmpty()) {
        std::fprintf(stderr, "netpulse: %s\n", qPrintable(problem));
        QMetaObject::invokeMethod(
            this, [this] { emit done(2); }, Qt::QueuedConnection);
        return;
    }
    m_monitor->setMaxAttempts(m_config.count);
    connect(m_monitor, &EndpointMonitor::attemptFinished, this, &HeadlessRunner::onAttemptFinished);
    // A watch that ran its course or was stopped is a success.
    connect(m_monitor, &EndpointMonitor::stopped, this, [this] { emit done(0); });
    m_monitor->start();
}

void HeadlessRunner::print(const ProbeResult &result, const AttemptContext &context)
{
    const QByteArray line = resultToJsonLine(result, context);
    std::fwrite(line.constData(), 1, size_t(line.size()), m_out);
    std::fputc('\n', m_out);
    std::fflush(m_out);
}

void HeadlessRunner::onAttemptFinished(const ProbeResult &result, const MonitorStatus &status)
{
    print(result, AttemptContext{std::max(1, status.lastAttempt), status});
}

void HeadlessRunner::onTermination()
{
    if (m_terminating)
        return;
    m_terminating = true;
    if (m_probe) {
        m_probe->cancel(); // prints the cancelled line and exits with 7
        return;
    }
    if (m_monitor && m_monitor->isRunning())
        m_monitor->stop();
    else
        emit done(0);
}

} // namespace NetPulse
