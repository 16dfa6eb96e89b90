// One request's whole lifecycle in one file on purpose: the phase slots, the two limits, the abort
// and the conclusion all read and write the same timeline and the same once-only state, and split
// apart that state would have to be shared. The parts with a life of their own are classes
// already: ConnectGate, ConnectionDiagnosis, FailureClassifier, ResponseChecks.
// The isolation round's judgements (explainedByOwnDelay, laneHoldingBehaviour) read the same
// once-only state (abort reason, header bytes, the diagnosis, the limit timer's lateness), so they
// stay here too rather than take that state across a class boundary. The path round's steps with
// a life of their own are classes too (LoopbackSweep, DnsCheck, CorsPreflight, GatewayReading,
// CertificateProblems); what stays here is only where each starts and how its answer concludes.
#include "probe/Probe.h"

#include <algorithm>
#include <atomic>

#include <QCoreApplication>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>

#include "base/Logging.h"
#include "probe/CertificateProblems.h"
#include "probe/ConnectGate.h"
#include "probe/ConnectionDiagnosis.h"
#include "probe/CorsPreflight.h"
#include "probe/DnsCheck.h"
#include "probe/LoopbackSweep.h"
#include "probe/PageOriginCheck.h"
#include "probe/Redactor.h"

namespace NetPulse {

namespace {

// Back-pressure: Qt stops reading from the socket once this much is waiting for us, so an endless
// body costs at most this plus the body cap.
constexpr qint64 kReadBufferBytes = 64 * 1024;
// A connect or handshake diagnosis answers in microseconds on a working peer; this bounds it
// against a silent one.
constexpr int kMaxDiagnosisMs = 2000;
// Qt 6.4 keeps a header section in memory until it ends, with no bound of its own; servers cap
// theirs at 8 to 64 KiB, and Chromium refuses a response whose headers pass 256 KiB. Past this the
// answer is not HTTP anyone serves, and reading stops. Qt reads a header section from the kernel a
// byte at a time, about 1 µs a byte here (`netpulse --headless --once` against
// /endless-headers?interval=0: 1.2–1.5 s to pass 1 MiB, nearly all of it system time), and its
// lane's HTTP thread does nothing else meanwhile: the bound is also how long a flood's first check
// can hold its lane-mates, a quarter of a second at 256 KiB instead of over a second at 1 MiB.
constexpr qint64 kMaxHeaderBytes = 256 * 1024;
// What a result keeps of a body that passed the cap: its start, as much as a view shows.
constexpr qsizetype kTooLargeBodyKeptBytes = 64 * 1024;
// While the headers are awaited, how often the kernel is asked what arrived (HeaderArrivalWatch):
// a header flood is cut within two of these of passing kMaxHeaderBytes (the isolation issue asks
// for 100 ms), and the lane absorbs the rest.
constexpr qint64 kHeaderCheckNs = 50 * 1000000LL;
// How long DNS is asked again after a host_not_found: a resolver that answers at all does so in
// milliseconds; one that does not is "no_answer" after this.
constexpr int kMaxDnsCheckMs = 2000;
// A transfer this large keeps a lane's HTTP thread busy long enough to matter to its neighbours.
constexpr qint64 kHeavyTransferBytes = 4 * 1024 * 1024;
// A limit timer that fires this much late (or a tenth of the inactivity limit, if more) found its
// own thread stalled.
constexpr qint64 kLateLimitNs = 100 * 1000000LL;
// Header bytes past this (no server sends so many) mean a flood is being parsed on the lane.
constexpr qint64 kHeavyHeaderBytes = 64 * 1024;

CertificateInfo certificateInfo(const QSslCertificate &certificate)
{
    return {certificate.subjectDisplayName(), certificate.issuerDisplayName(), certificate.expiryDate().toUTC()};
}

// RFC 9112 §6.3: several Content-Length values that differ make a message unreadable (a
// recipient may accept a list of one value repeated). Qt joins repeated header lines with ", ".
QString framingProblem(const HeaderList &headers)
{
    QList<QByteArray> values;
    for (const auto &[name, value] : headers) {
        if (name.compare("Content-Length", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &one : value.split(','))
            values.append(one.trimmed());
    }
    for (const QByteArray &value : std::as_const(values)) {
        if (value != values.first())
            return QStringLiteral("Content-Length is given as both %1 and %2")
                .arg(QString::fromLatin1(values.first().left(20)), QString::fromLatin1(value.left(20)));
    }
    return QString();
}

} // namespace

Probe::Probe(QNetworkAccessManager *manager, ProbeOptions options, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_options(std::move(options))
    , m_limitTimer([this] { onLimitTimer(); })
{
    m_result.url = m_options.url;
    m_result.method = m_options.method;
}

Probe::~Probe()
{
    if (m_finished)
        return;
    // Destroyed mid-flight: still report exactly once, so owners counting results never wait forever.
    m_abortReason = AbortReason::Cancelled;
    if (m_gate)
        m_gate->disconnect(this);
    if (m_sweep)
        m_sweep->disconnect(this);
    if (m_dnsCheck)
        m_dnsCheck->disconnect(this);
    if (m_preflight)
        m_preflight->disconnect(this);
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
    if (m_result.timeline.finishedNs < 0 && m_clock.isValid())
        m_result.timeline.finishedNs = now();
    m_result.kind = FailureKind::Cancelled;
    m_result.detail = QStringLiteral("the probe was destroyed while running");
    emitFinished();
}

void Probe::start()
{
    if (m_started)
        return;
    m_started = true;
    m_clock.start();
    if (m_submitted.isValid())
        m_result.laneWaitMs = double(m_submitted.nsecsElapsed()) / 1e6;
    if (m_laneHeld)
        m_laneHeldAtStart = m_laneHeld->load(std::memory_order_relaxed);
    m_result.startedAt = QDateTime::currentDateTimeUtc();
    emit phaseReached(ProbePhase::Queued);

    const QString problem = m_options.validate();
    if (!problem.isEmpty()) {
        // Queued, so that finished() never fires inside start() while the caller is mid-call.
        QMetaObject::invokeMethod(
            this,
            [this, problem] {
                if (m_finished)
                    return;
                m_result.timeline.finishedNs = now();
                // Nothing was sent: the vocabulary's "invalid_url" covers every unusable request.
                conclude({FailureKind::InvalidUrl, problem, {}});
            },
            Qt::QueuedConnection);
        return;
    }

    if (LoopbackSweep::isLocalhostName(m_options.url.host()) && goesDirect(m_manager, m_options.url))
        startLoopbackSweep();
    else if (m_connectFirst)
        startConnectGate();
    else
        sendRequest();
}

void Probe::startLoopbackSweep()
{
    const QUrl &url = m_options.url;
    m_sweep = new LoopbackSweep(quint16(url.port(url.scheme() == QLatin1String("https") ? 443 : 80)), this);
    connect(m_sweep, &LoopbackSweep::swept, this, &Probe::onLoopbackSwept);
    m_result.timeline.connectingNs = now();
    m_lastActivityNs = now();
    m_deadlineNs = m_lastActivityNs + qint64(m_options.totalDeadlineMs) * 1000000;
    armLimits();
    m_sweep->start();
    emit phaseReached(ProbePhase::Connecting); // last: a receiver may cancel(), which deletes the sweep
}

void Probe::onLoopbackSwept(ConnectGate::Outcome ipv4, ConnectGate::Outcome ipv6)
{
    if (!m_sweep || m_finished)
        return;
    std::exchange(m_sweep, nullptr)->deleteLater();
    m_result.addresses = {{QStringLiteral("127.0.0.1"), LoopbackSweep::outcomeName(ipv4)},
                          {QStringLiteral("::1"), LoopbackSweep::outcomeName(ipv6)}};
    if (ipv4 == ConnectGate::Outcome::Refused && ipv6 == ConnectGate::Outcome::Refused) {
        m_result.timeline.finishedNs = now();
        QMetaObject::invokeMethod(
            this, [this] { concludeRefusedAtConnect(); }, Qt::QueuedConnection);
        return;
    }
    // One loopback listens and the other does not: the request goes to the one that does, as a
    // browser's would after its first try was refused. Both, or neither (and not both refused):
    // the name is resolved as usual.
    const bool four = ipv4 == ConnectGate::Outcome::Accepted, six = ipv6 == ConnectGate::Outcome::Accepted;
    if (four != six)
        m_result.connectedVia = four ? QStringLiteral("127.0.0.1") : QStringLiteral("::1");
    restartClockForRequest();
}

void Probe::restartClockForRequest()
{
    // The timings are those of the request alone; the total deadline still counts from start().
    m_result.timeline = ProbeTimeline();
    const qint64 spentNs = now();
    m_clock.start();
    m_deadlineNs -= spentNs;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_finished && m_abortReason == AbortReason::None)
                sendRequest();
        },
        Qt::QueuedConnection);
}

