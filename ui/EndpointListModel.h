#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include "Presentation.h"

#include "history/HistoryStore.h"

namespace NetPulse {

class EndpointList;
class VantageReader;
class WatchedEndpoint;

// The sidebar's rows: a view of core's EndpointList as a status board. Each row gives the name,
// the state in words ("Down for 4 min · connection refused", "Retrying in 3 s", "Up · 42 ms"), the
// last 24 hours' uptime as the history has it (refreshed each minute) and the last checks (EndpointRowDelegate draws
// them). The selected endpoint's row follows it in the same event-loop turn as the banner, the
// others within kBatchMs; rows tick each second for the countdowns.
// Editing a name renames the endpoint in the list.
//
// At fleet size (a thousand endpoints, each checked every few seconds) a check's change is told row
// by row, never as one range: a view then repaints only the rows it shows that changed, where a
// range repainted the whole list each turn (docs/PERFORMANCE.md, "The window at fleet size"); only
// the minute's uptime refresh and a vantage refresh touch every row at once. The second tick
// touches only the rows whose words hold a clock (a countdown, a "down for"). Each row's group
// (down, retrying, offline, up, other) is counted for the summary line.
class EndpointListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        StateTextRole = Qt::UserRole + 1, // the state in words
        ToneRole,                         // Presentation::Tone as int
        UptimeRole,                       // the last 24 hours' "99.5 %" (the session's without history), or "–"
        GroupRole,                        // Group as int: worst first, what "sort by state" sorts by
        SearchTextRole,                   // what a filter matches: name, URL, state and kind, both spellings
    };

    // The summary line's groups, worst first.
    enum class Group
    {
        Down,
        Retrying,
        Offline,
        Up,
        Other, // not checked yet, stopped
    };
    static constexpr int kGroupCount = 5;

    // How many of the last checks a row's accessible text counts (about as many as its strip draws).
    static constexpr int kSpokenChecks = 10;

    explicit EndpointListModel(EndpointList *list, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    WatchedEndpoint *at(int row) const;
    // The other vantage points (docs/vantage.md): a row failing only here starts its second line
    // with "Only here ·", where a narrow sidebar cannot elide it.
    void setVantageReader(const VantageReader *reader);
    // The row's second line, at `now` (UTC).
    static QString stateText(const WatchedEndpoint *endpoint, const QDateTime &now);
    // Its colour, by Presentation's one rule (the banner uses the same).
    static Presentation::Tone tone(const WatchedEndpoint *endpoint);
    static Group group(const WatchedEndpoint *endpoint);
    // "3 down", "995 up": a group's count in words.
    static QString groupText(Group group, int count);
    static QString groupWord(Group group); // "down": what the filter box finds a group by
    // The endpoint whose row is told in the same turn as its change (the selected one: the banner
    // beside it changes in that turn); the others are told together every kBatchMs.
    void setPromptEndpoint(const WatchedEndpoint *endpoint);
    static constexpr int kBatchMs = 250;
    // How many rows are in `group` now (as of the last flush).
    int count(Group group) const { return m_groupCounts[int(group)]; }

signals:
    // A group's count changed (summaryChanged), or a row left one group for another: the row's
    // verdict changed, what assistive technology is told (a countdown is not).
    void summaryChanged();
    void rowGroupChanged(int row);

private:
    void watch(WatchedEndpoint *endpoint);
    void forget(const WatchedEndpoint *endpoint);
    void flushChanges();
    void tickClocks();
    void refreshUptime();

    QString rowState(const WatchedEndpoint *endpoint, const QDateTime &now) const;

    EndpointList *m_list;
    QPointer<const VantageReader> m_vantageReader;
    // Rows changed since the last flush. At fleet size a view repainted at each turn paints its
    // visible rows dozens of times a second (the bounding rectangle of the rows changed in that
    // turn); told every kBatchMs, four times. The prompt endpoint's row is told at once.
    QSet<const WatchedEndpoint *> m_dirty;
    const WatchedEndpoint *m_prompt = nullptr;
    QTimer m_batch;
    // By endpoint id: the history's last 24 hours at the last refresh, and the session's counts
    // then, so the rows add what happened since (a failing endpoint never shows a stale 100 %).
    QHash<QString, HistoryUptime> m_dayUptime;
    QHash<QString, HistoryUptime> m_sessionAtRefresh;
    QTimer m_uptimeTimer;
    // Each row's group as last told, and the counts: a change in a group is found without
    // walking every row.
    QHash<const WatchedEndpoint *, Group> m_groups;
    int m_groupCounts[kGroupCount] = {};
};

} // namespace NetPulse
