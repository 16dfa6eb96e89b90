#pragma once

#include <deque>
#include <functional>
#include <optional>

#include <QDateTime>
#include <QObject>
#include <QString>

#include "kinds/FailureKind.h"
#include "monitor/MonitorStatus.h"

namespace NetPulse {

struct ProbeResult;

// One line of the log: an attempt's outcome, or a monitor state change.
struct LogEvent
{
    enum class Type
    {
        Attempt,
        StateChange,
        Notice, // NetPulse's own news, not an endpoint's: reports or alerts not delivered, and back
    };
    quint64 sequence = 0; // increasing, never reused: survives eviction of older events
    Type type = Type::Attempt;
    QDateTime at; // UTC
    QString endpointId;
    QString endpointName;
    FailureKind kind = FailureKind::Ok; // attempts
    std::optional<int> httpStatus;
    std::optional<double> totalMs, connectMs, tlsMs, ttfbMs, transferMs;
    MonitorState state = MonitorState::Idle;
    QString message; // the plain words: title for attempts, reason for state changes
    QString detail;  // technical, redacted
    QString plan;    // what happens next: "retry 2 of 3 in 1.2 s"

    static LogEvent attempt(const QString &endpointId, const QString &endpointName, const ProbeResult &result,
                            const MonitorStatus &status);
    static LogEvent stateChange(const QString &endpointId, const QString &endpointName, const MonitorStatus &status);
    // `source` stands where an endpoint's name would ("Reports", "Alerts").
    static LogEvent notice(const QString &source, const QString &message);
};

// A bounded, in-memory log shared by every endpoint. Oldest events go first once the capacity is
// reached, so it can run all day in constant memory. Readers (the UI's table model) are told about
// appends and evictions in batches of their own choosing through the signals.
class EventLog : public QObject
{
    Q_OBJECT
public:
    explicit EventLog(int capacity = 10000, QObject *parent = nullptr);

    int size() const { return int(m_events.size()); }
    const LogEvent &at(int index) const { return m_events.at(size_t(index)); }
    void append(LogEvent event);
    void clear();

    // JSON Lines and CSV exports of the given events (all when `rows` is empty).
    QByteArray toJsonLines(const QList<int> &rows = {}) const;
    QByteArray toCsv(const QList<int> &rows = {}) const;
    static QString typeName(LogEvent::Type type);

signals:
    // `count` events were added at the end, after `evicted` were dropped from the front.
    void eventsAppended(int count, int evicted);
    void cleared();

private:
    // Every event when `rows` is empty, else the given rows in order.
    void forEachRow(const QList<int> &rows, const std::function<void(const LogEvent &)> &visit) const;

    std::deque<LogEvent> m_events;
    int m_capacity;
    quint64 m_nextSequence = 1;
};

} // namespace NetPulse