void Probe::concludeRefusedAtConnect()
{
    if (m_finished)
        return;
    m_limitTimer.stop();
    m_error = QNetworkReply::ConnectionRefusedError;
    // Qt's own words for a refusal in QNetworkAccessManager (its context and text, so Qt's
    // translation applies), so every path reads the same. Through variables so that lupdate leaves
    // it to Qt's catalogue rather than copying it into ours.
    static const char *const qtContext = "QHttp";
    static const char *const qtText = "Connection refused";
    m_errorString = QCoreApplication::translate(qtContext, qtText);
    conclude(FailureClassifier::classify(observe()));
}

void Probe::startConnectGate()
{
    const QUrl &url = m_options.url;
    m_gate = new ConnectGate(url.host(), quint16(url.port(url.scheme() == QLatin1String("https") ? 443 : 80)), this);
    connect(m_gate, &ConnectGate::answered, this, &Probe::onGateAnswered);
    m_result.timeline.connectingNs = now();
    m_lastActivityNs = now();
    m_deadlineNs = m_lastActivityNs + qint64(m_options.totalDeadlineMs) * 1000000;
    armLimits();
    // A refused loopback connect is answered inside start(); the result is then queued, so that
    // finished() never fires inside Probe::start().
    m_gate->start();
    emit phaseReached(ProbePhase::Connecting); // last: a receiver may cancel(), which deletes the gate
}

