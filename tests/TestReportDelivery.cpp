// Reports to a backend, against a real receiver on 127.0.0.1: CloudEvents in batches, secrets kept
// out, kept in the outbox while the backend refuses, hangs or fails, delivered once it is back,
// and a full outbox that says how many it dropped.
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "FreePort.h"
#include "ReportReceiver.h"

#include "base/Vantage.h"
#include "history/HistoryStore.h"
#include "reports/ReportDelivery.h"
#include "reports/Reporter.h"

using namespace NetPulse;

namespace {

ProbeResult failure(FailureKind kind = FailureKind::ConnectionRefused)
{
    ProbeResult r;
    r.kind = kind;
    r.url = QUrl(QStringLiteral("http://admin:hunter2@127.0.0.1:9/health?token=abc123&page=2"));
    r.method = "GET";
    r.detail = QStringLiteral("Connection refused at http://admin:hunter2@127.0.0.1:9/health?token=abc123");
    r.timeline.finishedNs = 2'000'000;
    return r;
}

ReportSubject subject()
{
    return {QStringLiteral("endpoint-1"), QStringLiteral("Health"),
            QUrl(QStringLiteral("http://admin:hunter2@127.0.0.1:9/health?token=abc123&page=2")), "GET"};
}

MonitorStatus status(MonitorState state)
{
    MonitorStatus s;
    s.state = state;
    s.reason = monitorStateName(state);
    s.lastAttempt = 1;
    return s;
}

// A port nothing listens on, free to listen on later.
} // namespace

class TestReportDelivery : public QObject
{
    Q_OBJECT

private slots:
    void deliversCloudEventsInBatches();
    void keepsReportsUntilTheBackendIsBack_data();
    void keepsReportsUntilTheBackendIsBack();
    void fullOutboxSaysHowManyItDropped();
    void nothingIsQueuedWithoutATarget();
};

void TestReportDelivery::deliversCloudEventsInBatches()
{
    ReportReceiver receiver;
    QVERIFY(receiver.listen());
    QNetworkAccessManager network;
    HistoryStore outbox{QString()};
    Reporter reporter(&outbox, &network);
    ReportTarget target;
    target.url = receiver.url();
    target.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer s3cret-token")));
    reporter.setTarget(target);

    for (int i = 0; i < 3; ++i)
        reporter.reportAttempt(subject(), failure(), status(MonitorState::Retrying));
    ProbeResult ok;
    ok.kind = FailureKind::Ok;
    reporter.reportAttempt(subject(), ok, status(MonitorState::Up));                                   // not a failure
    reporter.reportAttempt(subject(), failure(FailureKind::Cancelled), status(MonitorState::Stopped)); // ours
    reporter.reportStateChange(subject(), status(MonitorState::Down), MonitorState::Retrying, failure());
    reporter.reportStateChange(subject(), status(MonitorState::Probing), MonitorState::Down, failure()); // not settled

    QTRY_COMPARE_WITH_TIMEOUT(receiver.acceptedIds.size(), 4, 10000);
    QTRY_COMPARE(outbox.waitingReportCount(), 0);
    QCOMPARE(QSet<QString>(receiver.acceptedIds.cbegin(), receiver.acceptedIds.cend()).size(), 4);
    // Made in the same moment: one POST.
    QCOMPARE(receiver.requests.size(), 1);
    const ReportReceiver::Request &request = receiver.requests.constFirst();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.headers.value("content-type"), QByteArray("application/cloudevents-batch+json"));
    QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer s3cret-token")); // sent...
    QVERIFY(!request.body.contains("s3cret"));                                           // ...never reported
    QVERIFY(!request.body.contains("hunter2"));
    QVERIFY(!request.body.contains("abc123"));

    const QJsonObject failed = receiver.acceptedEvents.constFirst();
    QCOMPARE(failed.value(QStringLiteral("specversion")).toString(), QStringLiteral("1.0"));
    QCOMPARE(failed.value(QStringLiteral("type")).toString(), QString::fromLatin1(ReportEvents::kProbeFailed));
    QCOMPARE(failed.value(QStringLiteral("source")).toString(), ReportEvents::source());
    QCOMPARE(failed.value(QStringLiteral("vantage")).toString(), Vantage::name()); // an extension attribute
    QCOMPARE(failed.value(QStringLiteral("subject")).toString(), QStringLiteral("Health"));
    QCOMPARE(failed.value(QStringLiteral("datacontenttype")).toString(), QStringLiteral("application/json"));
    QVERIFY(QDateTime::fromString(failed.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs).isValid());
    const QJsonObject data = failed.value(QStringLiteral("data")).toObject();
    QCOMPARE(data.value(QStringLiteral("kind")).toString(), QStringLiteral("connection_refused"));
    QCOMPARE(data.value(QStringLiteral("state")).toString(), QStringLiteral("retrying"));
    QVERIFY(!data.value(QStringLiteral("title")).toString().isEmpty());
    QCOMPARE(data.value(QStringLiteral("timings_ms")).toObject().value(QStringLiteral("total")).toDouble(), 2.0);
    const QJsonObject endpoint = data.value(QStringLiteral("endpoint")).toObject();
    QCOMPARE(endpoint.value(QStringLiteral("name")).toString(), QStringLiteral("Health"));
    QCOMPARE(endpoint.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
    QVERIFY(endpoint.value(QStringLiteral("url")).toString().contains(QStringLiteral("token=***")));
    QVERIFY(data.contains(QStringLiteral("host")) && data.contains(QStringLiteral("app_version")));

    const QJsonObject changed = receiver.acceptedEvents.constLast();
    QCOMPARE(changed.value(QStringLiteral("type")).toString(), QString::fromLatin1(ReportEvents::kStateChanged));
    const QJsonObject changedData = changed.value(QStringLiteral("data")).toObject();
    QCOMPARE(changedData.value(QStringLiteral("state")).toString(), QStringLiteral("down"));
    QCOMPARE(changedData.value(QStringLiteral("previous_state")).toString(), QStringLiteral("retrying"));
}

