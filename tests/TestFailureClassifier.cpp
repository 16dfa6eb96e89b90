// The decision table on plain observations: Qt 6.4's misleading errors, our own aborts, the
// diagnosis round trip and the offline decision, with the platform's signal injected.
#include <QTest>

#include "probe/FailureClassifier.h"

using namespace NetPulse;

Q_DECLARE_METATYPE(NetPulse::ProbeObservation)

namespace {

enum class Stage
{
    None,
    Connecting,
    Encrypted,
    Sent,
    Headers
};

ProbeObservation observation(QNetworkReply::NetworkError error, Stage stage, std::optional<int> status = {},
                             AbortReason abort = AbortReason::None, bool https = false)
{
    ProbeObservation o;
    o.error = error;
    o.errorString = QStringLiteral("Qt says something");
    o.httpStatus = status;
    o.isHttps = https;
    o.connectingStarted = stage >= Stage::Connecting;
    o.encrypted = https && stage >= Stage::Encrypted;
    o.requestSent = stage >= Stage::Sent;
    o.headersReceived = stage >= Stage::Headers;
    o.abortReason = abort;
    o.inactivityTimeoutMs = 5000;
    o.totalDeadlineMs = 30000;
    o.maxBodyBytes = 1000;
    return o;
}

DiagnosisReport diagnosis(bool connected, const QByteArray &firstBytes)
{
    DiagnosisReport report;
    report.mode = DiagnosisReport::Mode::HttpExchange;
    report.tcpConnected = connected;
    report.firstBytes = firstBytes;
    return report;
}

} // namespace

class TestFailureClassifier : public QObject
{
    Q_OBJECT

private slots:
    void classify_data();
    void classify();
    void ambiguousCasesAskForDiagnosis_data();
    void ambiguousCasesAskForDiagnosis();
    void kindForStatus_data();
    void kindForStatus();
};