void Probe::onGateAnswered(ConnectGate::Outcome outcome)
{
    if (!m_gate || m_finished)
        return;
    std::exchange(m_gate, nullptr)->deleteLater();
    if (outcome == ConnectGate::Outcome::Refused) {
        // Timed when the refusal arrived; reported on the next turn of the event loop.
        m_result.timeline.finishedNs = now();
        QMetaObject::invokeMethod(
            this, [this] { concludeRefusedAtConnect(); }, Qt::QueuedConnection);
        return;
    }
    // The port accepted (or something other than a refusal happened, which the request itself will
    // classify with everything Qt knows): the probe starts over as a plain request, its clock too.
    restartClockForRequest();
}

void Probe::sendRequest()
{
    // A redirect to another server that Qt could not be left to follow (below) goes on from here.
    const QUrl requested = m_followUrl.isValid() ? m_followUrl : m_options.url;
    QUrl target = requested;
    const bool viaLoopback = !m_result.connectedVia.isEmpty();
    if (viaLoopback)
        target.setHost(m_result.connectedVia); // the loopback that listens; the Host header keeps the name
    QNetworkRequest request(target);
    // Qt sends each redirect with this request's Host header and TLS name: right only while the
    // redirects stay on this server, so with a loopback address of our choosing each is vetted.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, viaLoopback
                                                                       ? QNetworkRequest::UserVerifiedRedirectPolicy
                                                                       : QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(std::max(0, m_options.maxRedirects - int(m_result.redirects.size())));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    // HTTP/1.1 only: Qt's phase signals (socketStartedConnecting, requestSent) are what the timeline
    // is built on, and they are not emitted the same way for multiplexed HTTP/2 streams.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("NetPulse/" NETPULSE_VERSION));
    // A fresh connection per probe, as blackbox_exporter does: every probe measures connect and TLS,
    // and a stale pooled connection cannot trigger Qt's silent re-send.
    request.setRawHeader("Connection", "close");
    request.setAttribute(QNetworkRequest::ConnectionCacheExpiryTimeoutSecondsAttribute, 0);
    // Qt shares one connection object per host:port, and it keeps that object's TLS decisions:
    // after one --insecure probe, a verifying probe to the same port would silently accept the
    // same bad certificate. An aborted request can also leave a connection attempt running that
    // the next probe silently joins, never seeing its own "connecting". And a shared object has
    // at most six connections: a fleet of endpoints on one server would queue inside Qt, with
    // their clocks running (docs/PERFORMANCE.md tried sharing). The peer verify name is part of
    // Qt's connection key and is unused when nothing is verified (http, or --insecure), so there a
    // unique one gives each probe a connection of its own. Verifying probes share only with each
    // other; the classifier's diagnosis covers one that never began connecting.
    const bool https = m_options.url.scheme() == QLatin1String("https");
    if (!https || m_options.insecure) {
        static std::atomic<quint64> probeSerial{0}; // probes run on several lanes at once
        request.setPeerVerifyName(QStringLiteral("netpulse-probe-%1").arg(++probeSerial));
    } else if (viaLoopback) {
        request.setPeerVerifyName(requested.host()); // the certificate is for the name, not the address
    }
    if (viaLoopback)
        request.setRawHeader("Host", requested.authority(QUrl::FullyEncoded | QUrl::RemoveUserInfo).toLatin1());
    // Without this Qt asks for gzip and inflates it, and Content-Length no longer matches the bytes
    // we count, which is how a body cut short is caught.
    if (!hasHeader(m_options.headers, "Accept-Encoding"))
        request.setRawHeader("Accept-Encoding", "identity");
    // What a browser sends from that page: servers answer CORS only to a request with an Origin.
    if (!m_options.pageOrigin.isEmpty() && !hasHeader(m_options.headers, "Origin"))
        request.setRawHeader("Origin", PageOriginCheck::serialised(QUrl(m_options.pageOrigin)).toLatin1());
    for (const auto &header : std::as_const(m_options.headers))
        request.setRawHeader(header.first, header.second);

    if (m_options.method == "GET")
        m_reply = m_manager->get(request);
    else if (m_options.method == "HEAD")
        m_reply = m_manager->head(request);
    else
        m_reply = m_manager->sendCustomRequest(request, m_options.method);
    m_reply->setParent(this);
    m_reply->setReadBufferSize(kReadBufferBytes);

    connect(m_reply, &QNetworkReply::socketStartedConnecting, this, &Probe::onSocketStartedConnecting);
    connect(m_reply, &QNetworkReply::requestSent, this, &Probe::onRequestSent);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &Probe::onMetaDataChanged);
    connect(m_reply, &QNetworkReply::readyRead, this, &Probe::onReadyRead);
    connect(m_reply, &QNetworkReply::redirected, this, &Probe::onRedirected);
    connect(m_reply, &QNetworkReply::finished, this, &Probe::onReplyFinished);
    // Only what can happen: TLS signals where TLS may be spoken (a redirect may lead from http to
    // https only if the policy allowed it, and NoLessSafeRedirectPolicy does), no upload progress
    // (a probe sends no body). Each connection costs a little on every probe.
    if (https || m_options.maxRedirects > 0) {
        connect(m_reply, &QNetworkReply::encrypted, this, &Probe::onEncrypted);
        connect(m_reply, &QNetworkReply::sslErrors, this, &Probe::onSslErrors);
    }

    m_lastActivityNs = now();
    if (m_deadlineNs == 0) // not already running from the connect gate
        m_deadlineNs = m_lastActivityNs + qint64(m_options.totalDeadlineMs) * 1000000;
    armLimits();
}

