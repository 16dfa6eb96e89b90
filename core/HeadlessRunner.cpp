#include "HeadlessRunner.h"

#include "ProbeEngine.h"
#include "ProbeLoop.h"
#include "ResultJson.h"
#include "SignalWatcher.h"

namespace NetPulse {

HeadlessRunner::HeadlessRunner(HeadlessConfig config, FILE *out, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_out(out)
    , m_engine(new ProbeEngine(this))
    , m_loop(m_engine->createLoop(this))
{
    if (m_config.proxy)
        m_engine->setProxy(*m_config.proxy);
    m_loop->setOptions(m_config.probe);
    m_loop->setIntervalMs(m_config.intervalMs);
    m_loop->setMaxAttempts(m_config.once ? 1 : m_config.count);
    connect(m_loop, &ProbeLoop::attemptFinished, this, &HeadlessRunner::onAttemptFinished);
    connect(m_loop, &ProbeLoop::stopped, this, [this] { emit done(m_exitCode); });
    auto *watcher = new SignalWatcher(this);
    connect(watcher, &SignalWatcher::terminationRequested, this, &HeadlessRunner::onTermination);
}

void HeadlessRunner::start()
{
    m_loop->start();
}

void HeadlessRunner::onAttemptFinished(const ProbeResult &result, int attempt)
{
    const QByteArray line = resultToJsonLine(result, AttemptContext{attempt, std::nullopt});
    std::fwrite(line.constData(), 1, size_t(line.size()), m_out);
    std::fputc('\n', m_out);
    std::fflush(m_out);
    // --once answers with the kind's family; a watch that ran its course or was stopped is a success.
    if (m_config.once)
        m_exitCode = exitCodeForKind(result.kind);
}

void HeadlessRunner::onTermination()
{
    if (m_terminating)
        return;
    m_terminating = true;
    if (!m_config.once)
        m_exitCode = 0;
    if (m_loop->isRunning())
        m_loop->stop();
    else
        emit done(m_exitCode);
}

} // namespace NetPulse