void TestReportDelivery::keepsReportsUntilTheBackendIsBack_data()
{
    QTest::addColumn<QString>("failure");
    QTest::newRow("refuses") << QStringLiteral("refuse");
    QTest::newRow("hangs") << QStringLiteral("hang");
    QTest::newRow("answers 500") << QStringLiteral("500");
}

void TestReportDelivery::keepsReportsUntilTheBackendIsBack()
{
    QFETCH(QString, failure);
    ReportReceiver receiver;
    const quint16 port = freePort();
    if (failure != QLatin1String("refuse")) {
        QVERIFY(receiver.listen(port));
        receiver.setMode(failure == QLatin1String("hang") ? ReportReceiver::Mode::Hang : ReportReceiver::Mode::Fail500);
    }
    QNetworkAccessManager network;
    QTemporaryDir dir;
    HistoryStore outbox(dir.path());
    for (int i = 0; i < 5; ++i) {
        const ReportEvent event = ReportEvents::probeFailed(subject(), ::failure(), status(MonitorState::Down));
        outbox.queueReport(event.id, event.json, 100);
    }
    ReportDelivery delivery(&outbox, &network, [] { return 0.0; }); // the shortest backoff
    delivery.setTimeoutMs(300);
    QSignalSpy failed(&delivery, &ReportDelivery::deliveryFailed);
    QSignalSpy restored(&delivery, &ReportDelivery::deliveryRestored);
    ReportTarget target;
    target.url = QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(port));
    delivery.setTarget(target);

    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("127.0.0.1:%1").arg(port)),
             qPrintable(failed.at(0).at(0).toString()));
    // Tried again on the backoff, said once.
    QTRY_VERIFY_WITH_TIMEOUT(receiver.seenIds.size() >= 10 || failure == QLatin1String("refuse"), 10000);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(outbox.waitingReportCount(), 5);
    QVERIFY(receiver.acceptedIds.isEmpty());

    // The backend comes back.
    if (failure == QLatin1String("refuse"))
        QVERIFY(receiver.listen(port));
    receiver.setMode(ReportReceiver::Mode::Accept);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.acceptedIds.size(), 5, 20000);
    QTRY_COMPARE(restored.size(), 1);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(outbox.waitingReportCount(), 0);
    QCOMPARE(QSet<QString>(receiver.acceptedIds.cbegin(), receiver.acceptedIds.cend()).size(), 5);
}

void TestReportDelivery::fullOutboxSaysHowManyItDropped()
{
    ReportReceiver receiver;
    QVERIFY(receiver.listen());
    QNetworkAccessManager network;
    HistoryStore outbox{QString()};
    QStringList ids;
    for (int i = 0; i < 8; ++i) {
        const ReportEvent event = ReportEvents::probeFailed(subject(), failure(), status(MonitorState::Down));
        outbox.queueReport(event.id, event.json, 5);
        ids << event.id;
    }
    ReportDelivery delivery(&outbox, &network);
    ReportTarget target;
    target.url = receiver.url();
    delivery.setTarget(target);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.acceptedIds.size(), 6, 10000);
    const QJsonObject notice = receiver.acceptedEvents.constFirst();
    QCOMPARE(notice.value(QStringLiteral("type")).toString(), QString::fromLatin1(ReportEvents::kReportsDropped));
    QCOMPARE(notice.value(QStringLiteral("data")).toObject().value(QStringLiteral("dropped")).toInt(), 3);
    QCOMPARE(receiver.acceptedIds.mid(1), ids.mid(3)); // the newest five, oldest first
}

void TestReportDelivery::nothingIsQueuedWithoutATarget()
{
    QNetworkAccessManager network;
    HistoryStore outbox{QString()};
    Reporter reporter(&outbox, &network);
    reporter.reportAttempt(subject(), failure(), status(MonitorState::Down));
    QCOMPARE(outbox.waitingReportCount(), 0);
    QVERIFY(!reporter.isEnabled());
}

QTEST_GUILESS_MAIN(TestReportDelivery)
#include "TestReportDelivery.moc"