void TestFailureClassifier::classify_data()
{
    using E = QNetworkReply::NetworkError;
    QTest::addColumn<ProbeObservation>("observation");
    QTest::addColumn<FailureKind>("expected");

    QTest::newRow("200 complete") << observation(E::NoError, Stage::Headers, 200) << FailureKind::Ok;
    QTest::newRow("304 without a body") << observation(E::NoError, Stage::Headers, 304) << FailureKind::Ok;
    {
        ProbeObservation o = observation(E::NoError, Stage::Headers, 200);
        o.contentLength = 1000;
        o.bytesReceived = 500;
        QTest::newRow("success short of Content-Length") << o << FailureKind::RemoteClosed;
    }
    QTest::newRow("429 is UnknownContentError in Qt 6.4")
        << observation(E::UnknownContentError, Stage::Headers, 429) << FailureKind::RateLimited;
    QTest::newRow("408 is UnknownContentError in Qt 6.4")
        << observation(E::UnknownContentError, Stage::Headers, 408) << FailureKind::HttpClientError;
    QTest::newRow("404") << observation(E::ContentNotFoundError, Stage::Headers, 404) << FailureKind::HttpClientError;
    QTest::newRow("502 is UnknownServerError in Qt 6.4")
        << observation(E::UnknownServerError, Stage::Headers, 502) << FailureKind::HttpServerError;
    QTest::newRow("504 is UnknownServerError in Qt 6.4")
        << observation(E::UnknownServerError, Stage::Headers, 504) << FailureKind::HttpServerError;
    QTest::newRow("503 whose body then stalls")
        << observation(E::OperationCanceledError, Stage::Headers, 503, AbortReason::InactivityTimeout)
        << FailureKind::HttpServerError;
    QTest::newRow("reset mid-body keeps status 200")
        << observation(E::RemoteHostClosedError, Stage::Headers, 200) << FailureKind::RemoteClosed;
    QTest::newRow("refused") << observation(E::ConnectionRefusedError, Stage::Connecting)
                             << FailureKind::ConnectionRefused;
    QTest::newRow("host not found") << observation(E::HostNotFoundError, Stage::None) << FailureKind::HostNotFound;
    {
        ProbeObservation o = observation(E::OperationCanceledError, Stage::None, {}, AbortReason::InactivityTimeout);
        DiagnosisReport lookupFailed;
        lookupFailed.hostNotFound = true;
        lookupFailed.socketError = QStringLiteral("Host not found");
        o.diagnosis = lookupFailed;
        QTest::newRow("timeout before connecting, fresh lookup fails") << o << FailureKind::HostNotFound;
        DiagnosisReport lookupHangs;
        lookupHangs.timedOut = true;
        o.diagnosis = lookupHangs;
        QTest::newRow("timeout before connecting, fresh lookup hangs") << o << FailureKind::HostNotFound;
        o.hostIsAddress = true;
        QTest::newRow("timeout before connecting to an IP literal") << o << FailureKind::ConnectTimeout;
        o.hostIsAddress = false;
        o.diagnosis = diagnosis(true, {});
        QTest::newRow("timeout before connecting, fresh connect works") << o << FailureKind::ConnectTimeout;
    }
    QTest::newRow("timeout while connecting (http)")
        << observation(E::OperationCanceledError, Stage::Connecting, {}, AbortReason::InactivityTimeout)
        << FailureKind::ConnectTimeout;
    {
        ProbeObservation o =
            observation(E::OperationCanceledError, Stage::Connecting, {}, AbortReason::InactivityTimeout, true);
        o.diagnosis = diagnosis(true, {});
        QTest::newRow("https timeout, TCP connects: handshake never answered") << o << FailureKind::TlsError;
        o.diagnosis = diagnosis(false, {});
        QTest::newRow("https timeout, TCP does not connect") << o << FailureKind::ConnectTimeout;
    }
    {
        // Queued by Qt behind another probe's attempt to the same https port: no "connecting" of
        // its own. The fresh check is a TLS handshake, and its answer decides.
        ProbeObservation o =
            observation(E::OperationCanceledError, Stage::None, {}, AbortReason::InactivityTimeout, true);
        o.hostIsAddress = true;
        DiagnosisReport handshake = diagnosis(true, {});
        handshake.mode = DiagnosisReport::Mode::TlsHandshake;
        handshake.timedOut = true;
        o.diagnosis = handshake;
        QTest::newRow("https, queued, TCP connects, handshake never answered") << o << FailureKind::TlsError;
        handshake.tlsCompleted = true;
        handshake.timedOut = false;
        o.diagnosis = handshake;
        QTest::newRow("https, queued, fresh handshake completes") << o << FailureKind::ConnectTimeout;
    }
    QTest::newRow("timeout after request sent")
        << observation(E::OperationCanceledError, Stage::Sent, {}, AbortReason::InactivityTimeout)
        << FailureKind::ResponseTimeout;
    QTest::newRow("deadline after request sent (endless headers)")
        << observation(E::OperationCanceledError, Stage::Sent, {}, AbortReason::TotalDeadline)
        << FailureKind::ResponseTimeout;
    QTest::newRow("timeout after headers")
        << observation(E::OperationCanceledError, Stage::Headers, 200, AbortReason::InactivityTimeout)
        << FailureKind::TransferStalled;
    QTest::newRow("deadline after headers (drip)")
        << observation(E::OperationCanceledError, Stage::Headers, 200, AbortReason::TotalDeadline)
        << FailureKind::TransferStalled;
    QTest::newRow("Qt's own cancel is not the user's")
        << observation(E::OperationCanceledError, Stage::Sent) << FailureKind::NetworkError;
    QTest::newRow("user cancel wins over everything")
        << observation(E::OperationCanceledError, Stage::Headers, 500, AbortReason::Cancelled)
        << FailureKind::Cancelled;
    QTest::newRow("body cap") << observation(E::OperationCanceledError, Stage::Headers, 200, AbortReason::BodyTooLarge)
                              << FailureKind::BodyTooLarge;
    {
        ProbeObservation o = observation(E::RemoteHostClosedError, Stage::Sent);
        o.diagnosis = diagnosis(true, "SSH-2.0-OpenSSH");
        QTest::newRow("closed, diagnosis hears non-HTTP") << o << FailureKind::ProtocolError;
        o.diagnosis = diagnosis(true, {});
        QTest::newRow("closed, diagnosis hears nothing") << o << FailureKind::RemoteClosed;
        o.diagnosis = diagnosis(true, "HTTP/1.1 200 OK");
        QTest::newRow("closed, diagnosis hears HTTP") << o << FailureKind::RemoteClosed;
        o.diagnosis = diagnosis(false, {});
        QTest::newRow("closed, diagnosis cannot connect") << o << FailureKind::RemoteClosed;
    }
    {
        ProbeObservation o = observation(E::SslHandshakeFailedError, Stage::Connecting, {}, AbortReason::None, true);
        o.sslErrors = {QStringLiteral("The certificate has expired")};
        QTest::newRow("certificate rejected") << o << FailureKind::TlsError;
    }
    QTest::newRow("too many redirects") << observation(E::TooManyRedirectsError, Stage::Headers, 302)
                                        << FailureKind::RedirectLoop;
    QTest::newRow("protocol failure") << observation(E::ProtocolFailure, Stage::Sent) << FailureKind::ProtocolError;
    QTest::newRow("proxy refused") << observation(E::ProxyConnectionRefusedError, Stage::Connecting)
                                   << FailureKind::ProxyError;
    {
        ProbeObservation o = observation(E::ConnectionRefusedError, Stage::Connecting);
        o.proxy = QStringLiteral("127.0.0.1:3128");
        QTest::newRow("refused by the proxy (Qt says plain refused)") << o << FailureKind::ProxyError;
        o = observation(E::HostNotFoundError, Stage::None);
        o.proxy = QStringLiteral("proxy.test:3128");
        QTest::newRow("proxy name does not resolve") << o << FailureKind::ProxyError;
    }
    QTest::newRow("proxy auth") << observation(E::ProxyAuthenticationRequiredError, Stage::Connecting)
                                << FailureKind::ProxyError;
    QTest::newRow("temporary network failure")
        << observation(E::TemporaryNetworkFailureError, Stage::None) << FailureKind::Offline;
    QTest::newRow("insecure redirect has no kind of its own")
        << observation(E::InsecureRedirectError, Stage::Headers) << FailureKind::NetworkError;

    // Offline: only "disconnected" from the platform is trusted, and never for loopback.
    {
        ProbeObservation o = observation(E::HostNotFoundError, Stage::None);
        o.reachability = Reachability::Disconnected;
        QTest::newRow("DNS fails while disconnected") << o << FailureKind::Offline;
        o.reachability = Reachability::Online;
        QTest::newRow("DNS fails while online") << o << FailureKind::HostNotFound;
        o.reachability = Reachability::Disconnected;
        o.isLoopbackHost = true;
        QTest::newRow("loopback works offline") << o << FailureKind::HostNotFound;
    }
    {
        ProbeObservation o =
            observation(E::OperationCanceledError, Stage::Connecting, {}, AbortReason::InactivityTimeout);
        o.reachability = Reachability::Disconnected;
        QTest::newRow("connect timeout while disconnected") << o << FailureKind::Offline;
    }
    {
        ProbeObservation o = observation(E::UnknownNetworkError, Stage::Connecting);
        o.errorString = QStringLiteral("Network unreachable");
        QTest::newRow("no route, platform silent") << o << FailureKind::Offline;
        o.reachability = Reachability::Online;
        QTest::newRow("no route, platform says online") << o << FailureKind::NetworkError;
    }
    {
        ProbeObservation o = observation(E::ConnectionRefusedError, Stage::Connecting);
        o.reachability = Reachability::Disconnected;
        QTest::newRow("refused means someone answered") << o << FailureKind::ConnectionRefused;
    }
}

