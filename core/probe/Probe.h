#pragma once

#include <atomic>
#include <memory>

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include "base/CoalescedTimer.h"
#include "probe/ConnectGate.h"
#include "probe/FailureClassifier.h"
#include "probe/HeaderArrivalWatch.h"
#include "probe/ProbeOptions.h"
#include "probe/ProbeResult.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace NetPulse {

class ConnectionDiagnosis;
class LoopbackSweep;
class CorsPreflight;
class DnsCheck;

// One HTTP request from queue to result. The lifecycle:
//   start() → queued → connecting → (TLS) → request sent → headers → body → finished
// with a timestamp for each phase, two limits of our own (inactivity and a total deadline, since
// Qt's transfer timeout only measures inactivity and reports it as "cancelled"), a body cap, and,
// when Qt's error is ambiguous, a short raw-socket diagnosis before the verdict.
//
// A Probe emits finished() exactly once, whatever happens: success, failure, timeout, cancel(), or
// destruction while running (then with kind `cancelled`). It is single-use.
class Probe : public QObject
{
    Q_OBJECT
public:
    Probe(QNetworkAccessManager *manager, ProbeOptions options, QObject *parent = nullptr);
    ~Probe() override;

    const ProbeOptions &options() const { return m_options; }
    bool isRunning() const { return m_started && !m_finished; }
    bool isFinished() const { return m_finished; }
    const ProbeResult &result() const { return m_result; }

    // The platform's view of connectivity when the probe ends; see Reachability.
    void setReachability(Reachability reachability) { m_reachability = reachability; }

    // Try a plain TCP connect before the HTTP request, and settle a refused port without it. For
    // an endpoint whose last check was refused, where the next one most likely is too: a refused
    // connect costs a socket, a full request costs QNetworkAccessManager's thread hand-offs (about
    // four times as much). Only for probes that go direct: through a proxy the connect would only
    // reach the proxy. When the port accepts, the gate is closed at once and the probe runs as
    // usual with a fresh clock, so its timings are those of the request alone.
    void setConnectFirst(bool connectFirst) { m_connectFirst = connectFirst; }
    bool connectFirst() const { return m_connectFirst; }

    // When the check was handed to this probe (a clock started on another thread; the monotonic
    // clock is the same everywhere): the wait until start() is the lane's, and the result says it
    // apart from the server's time. Unset: no wait of that kind.
    void setSubmittedAt(const QElapsedTimer &submitted) { m_submitted = submitted; }
    void setLaneName(const QString &lane) { m_result.lane = lane; }
    // The lane's count of probes that held it busy (ProbeLane::heldCount); null: no lane.
    void setLaneHeldCount(std::shared_ptr<std::atomic<quint64>> count) { m_laneHeld = std::move(count); }

public slots:
    void start();
    void cancel();

    // Whether a request to `url` goes straight to its host, not through the manager's proxy
    // (which Qt uses for loopback hosts too).
    static bool goesDirect(const QNetworkAccessManager *manager, const QUrl &url);

signals:
    void phaseReached(NetPulse::ProbePhase phase);
    // Qt's outcome was ambiguous and a raw-socket check of the same host and port has begun.
    void diagnosisStarted();
    void finished(const NetPulse::ProbeResult &result);

private:
    qint64 now() const { return m_clock.nsecsElapsed(); }
    void sendRequest();
    void startConnectGate();
    void onGateAnswered(ConnectGate::Outcome outcome);
    void startLoopbackSweep();
    void onLoopbackSwept(ConnectGate::Outcome ipv4, ConnectGate::Outcome ipv6);
    void restartClockForRequest();
    void concludeRefusedAtConnect();
    bool startPageCheck(); // true: a preflight is on its way, and finishes the probe
    void blockForPage(const QString &reason);
    void armLimits();
    void onLimitTimer();
    void touch();
    void onSocketStartedConnecting();
    void onEncrypted();
    void onRequestSent();
    bool awaitingHeaders() const;
    void onMetaDataChanged();
    void onReadyRead();
    void onRedirected(const QUrl &url);
    void onSslErrors(const QList<QSslError> &errors);
    void onReplyFinished();
    void abortWith(AbortReason reason);
    void conclude(const Classification &classification);
    void runDiagnosis(DiagnosisReport::Mode mode);
    void recordCertificate();
    void emitFinished();
    ProbeObservation observe() const;
    bool explainedByOwnDelay(FailureKind kind) const;
    QString laneHoldingBehaviour() const;
    void markLaneHeld();

    QNetworkAccessManager *m_manager;
    ProbeOptions m_options;
    QPointer<QNetworkReply> m_reply;
    ConnectionDiagnosis *m_diagnosis = nullptr;
    ConnectGate *m_gate = nullptr;
    LoopbackSweep *m_sweep = nullptr;
    DnsCheck *m_dnsCheck = nullptr;
    bool m_dnsChecked = false;
    bool m_pageChecked = false;
    QUrl m_followUrl; // a redirect to another server, followed by a request of ours (onRedirected)
    CorsPreflight *m_preflight = nullptr;
    QElapsedTimer m_clock;
    QElapsedTimer m_submitted;
    // One timer for both limits: it fires at whichever of (last activity + inactivity limit) and
    // the total deadline comes first, and re-arms itself if activity moved the first one on. So
    // every byte that arrives costs an assignment, not a timer restart.
    CoalescedTimer m_limitTimer;
    HeaderArrivalWatch m_headerWatch;
    qint64 m_lastActivityNs = 0;
    qint64 m_deadlineNs = 0;
    qint64 m_headerBytes = 0; // received while the headers are awaited, as the kernel counts them
    ProbeResult m_result;
    AbortReason m_abortReason = AbortReason::None;
    Reachability m_reachability = Reachability::Unknown;
    QNetworkReply::NetworkError m_error = QNetworkReply::NoError;
    QString m_errorString;
    QStringList m_sslErrors;
    QString m_framingProblem;
    bool m_started = false;
    bool m_finished = false;
    bool m_connectFirst = false;
    std::optional<DiagnosisReport> m_diagnosisReport; // what the last diagnosis saw
    bool m_gateConnectedUnnoticed = false;            // the gate's limit fired on a connect the kernel had made
    qint64 m_limitDueNs = 0;                          // when the limit timer was last due, on m_clock
    bool m_limitFiredLate = false;                    // it fired well after that: this thread was stalled
    bool m_unreadAtLimit = false; // a limit came due while the kernel held answer bytes Qt had not read
    std::shared_ptr<std::atomic<quint64>> m_laneHeld;
    quint64 m_laneHeldAtStart = 0;
    bool m_heldLaneMarked = false; // this probe has counted itself in m_laneHeld
};

} // namespace NetPulse