bool Probe::goesDirect(const QNetworkAccessManager *manager, const QUrl &url)
{
    Q_UNUSED(url)
    // A proxy set on the manager carries loopback requests too (measured with Qt 6.4 and a real
    // tinyproxy: a 407 for http://127.0.0.1/). Only the application-wide default skips loopback
    // (QAbstractSocket), and NetPulse never sets one.
    const QNetworkProxy::ProxyType type = manager->proxy().type();
    return type == QNetworkProxy::NoProxy || type == QNetworkProxy::DefaultProxy;
}

bool Probe::awaitingHeaders() const
{
    return m_reply && m_result.timeline.lastRequestSentNs >= 0 && m_result.timeline.headersNs < 0 &&
           m_headerWatch.isWatching();
}

void Probe::armLimits()
{
    qint64 dueNs = std::min(m_lastActivityNs + qint64(m_options.inactivityTimeoutMs) * 1000000, m_deadlineNs);
    if (awaitingHeaders())
        dueNs = std::min(dueNs, now() + kHeaderCheckNs);
    // Rounded up, so the timer never fires before the limit; an early wake-up re-arms anyway.
    m_limitDueNs = dueNs;
    m_limitTimer.start(int(std::max<qint64>(0, (dueNs - now() + 999999) / 1000000)));
}

void Probe::onLimitTimer()
{
    if (m_finished || m_abortReason != AbortReason::None)
        return;
    const qint64 at = now();
    // This thread woke this much after the limit was due: its own stall (a lane kept busy, a
    // machine that could not schedule it). Whatever it then finds silent may have been answered
    // meanwhile, with the answer still queued behind the stall.
    if (at - m_limitDueNs > std::max<qint64>(kLateLimitNs, qint64(m_options.inactivityTimeoutMs) * 100000))
        m_limitFiredLate = true;
    if (at >= m_deadlineNs) {
        abortWith(AbortReason::TotalDeadline);
        return;
    }
    if (awaitingHeaders() && at - m_lastActivityNs >= kHeaderCheckNs) {
        // Qt says nothing until the header section is whole; the kernel says what arrived.
        const bool limitDue = at - m_lastActivityNs >= qint64(m_options.inactivityTimeoutMs) * 1000000;
        if (const std::optional<HeaderArrivalWatch::Arrival> arrival = m_headerWatch.arrival(limitDue)) {
            // Twice in a row: the kernel's count may include the start of a body whose headers
            // Qt has parsed but not yet reported; a check later (50 ms, on a lane that runs little else) it has.
            if (arrival->bytesReceived > kMaxHeaderBytes && m_headerBytes > kMaxHeaderBytes) {
                m_headerBytes = arrival->bytesReceived;
                m_headerWatch.cutConnection();
                abortWith(AbortReason::HeaderTooLarge);
                return;
            }
            m_headerBytes = arrival->bytesReceived;
            if (limitDue && arrival->unread > 0)
                m_unreadAtLimit = true;
            if (m_headerBytes > kHeavyHeaderBytes)
                markLaneHeld(); // the lane's HTTP thread parses it a byte at a time meanwhile
            if (arrival->msAgo >= 0)
                m_lastActivityNs = std::max(m_lastActivityNs, at - arrival->msAgo * 1000000);
        } else if (m_headerWatch.connectionGone()) {
            // No connection to the server is left and Qt has not said so: it would wait out the
            // whole limit and call a closed connection silent (REFERENCES: HAProxy's
            // `tcp-request connection reject`, 3 to 27 in 60 probes).
            abortWith(AbortReason::ClosedUnreported);
            return;
        }
    }
    if (at - m_lastActivityNs >= qint64(m_options.inactivityTimeoutMs) * 1000000)
        abortWith(AbortReason::InactivityTimeout);
    else
        armLimits();
}

void Probe::cancel()
{
    if (m_finished)
        return;
    if (!m_started) {
        m_started = true;
        m_clock.start();
        m_result.startedAt = QDateTime::currentDateTimeUtc();
    }
    if (m_reply && !m_reply->isFinished()) {
        abortWith(AbortReason::Cancelled);
        return;
    }
    // Not sent yet, at the connect gate, or waiting for a diagnosis: end here.
    m_abortReason = AbortReason::Cancelled;
    delete m_diagnosis;
    m_diagnosis = nullptr;
    delete m_gate;
    m_gate = nullptr;
    delete m_sweep;
    m_sweep = nullptr;
    delete m_dnsCheck;
    m_dnsCheck = nullptr;
    delete m_preflight;
    m_preflight = nullptr;
    if (m_result.timeline.finishedNs < 0)
        m_result.timeline.finishedNs = now();
    conclude(FailureClassifier::classify(observe()));
}

void Probe::touch()
{
    m_lastActivityNs = now();
}

void Probe::onSocketStartedConnecting()
{
    if (m_result.timeline.connectingNs < 0) {
        m_result.timeline.connectingNs = now();
        emit phaseReached(ProbePhase::Connecting);
    }
    touch();
}

void Probe::onEncrypted()
{
    if (m_result.timeline.encryptedNs < 0) {
        m_result.timeline.encryptedNs = now();
        emit phaseReached(ProbePhase::Encrypted);
    }
    recordCertificate();
    touch();
}