void TestFailureClassifier::classify()
{
    QFETCH(ProbeObservation, observation);
    QFETCH(FailureKind, expected);
    const Classification result = FailureClassifier::classify(observation);
    QVERIFY(!result.needsDiagnosis);
    QCOMPARE(failureKindName(result.kind), failureKindName(expected));
    QVERIFY(!result.detail.isEmpty());
}

void TestFailureClassifier::ambiguousCasesAskForDiagnosis_data()
{
    using E = QNetworkReply::NetworkError;
    QTest::addColumn<ProbeObservation>("observation");
    QTest::addColumn<int>("mode");
    QTest::newRow("closed before headers")
        << observation(E::RemoteHostClosedError, Stage::Sent) << int(DiagnosisReport::Mode::HttpExchange);
    QTest::newRow("timeout before any connection attempt")
        << observation(E::OperationCanceledError, Stage::None, {}, AbortReason::InactivityTimeout)
        << int(DiagnosisReport::Mode::TcpConnect);
    QTest::newRow("https connect timeout")
        << observation(E::OperationCanceledError, Stage::Connecting, {}, AbortReason::InactivityTimeout, true)
        << int(DiagnosisReport::Mode::TcpConnect);
}

void TestFailureClassifier::ambiguousCasesAskForDiagnosis()
{
    QFETCH(ProbeObservation, observation);
    QFETCH(int, mode);
    const Classification result = FailureClassifier::classify(observation);
    QVERIFY(result.needsDiagnosis.has_value());
    QCOMPARE(int(*result.needsDiagnosis), mode);
}

void TestFailureClassifier::kindForStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<FailureKind>("expected");
    QTest::newRow("200") << 200 << FailureKind::Ok;
    QTest::newRow("301") << 301 << FailureKind::Ok;
    QTest::newRow("399") << 399 << FailureKind::Ok;
    QTest::newRow("400") << 400 << FailureKind::HttpClientError;
    QTest::newRow("428") << 428 << FailureKind::HttpClientError;
    QTest::newRow("429") << 429 << FailureKind::RateLimited;
    QTest::newRow("499") << 499 << FailureKind::HttpClientError;
    QTest::newRow("500") << 500 << FailureKind::HttpServerError;
    QTest::newRow("599") << 599 << FailureKind::HttpServerError;
}

void TestFailureClassifier::kindForStatus()
{
    QFETCH(int, status);
    QFETCH(FailureKind, expected);
    QCOMPARE(FailureClassifier::kindForStatus(status), expected);
}

QTEST_GUILESS_MAIN(TestFailureClassifier)
#include "TestFailureClassifier.moc"
