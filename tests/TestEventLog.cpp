#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include "endpoints/EventLog.h"
#include "probe/ProbeResult.h"

using namespace NetPulse;

namespace {

LogEvent makeEvent(const QString &endpoint, FailureKind kind, const QString &message = QStringLiteral("m"))
{
    LogEvent e;
    e.at = QDateTime(QDate(2026, 11, 29), QTime(12, 0), Qt::UTC);
    e.endpointId = endpoint;
    e.endpointName = endpoint;
    e.kind = kind;
    e.message = message;
    return e;
}

} // namespace

class TestEventLog : public QObject
{
    Q_OBJECT

private slots:
    void boundedOldestFirst();
    void factoriesCarryTheFacts();
    void jsonLinesParseBack();
    void csvQuotesWhatNeedsQuoting();
};

void TestEventLog::boundedOldestFirst()
{
    EventLog log(3);
    QSignalSpy appended(&log, &EventLog::eventsAppended);
    for (int i = 0; i < 5; ++i)
        log.append(makeEvent(QStringLiteral("e%1").arg(i), FailureKind::Ok));
    QCOMPARE(log.size(), 3);
    QCOMPARE(log.at(0).endpointId, QStringLiteral("e2"));
    QCOMPARE(log.at(2).endpointId, QStringLiteral("e4"));
    QCOMPARE(log.at(2).sequence, quint64(5)); // sequence numbers survive eviction
    QCOMPARE(appended.size(), 5);
    QCOMPARE(appended.at(3).at(1).toInt(), 1); // the fourth append evicted one
}

void TestEventLog::factoriesCarryTheFacts()
{
    ProbeResult result;
    result.kind = FailureKind::HttpServerError;
    result.httpStatus = 503;
    result.detail = QStringLiteral("GET https://bob:pw@h.test/ failed");
    result.timeline.finishedNs = 12'000'000;
    MonitorStatus status;
    status.state = MonitorState::Retrying;
    status.reason = QStringLiteral("http_server_error: retry 1 of 3 (backoff)");
    status.nextAttemptInMs = 1500;
    const LogEvent e = LogEvent::attempt(QStringLiteral("id"), QStringLiteral("API"), result, status);
    QCOMPARE(e.type, LogEvent::Type::Attempt);
    QCOMPARE(e.kind, FailureKind::HttpServerError);
    QCOMPARE(e.httpStatus, std::optional<int>(503));
    QCOMPARE(*e.totalMs, 12.0);
    QCOMPARE(e.message, QStringLiteral("Server error"));
    QVERIFY(!e.detail.contains(QLatin1String("pw"))); // redacted
    QCOMPARE(e.plan, QStringLiteral("http_server_error: retry 1 of 3 (backoff); retrying in 1.5 s"));
    const LogEvent s = LogEvent::stateChange(QStringLiteral("id"), QStringLiteral("API"), status);
    QCOMPARE(s.type, LogEvent::Type::StateChange);
    QCOMPARE(s.state, MonitorState::Retrying);
}

void TestEventLog::jsonLinesParseBack()
{
    EventLog log;
    log.append(makeEvent(QStringLiteral("a"), FailureKind::ConnectionRefused));
    log.append(makeEvent(QStringLiteral("b"), FailureKind::Ok));
    log.append(makeEvent(QStringLiteral("c"), FailureKind::TlsError));
    const QList<QByteArray> lines = log.toJsonLines({0, 2}).trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QJsonObject first = QJsonDocument::fromJson(lines.at(0)).object();
    QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("connection_refused"));
    QCOMPARE(first.value(QStringLiteral("endpoint")).toString(), QStringLiteral("a"));
    QCOMPARE(first.value(QStringLiteral("ts")).toString(), QStringLiteral("2026-11-29T12:00:00.000Z"));
    QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(QStringLiteral("kind")).toString(),
             QStringLiteral("tls_error"));
    QCOMPARE(log.toJsonLines().count('\n'), 3);
}

void TestEventLog::csvQuotesWhatNeedsQuoting()
{
    EventLog log;
    log.append(makeEvent(QStringLiteral("api, prod"), FailureKind::Ok, QStringLiteral("said \"hi\"\nthen left")));
    const QList<QByteArray> lines = log.toCsv().split('\n');
    QVERIFY(lines.at(0).startsWith("seq,type,ts,endpoint,kind"));
    QVERIFY(log.toCsv().contains("\"api, prod\""));
    QVERIFY(log.toCsv().contains("\"said \"\"hi\"\"\nthen left\""));
}

QTEST_GUILESS_MAIN(TestEventLog)
#include "TestEventLog.moc"
