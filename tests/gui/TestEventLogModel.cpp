// The event log table: rows follow the bounded log in batches, filters by kind and endpoint.
#include <QSignalSpy>
#include <QTest>

#include "EventLogModel.h"
#include "EventLogPage.h"

#include "endpoints/EndpointList.h"
#include "endpoints/EventLog.h"
#include "probe/ProbeEngine.h"

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
    void tenThousandEventsInOneBurst();
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
    // The words a person reads elsewhere; the name exports carry in the tooltip.
    QCOMPARE(model.index(0, EventLogModel::Kind).data().toString(), QStringLiteral("OK"));
    QCOMPARE(model.index(0, EventLogModel::Kind).data(Qt::ToolTipRole).toString(), QStringLiteral("OK (ok)"));
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

// A full log takes another 10,000 events at once, with the page on screen and filtered: the rows
// follow in one insert and one removal, the oldest go, the filter and the export stay exact.
void TestEventLogModel::tenThousandEventsInOneBurst()
{
    constexpr int kBurst = 10000;
    EventLog log(kBurst);
    ProbeEngine engine;
    EndpointList endpoints({&engine, nullptr, &log});
    EventLogPage page(&log, &endpoints);
    page.resize(900, 500);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *model = page.findChild<EventLogModel *>();
    auto *filter = page.findChild<EventLogFilter *>();
    QVERIFY(model && filter);
    for (int i = 0; i < kBurst; ++i)
        log.append(makeEvent(QStringLiteral("before"), FailureKind::Ok));
    QTRY_COMPARE(model->rowCount(), kBurst);
    filter->setKind(QStringLiteral("connection_refused"));
    QCOMPARE(filter->rowCount(), 0);

    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
    for (int i = 0; i < kBurst; ++i)
        log.append(makeEvent(QStringLiteral("e%1").arg(i), i % 2 ? FailureKind::ConnectionRefused : FailureKind::Ok));
    QCOMPARE(log.size(), kBurst);
    QCOMPARE(log.at(0).sequence, quint64(kBurst + 1));
    QTRY_COMPARE(inserted.size(), 1); // the batch, whenever the model takes it
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model->rowCount(), kBurst);
    QCOMPARE(model->index(0, EventLogModel::Endpoint).data().toString(), QStringLiteral("e0"));
    QCOMPARE(model->index(kBurst - 1, EventLogModel::Endpoint).data().toString(), QStringLiteral("e9999"));
    QCOMPARE(filter->rowCount(), kBurst / 2);
    QCOMPARE(log.toJsonLines(filter->sourceRows()).count('\n'), kBurst / 2);
}

QTEST_MAIN(TestEventLogModel)
#include "TestEventLogModel.moc"