void Probe::onRequestSent()
{
    ++m_result.requestsSent;
    m_result.timeline.lastRequestSentNs = now();
    if (m_result.timeline.requestSentNs < 0) {
        m_result.timeline.requestSentNs = m_result.timeline.lastRequestSentNs;
        emit phaseReached(ProbePhase::RequestSent);
    }
    // Through a proxy the connection leads to the proxy, not to this URL's port.
    const QUrl url = m_reply ? m_reply->url() : m_options.url;
    const bool https = url.scheme() == QLatin1String("https");
    // Only differences between requests matter: what varies is the request line, the Host header
    // and our own headers; Qt's own lines are the same for every probe.
    qint64 size = m_options.method.size() + url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority).size() +
                  url.host(QUrl::FullyEncoded).size() + (url.port() > 0 ? 6 : 0);
    for (const auto &header : std::as_const(m_options.headers))
        size += header.first.size() + header.second.size() + 4;
    const quint16 port = quint16(url.port(https ? 443 : 80));
    m_headerWatch.requestSent(url.host() + QLatin1Char(':') + QString::number(port),
                              goesDirect(m_manager, url) ? port : 0, size);
    touch();
    armLimits(); // from now on the header checks, too
}

void Probe::onMetaDataChanged()
{
    const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid())
        return;
    m_result.httpStatus = status.toInt();
    m_result.reasonPhrase = m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    m_result.responseHeaders = m_reply->rawHeaderPairs();
    // After a redirect Qt 6.4 sometimes still holds the earlier hop's headers and joins its
    // Content-Length to the final one's ("5, 79"): the check is only sure of an answer that came
    // without redirects (a redirected one is judged as before).
    m_framingProblem = m_result.redirects.isEmpty() ? framingProblem(m_result.responseHeaders) : QString();
    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    const int code = *m_result.httpStatus;
    // HEAD, 204 and 304 announce a length without sending a body (RFC 9110 §8.6).
    const bool bodyExpected = m_options.method != "HEAD" && code != 204 && code != 304 && code >= 200;
    if (length.isValid() && bodyExpected)
        m_result.contentLength = length.toLongLong();
    else
        m_result.contentLength.reset();
    if (m_result.timeline.headersNs < 0) {
        m_result.timeline.headersNs = now();
        emit phaseReached(ProbePhase::Headers);
    }
    touch();
}

void Probe::onReadyRead()
{
    if (!m_reply || m_abortReason != AbortReason::None)
        return;
    const QByteArray chunk = m_reply->read(m_reply->bytesAvailable());
    if (chunk.isEmpty())
        return;
    if (m_result.timeline.firstByteNs < 0) {
        m_result.timeline.firstByteNs = now();
        emit phaseReached(ProbePhase::FirstByte);
    }
    m_result.bytesReceived += chunk.size();
    if (m_result.bytesReceived > kHeavyTransferBytes)
        markLaneHeld();
    const qint64 room = m_options.maxBodyBytes - m_result.body.size();
    if (room > 0)
        m_result.body.append(chunk.constData(), std::min<qint64>(room, chunk.size()));
    if (m_result.bytesReceived > m_options.maxBodyBytes) {
        abortWith(AbortReason::BodyTooLarge);
        return;
    }
    touch();
}

void Probe::onRedirected(const QUrl &url)
{
    m_headerWatch.stop(); // that hop's connection is done; the next request starts a new watch
    if (!m_result.connectedVia.isEmpty() && m_reply) {
        // Sent to a loopback address with the name in the Host header (LoopbackSweep): on the same
        // server Qt may follow it as it is; elsewhere the name must go, so the next hop is ours.
        const QUrl requested = m_followUrl.isValid() ? m_followUrl : m_options.url;
        const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
        const bool sameServer = url.scheme() == requested.scheme() && url.host() == m_result.connectedVia &&
                                url.port(defaultPort) == requested.port(defaultPort);
        if (sameServer) {
            QUrl shown = url;
            shown.setHost(requested.host());
            m_result.redirects.append(shown);
            emit m_reply->redirectAllowed();
        } else {
            m_result.redirects.append(url);
            m_followUrl = url;
            m_result.connectedVia.clear();
            m_reply->disconnect(this);
            m_reply->abort();
            m_reply->deleteLater();
            m_reply = nullptr;
            QMetaObject::invokeMethod(
                this,
                [this] {
                    if (!m_finished && m_abortReason == AbortReason::None)
                        sendRequest();
                },
                Qt::QueuedConnection);
        }
    } else {
        m_result.redirects.append(url);
    }
    // The final hop's status and headers are the ones that count: a 302 is not the verdict of a
    // hop that then refuses.
    m_result.httpStatus.reset();
    m_result.reasonPhrase.clear();
    m_result.responseHeaders.clear();
    m_result.contentLength.reset();
    m_result.timeline.headersNs = -1;
    m_result.timeline.firstByteNs = -1;
    m_result.body.clear();
    m_result.bytesReceived = 0;
    touch();
}

