// The event log table: rows follow the bounded log in batches, filters by kind and endpoint.
#include <QSignalSpy>
#include <QTest>

#include "EventLogModel.h"

#include "endpoints/EventLog.h"

using namespace NetPulse;

namespace {

LogEvent makeEvent(const QString &endpoint, FailureKind kind)
{
    LogEvent e;
    e.at = QDateTime::currentDateTimeUtc();
    e.endpointId = endpoint;
    e.endpointName = endpoint;
    e.kind = kind;
    e.message = failureKindName(kind);
    return e;
}

} // namespace

class TestEventLogModel : public QObject
{
    Q_OBJECT

private slots:
    void burstsArriveAsOneBatch();
    void evictionRemovesRowsFromTheTop();
    void filtersByKindAndEndpoint();
};

void TestEventLogModel::burstsArriveAsOneBatch()
{
    EventLog log;
    EventLogModel model(&log);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 500; ++i)
        log.append(makeEvent(QStringLiteral("a"), FailureKind::Ok));
    QCOMPARE(model.rowCount(), 0); // not yet: batched
    QTRY_COMPARE(model.rowCount(), 500);
    QCOMPARE(inserted.size(), 1); // one update for the whole burst
    QCOMPARE(model.index(0, EventLogModel::Kind).data().toString(), QStringLiteral("ok"));
}

void TestEventLogModel::evictionRemovesRowsFromTheTop()
{
    EventLog log(10);
    EventLogModel model(&log);
    for (int i = 0; i < 10; ++i)
        log.append(makeEvent(QStringLiteral("e%1").arg(i), FailureKind::Ok));
    model.flush();
    QCOMPARE(model.rowCount(), 10);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    for (int i = 10; i < 14; ++i)
        log.append(makeEvent(QStringLiteral("e%1").arg(i), FailureKind::Ok));
    model.flush();
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.index(0, EventLogModel::Endpoint).data().toString(), QStringLiteral("e4"));
    QCOMPARE(model.index(9, EventLogModel::Endpoint).data().toString(), QStringLiteral("e13"));
}

void TestEventLogModel::filtersByKindAndEndpoint()
{
    EventLog log;
    EventLogModel model(&log);
    EventLogFilter filter;
    filter.setSourceModel(&model);
    log.append(makeEvent(QStringLiteral("a"), FailureKind::Ok));
    log.append(makeEvent(QStringLiteral("a"), FailureKind::ConnectionRefused));
    log.append(makeEvent(QStringLiteral("b"), FailureKind::ConnectionRefused));
    log.append(makeEvent(QStringLiteral("b"), FailureKind::TlsError));
    model.flush();
    QCOMPARE(filter.rowCount(), 4);
    filter.setKind(QStringLiteral("connection_refused"));
    QCOMPARE(filter.rowCount(), 2);
    filter.setEndpointId(QStringLiteral("b"));
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.sourceRows(), QList<int>{2});
    filter.setKind(QString());
    QCOMPARE(filter.sourceRows(), (QList<int>{2, 3}));
    // What an export of the filtered view writes.
    QCOMPARE(log.toJsonLines(filter.sourceRows()).count('\n'), 2);
}

QTEST_MAIN(TestEventLogModel)
#include "TestEventLogModel.moc"
