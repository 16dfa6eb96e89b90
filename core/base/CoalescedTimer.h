#pragma once

#include <functional>
#include <map>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace NetPulse {

// A single-shot timer that costs no Qt timer of its own: every CoalescedTimer of a thread waits in
// one ordered queue served by one precise QTimer. Qt keeps its timers in a list that is searched
// from the front on every stop, so with a thousand endpoints (each with a check timer, and a
// limit timer per probe in flight) starting and stopping timers became a visible part of a
// check's cost; here start and stop are O(log n). Fires no earlier than asked, like a precise
// QTimer, and never inside start().
class TimerQueue;

class CoalescedTimer
{
public:
    explicit CoalescedTimer(std::function<void()> onTimeout);
    ~CoalescedTimer();
    CoalescedTimer(const CoalescedTimer &) = delete;
    CoalescedTimer &operator=(const CoalescedTimer &) = delete;

    void start(int ms); // (re)starts: fires once, ms from now
    void stop();
    bool isActive() const { return m_queue != nullptr; }
    // Milliseconds until it fires (0 when due), or -1 when not active, as QTimer::remainingTime().
    int remainingTime() const;

private:
    friend class TimerQueue;
    using Queue = std::multimap<qint64, CoalescedTimer *>;
    std::function<void()> m_onTimeout;
    TimerQueue *m_queue = nullptr; // the queue it waits in; null when not waiting
    Queue::iterator m_position;
};

// The queue behind the CoalescedTimers of one thread.
class TimerQueue : public QObject
{
    Q_OBJECT
public:
    // The main thread's queue belongs to the application object; another thread's to the thread.
    static TimerQueue *forThisThread();
    ~TimerQueue() override;
    qint64 nowNs() const { return m_clock.nsecsElapsed(); }
    std::size_t size() const { return m_queue.size(); }

private:
    friend class CoalescedTimer;
    TimerQueue();
    void add(CoalescedTimer *timer, qint64 dueNs);
    void remove(CoalescedTimer *timer);
    void arm();
    void fireDue();

    CoalescedTimer::Queue m_queue;
    QElapsedTimer m_clock;
    QTimer m_timer;
    qint64 m_armedForNs = -1;
};

} // namespace NetPulse