void Probe::onSslErrors(const QList<QSslError> &errors)
{
    for (const QSslError &error : errors)
        m_sslErrors.append(error.errorString());
    m_result.certificateProblems = CertificateProblems::read(errors, m_reply->sslConfiguration().peerCertificateChain(),
                                                             m_reply->url().host(), QDateTime::currentDateTimeUtc());
    if (!errors.isEmpty() && m_result.certificate.isNull() && !errors.first().certificate().isNull()) {
        m_result.certificate = certificateInfo(errors.first().certificate());
    }
    if (m_options.insecure)
        m_reply->ignoreSslErrors();
    touch();
}

void Probe::recordCertificate()
{
    if (!m_reply)
        return;
    const QSslCertificate certificate = m_reply->sslConfiguration().peerCertificate();
    if (certificate.isNull())
        return;
    m_result.certificate = certificateInfo(certificate);
}

void Probe::abortWith(AbortReason reason)
{
    if (m_finished || m_abortReason != AbortReason::None)
        return;
    m_abortReason = reason;
    m_limitTimer.stop();
    m_headerWatch.stop(); // its socket closes now: it no longer counts among the port's requests
    if (m_gate || m_sweep) {
        // Still at the connect gate or the loopback sweep: no request exists; the connect itself
        // ran out of time, unless the kernel made it and this thread never got round to hearing so.
        m_gateConnectedUnnoticed = m_gate ? m_gate->connectedUnnoticed() : m_sweep->connectedUnnoticed();
        delete m_gate;
        m_gate = nullptr;
        delete m_sweep;
        m_sweep = nullptr;
        m_result.timeline.finishedNs = now();
        // The gate's own connect is the evidence the classifier would ask a diagnosis for: a fresh
        // TCP connect that did not succeed in time. Handing it over saves the wait, and keeps a
        // later answer of the port from being blamed on a TLS handshake this probe never began.
        ProbeObservation observation = observe();
        DiagnosisReport gate;
        gate.mode = DiagnosisReport::Mode::TcpConnect;
        gate.timedOut = true;
        gate.elapsedMs = m_result.timeline.finishedNs / 1000000;
        observation.diagnosis = gate;
        conclude(FailureClassifier::classify(observation));
        return;
    }
    if (m_reply && !m_reply->isFinished()) {
        m_reply->abort(); // emits finished() synchronously → onReplyFinished
        return;
    }
    // Between two steps (the gate or the sweep answered, the request not sent yet): nothing else
    // will conclude, so this does.
    if (!m_reply && !m_diagnosis && !m_dnsCheck && !m_preflight) {
        if (m_result.timeline.finishedNs < 0)
            m_result.timeline.finishedNs = now();
        conclude(FailureClassifier::classify(observe()));
    }
}

void Probe::onReplyFinished()
{
    m_limitTimer.stop();
    m_headerWatch.stop(); // Qt has let go of the connection
    if (!m_reply)
        return;
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();
    m_error = m_reply->error();
    m_errorString = m_reply->errorString();
    if (m_options.url.scheme() == QLatin1String("https") && m_result.certificate.isNull())
        recordCertificate();
    m_result.timeline.finishedNs = now();
    m_reply->disconnect(this);
    m_reply->deleteLater();
    m_reply = nullptr;

    const Classification verdict = FailureClassifier::classify(observe());
    if (verdict.needsDiagnosis)
        runDiagnosis(*verdict.needsDiagnosis);
    else
        conclude(verdict);
}

void Probe::runDiagnosis(DiagnosisReport::Mode mode)
{
    const QUrl &url = m_options.url;
    const bool https = url.scheme() == QLatin1String("https");
    const quint16 port = quint16(url.port(https ? 443 : 80));
    const QString host = m_result.connectedVia.isEmpty() ? url.host() : m_result.connectedVia;
    m_diagnosis = new ConnectionDiagnosis(host, port, https, this);
    connect(m_diagnosis, &ConnectionDiagnosis::finished, this, [this](const DiagnosisReport &report) {
        ProbeObservation observation = observe();
        observation.diagnosis = report;
        m_diagnosisReport = report;
        m_diagnosis->deleteLater();
        m_diagnosis = nullptr;
        conclude(FailureClassifier::classify(observation));
    });
    const QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    qCDebug(lcProbe).noquote() << Redactor::redactUrl(url) << "ambiguous failure; asking the peer with a raw socket ("
                               << Redactor::redactText(m_errorString) << ")";
    // A request sent again gets as long to be answered as the check's own did (the endpoint's
    // silence limit, within the total deadline): "nothing back" is then measured with the user's
    // yardstick, not a shorter one. A connect or a handshake is bounded shorter: each answers in
    // milliseconds wherever anything listens.
    int window = std::min(kMaxDiagnosisMs, m_options.inactivityTimeoutMs);
    if (mode == DiagnosisReport::Mode::HttpExchange)
        window = int(std::clamp<qint64>((m_deadlineNs - now()) / 1000000, window, m_options.inactivityTimeoutMs));
    m_diagnosis->start(mode, window, url.authority(QUrl::FullyEncoded | QUrl::RemoveUserInfo).toLatin1(), path);
    emit diagnosisStarted(); // last: a receiver may cancel(), which deletes the diagnosis
}

