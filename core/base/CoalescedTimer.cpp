#include "base/CoalescedTimer.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThread>

namespace NetPulse {

CoalescedTimer::CoalescedTimer(std::function<void()> onTimeout)
    : m_onTimeout(std::move(onTimeout))
{
}

CoalescedTimer::~CoalescedTimer()
{
    stop();
}

void CoalescedTimer::start(int ms)
{
    TimerQueue *queue = TimerQueue::forThisThread();
    stop();
    queue->add(this, queue->nowNs() + qint64(std::max(0, ms)) * 1000000);
}

void CoalescedTimer::stop()
{
    if (m_queue)
        m_queue->remove(this);
}

int CoalescedTimer::remainingTime() const
{
    if (!m_queue)
        return -1;
    const qint64 leftNs = m_position->first - m_queue->nowNs();
    return int(std::max<qint64>(0, (leftNs + 999999) / 1000000));
}

TimerQueue *TimerQueue::forThisThread()
{
    // Timers never cross threads. A queue outlived by its timers (the application object went
    // first) leaves them stopped, and a later start() makes a new queue.
    thread_local QPointer<TimerQueue> queue;
    if (!queue) {
        queue = new TimerQueue;
        QCoreApplication *app = QCoreApplication::instance();
        if (app && app->thread() == QThread::currentThread())
            queue->setParent(app);
        else
            connect(QThread::currentThread(), &QThread::finished, queue.data(), &QObject::deleteLater);
    }
    return queue;
}

TimerQueue::~TimerQueue()
{
    for (auto &entry : m_queue)
        entry.second->m_queue = nullptr;
}

TimerQueue::TimerQueue()
{
    m_clock.start();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &TimerQueue::fireDue);
}

void TimerQueue::add(CoalescedTimer *timer, qint64 dueNs)
{
    timer->m_position = m_queue.emplace(dueNs, timer);
    timer->m_queue = this;
    if (m_armedForNs < 0 || dueNs < m_armedForNs)
        arm();
}

void TimerQueue::remove(CoalescedTimer *timer)
{
    m_queue.erase(timer->m_position);
    timer->m_queue = nullptr;
    // The QTimer stays armed for the removed one: firing for nothing once is cheaper than re-arming.
}

void TimerQueue::arm()
{
    if (m_queue.empty()) {
        m_timer.stop();
        m_armedForNs = -1;
        return;
    }
    m_armedForNs = m_queue.begin()->first;
    // Rounded up: a precise QTimer never fires early, so neither does a queued one.
    m_timer.start(int(std::max<qint64>(0, (m_armedForNs - nowNs() + 999999) / 1000000)));
}

void TimerQueue::fireDue()
{
    m_armedForNs = -1;
    // What is due now, one at a time from the front: a callback may start or stop any timer,
    // itself included. One started from a callback waits for the next turn of the event loop even
    // at 0 ms (as a QTimer would), so a timer re-armed at 0 cannot hold the loop.
    const qint64 now = nowNs();
    while (!m_queue.empty() && m_queue.begin()->first <= now) {
        CoalescedTimer *timer = m_queue.begin()->second;
        m_queue.erase(m_queue.begin());
        timer->m_queue = nullptr;
        // A copy: the callback may delete the timer's owner, and with it the timer.
        const std::function<void()> onTimeout = timer->m_onTimeout;
        onTimeout();
    }
    arm();
}

} // namespace NetPulse