ProbeObservation Probe::observe() const
{
    ProbeObservation o;
    const QString host = m_options.url.host();
    const QHostAddress address(host);
    o.isHttps = m_options.url.scheme() == QLatin1String("https");
    o.hostIsAddress = !address.isNull();
    o.isLoopbackHost =
        address.isLoopback() || host == QLatin1String("localhost") || host.endsWith(QLatin1String(".localhost"));
    if (!goesDirect(m_manager, m_options.url)) {
        const QNetworkProxy proxy = m_manager->proxy();
        o.proxy = proxy.hostName() + QLatin1Char(':') + QString::number(proxy.port());
    }
    o.error = m_error;
    o.errorString = m_errorString;
    o.httpStatus = m_result.httpStatus;
    o.connectingStarted = m_result.timeline.connectingNs >= 0;
    o.encrypted = m_result.timeline.encryptedNs >= 0;
    o.requestSent = m_result.timeline.requestSentNs >= 0;
    o.headersReceived = m_result.timeline.headersNs >= 0;
    o.bytesReceived = m_result.bytesReceived;
    o.headerBytes = m_headerBytes;
    o.contentLength = m_result.contentLength;
    o.abortReason = m_abortReason;
    o.inactivityTimeoutMs = m_options.inactivityTimeoutMs;
    o.totalDeadlineMs = m_options.totalDeadlineMs;
    o.maxBodyBytes = m_options.maxBodyBytes;
    o.sslErrors = m_sslErrors;
    o.framingProblem = m_framingProblem;
    if (m_result.httpStatus && *m_result.httpStatus >= 300 && *m_result.httpStatus < 400)
        o.location = Redactor::redactText(QString::fromLatin1(headerValue(m_result.responseHeaders, "Location")));
    o.reachability = m_reachability;
    return o;
}

void Probe::conclude(const Classification &classification)
{
    if (m_finished)
        return;
    // A name that did not resolve: ask DNS itself what it answers, so a typo is told from a DNS
    // server that fails or a resolver nobody answers (docs/path.md). Bounded; never for a cancel.
    const QString lookedUp = (m_result.redirects.isEmpty() ? m_options.url : m_result.redirects.constLast()).host();
    // Not a name the resolver completes from its search list (DnsCheck asks for it as written),
    // and not behind a proxy (whose resolver is the one that counts).
    if (classification.kind == FailureKind::HostNotFound && !m_dnsChecked && m_abortReason != AbortReason::Cancelled &&
        QHostAddress(lookedUp).isNull() && lookedUp.contains(QLatin1Char('.')) &&
        goesDirect(m_manager, m_options.url)) {
        m_dnsChecked = true;
        m_dnsCheck = new DnsCheck(this);
        connect(m_dnsCheck, &DnsCheck::finished, this, [this, classification](const DnsFinding &finding) {
            m_result.dns = finding;
            std::exchange(m_dnsCheck, nullptr)->deleteLater();
            conclude(classification);
        });
        m_dnsCheck->start(lookedUp, std::min(kMaxDnsCheckMs, m_options.inactivityTimeoutMs));
        return;
    }
    m_result.kind = classification.kind;
    m_result.detail = classification.detail;
    if (!goesDirect(m_manager, m_options.url)) {
        const QNetworkProxy proxy = m_manager->proxy();
        m_result.proxy = proxy.hostName() + QLatin1Char(':') + QString::number(proxy.port());
    }
    // A gateway's error answer says what happened behind it; before the endpoint's own checks,
    // which read the same answer.
    if (m_result.kind == FailureKind::HttpServerError && m_result.httpStatus)
        m_result.gateway = GatewayReading::read(*m_result.httpStatus, m_result.responseHeaders, m_result.body);
    m_result.heldLane = laneHoldingBehaviour();
    if (!m_result.heldLane.isEmpty())
        markLaneHeld();
    m_result.ownDelaySuspected = explainedByOwnDelay(classification.kind);
    if (m_result.timeline.finishedNs < 0)
        m_result.timeline.finishedNs = now();
    m_options.checks.apply(&m_result); // the endpoint's own idea of "up", on what HTTP accepted
    // Up for NetPulse; would the page that calls it get it? (may ask the server first: a preflight)
    if (m_result.kind == FailureKind::Ok && !m_options.pageOrigin.isEmpty() && !m_pageChecked) {
        m_pageChecked = true;
        if (startPageCheck())
            return;
    }
    // A body over the cap is never cached nor checked: keep only its start, for the eye, so a
    // result held until the next check does not hold the whole cap (docs/RELIABILITY.md, memory).
    if (m_result.kind == FailureKind::BodyTooLarge && m_result.body.size() > kTooLargeBodyKeptBytes) {
        m_result.body.truncate(kTooLargeBodyKeptBytes);
        m_result.body.squeeze();
    }
    emitFinished();
}

void Probe::blockForPage(const QString &reason)
{
    m_result.kind = FailureKind::CheckFailed;
    m_result.failedCheck = QStringLiteral("page_origin");
    m_result.detail = QStringLiteral("a page at %1 would get status 0: %2")
                          .arg(PageOriginCheck::serialised(QUrl(m_options.pageOrigin)), reason);
}

bool Probe::startPageCheck()
{
    const QUrl page(m_options.pageOrigin);
    // The browser judges the URL the page calls: it preflights that one, and mixed content is
    // decided before any redirect.
    const QUrl endpoint = m_options.url;
    if (PageOriginCheck::sameOrigin(page, endpoint))
        return false;
    const QString mixed = PageOriginCheck::mixedContent(page, endpoint);
    if (!mixed.isEmpty()) {
        blockForPage(mixed);
        return false;
    }
    const PageOriginCheck::Preflight preflight = PageOriginCheck::preflightFor(m_options, page);
    if (!preflight.needed) {
        const QString blocked = PageOriginCheck::judgeAnswer(m_result.responseHeaders, page, m_options);
        if (!blocked.isEmpty())
            blockForPage(blocked);
        return false;
    }
    // The browser's preflight. For localhost with one loopback listening (LoopbackSweep) it goes
    // where the request went.
    QUrl target = endpoint;
    QStringList accepted;
    for (const ProbeResult::AddressOutcome &address : std::as_const(m_result.addresses))
        if (address.outcome == QLatin1String("accepted"))
            accepted.append(address.address);
    if (accepted.size() == 1)
        target.setHost(accepted.first());
    m_preflight = new CorsPreflight(m_manager, this);
    connect(m_preflight, &CorsPreflight::answered, this, [this, page](const QString &preflightBlocked) {
        std::exchange(m_preflight, nullptr)->deleteLater();
        if (m_finished)
            return;
        const QString blocked = preflightBlocked.isEmpty()
                                    ? PageOriginCheck::judgeAnswer(m_result.responseHeaders, page, m_options)
                                    : preflightBlocked;
        if (!blocked.isEmpty())
            blockForPage(blocked);
        emitFinished();
    });
    m_preflight->start(target, endpoint, page, preflight, m_options.insecure, m_options.inactivityTimeoutMs);
    return true;
}

void Probe::markLaneHeld()
{
    if (m_heldLaneMarked || !m_laneHeld)
        return;
    m_heldLaneMarked = true;
    m_laneHeld->fetch_add(1, std::memory_order_relaxed);
}

QString Probe::laneHoldingBehaviour() const
{
    // What costs a lane's HTTP thread real work for long: Qt 6.4 parses a header section a byte at
    // a time, and reads a body in 64 KiB turns. A silent server costs nothing and is not here.
    if (m_abortReason == AbortReason::HeaderTooLarge)
        return QStringLiteral("its header section passed %1 KiB without ending").arg(kMaxHeaderBytes / 1024);
    if (m_abortReason == AbortReason::BodyTooLarge || m_result.kind == FailureKind::BodyTooLarge)
        return QStringLiteral("its body passed the %1-byte cap").arg(m_options.maxBodyBytes);
    if (m_headerBytes + m_result.bytesReceived > kHeavyTransferBytes)
        return QStringLiteral("it sent %1 MiB").arg((m_headerBytes + m_result.bytesReceived) >> 20);
    if (m_abortReason == AbortReason::TotalDeadline && (m_result.bytesReceived > 0 || m_headerBytes > 0))
        return QStringLiteral("it kept sending until the total deadline");
    return QString();
}

bool Probe::explainedByOwnDelay(FailureKind kind) const
{
    // Only a limit of ours can be our own delay: a refusal, a reset or an answer is the server's.
    if (m_abortReason != AbortReason::InactivityTimeout && m_abortReason != AbortReason::TotalDeadline)
        return false;
    // Another probe on this lane held its threads busy while this one waited: a flood, a body of
    // megabytes. Whatever this probe's limit says may be that neighbour's doing.
    const quint64 heldByOthers =
        m_laneHeld ? m_laneHeld->load(std::memory_order_relaxed) - m_laneHeldAtStart - (m_heldLaneMarked ? 1 : 0) : 0;
    const bool timedOutKind = kind == FailureKind::ConnectTimeout || kind == FailureKind::ResponseTimeout ||
                              kind == FailureKind::TransferStalled || kind == FailureKind::TlsError;
    // A probe that itself held the lane is judged on its own behaviour, never excused.
    if (timedOutKind && m_result.heldLane.isEmpty() && (heldByOthers > 0 || m_limitFiredLate))
        return true;
    // The server's answer sat in the kernel, unread by Qt, when the limit came due: the server
    // answered and NetPulse did not get round to reading it.
    if (kind == FailureKind::ResponseTimeout && m_unreadAtLimit && m_result.heldLane.isEmpty())
        return true;
    if (kind != FailureKind::ConnectTimeout)
        return false;
    if (m_gateConnectedUnnoticed)
        return true;
    // Our connect did not complete within the whole limit, and a fresh one right after did: the
    // port accepts. On loopback and on a quiet machine the two agree; they disagree when our
    // thread, or Qt's HTTP thread behind it, did not get round to the connect (another probe's
    // header flood, a thousand endpoints, a machine busy compiling).
    const std::optional<DiagnosisReport> &d = m_diagnosisReport;
    return d && d->tcpConnected && (d->mode != DiagnosisReport::Mode::TlsHandshake || d->tlsCompleted);
}

void Probe::emitFinished()
{
    if (m_finished)
        return;
    m_finished = true;
    m_limitTimer.stop();
    m_headerWatch.stop();
    emit phaseReached(ProbePhase::Finished);
    qCDebug(lcProbe).noquote() << Redactor::redactUrl(m_options.url) << failureKindName(m_result.kind)
                               << m_result.timeline.totalMs().value_or(0) << "ms;"
                               << Redactor::redactText(m_result.detail);
    emit finished(m_result);
}

} // namespace NetPulse
