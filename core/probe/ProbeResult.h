#pragma once

#include <optional>

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QUrl>

#include "kinds/FailureKind.h"
#include "probe/GatewayReading.h"
#include "probe/ProbeOptions.h"
#include "probe/ProbeTimeline.h"

namespace NetPulse {

struct CertificateInfo
{
    QString subject;
    QString issuer;
    QDateTime expiresAt; // UTC; invalid when no certificate was seen
    bool isNull() const { return !expiresAt.isValid() && subject.isEmpty(); }
};

// What DNS itself says about a name that did not resolve. getaddrinfo() gives Qt one answer for a
// name that does not exist, a DNS server that fails, one that refuses and a resolver nobody
// answers: "host not found". The user's next step differs (fix a typo, or look at DNS, not at the
// service), so after a host_not_found the probe asks again with QDnsLookup, which reports the DNS
// answer's own code.
struct DnsFinding
{
    // "nxdomain" (the name does not exist), "servfail" (the server failed), "refused" (the server
    // would not answer), "no_answer" (no server answered in time), "no_address" (the name exists
    // and has no address), "ipv6_only" (only an IPv6 address, which a machine without IPv6 of its
    // own does not look up), or "answered" (DNS has an IPv4 address now: the failure was passing,
    // or this machine's own lookup differs from DNS).
    QString answer;
    QString server; // the nameserver (/etc/resolv.conf) whose answer this is; for no_answer, every one asked
};

// One problem with a server's certificate: a code for programs ("expired", "not_yet_valid",
// "revoked", "name_mismatch", "missing_issuer", "untrusted_root", "self_signed", "other") and the
// words a person reads ("the certificate expired on 2026-12-01 (5 days ago)").
struct CertificateProblem
{
    QString code;
    QString words;
};

// What one probe found: a plain value the UI, the headless mode and the tests read alike.
struct ProbeResult
{
    QUrl url;
    QByteArray method;
    FailureKind kind = FailureKind::NetworkError;
    QString detail; // technical: Qt's error text, which limit fired, what the diagnosis saw
    std::optional<int> httpStatus;
    QByteArray reasonPhrase;
    HeaderList responseHeaders;
    QByteArray body;          // up to the body cap; of a body_too_large answer, only its first 64 KiB
    qint64 bytesReceived = 0; // body bytes, including any read past the cap before aborting
    std::optional<qint64> contentLength;
    QList<QUrl> redirects; // each hop Qt followed, in order
    int requestsSent = 0;  // > 1 when Qt silently re-sent the request on a fresh connection
    CertificateInfo certificate;
    QList<CertificateProblem> certificateProblems; // most serious first (CertificateProblems)
    QString failedCheck; // with check_failed: which check ("status", "body_contains", "json", …)
    // A gateway's error answer, read for what it says happened behind it (GatewayReading).
    std::optional<GatewayReport> gateway;
    QString proxy; // "host:port" of the forward proxy the request went through; empty: direct
    // `localhost`: what a connect to each loopback did ("127.0.0.1"/"::1" → "accepted", "refused",
    // "failed"); empty for other hosts. Browsers and curl try both (RFC 6761).
    struct AddressOutcome
    {
        QString address;
        QString outcome;
    };
    QList<AddressOutcome> addresses;
    // The loopback the request went to when only one of them listens; empty: the name as resolved.
    QString connectedVia;
    // host_not_found of a name: what DNS itself answered when asked again (DnsCheck).
    std::optional<DnsFinding> dns;
    ProbeTimeline timeline;
    QDateTime startedAt; // UTC wall clock, for display and logs only

    // NetPulse's own part, kept apart from the server's (docs/ARCHITECTURE.md, Threading).
    // How long the check waited for its lane's thread before the probe began: not in `timeline`,
    // whose clock starts on the lane, so it is never charged to the server.
    double laneWaitMs = 0;
    QString lane; // the lane that ran the try this result is of ("lane 1", "quarantine 2", "rescue")
    // The failure is one NetPulse's own delay explains: a limit fired before Qt had even begun to
    // connect, or while it was connecting, and a fresh connect made right after succeeded at once.
    // Set by the probe; the handle then tries again on the rescue lane.
    bool ownDelaySuspected = false;
    // A first try was held up by NetPulse itself (`firstTry` says how) and this is the second.
    bool retriedAfterOwnDelay = false;
    QString firstTry; // "connect_timeout: …", with retriedAfterOwnDelay
    // Why this try kept its lane's thread busy (a header flood, a body past the cap, a drip until
    // the total deadline), set by the probe; empty for a probe that behaved.
    QString heldLane;
    bool quarantined = false; // ran on a quarantine lane: its endpoint is kept apart from the rest
    QString laneNote;         // the endpoint was moved by this result: to quarantine, or back

    bool isOk() const { return kind == FailureKind::Ok; }
    // "host:port" (the scheme's default port filled in) of the hop that gave the verdict: the last
    // redirect's target, else the URL's.
    QString endpoint() const;
    // The kind's words, made more precise where the detail knows more (a self-signed certificate).
    FailureDescription description() const;
};

QString endpointOf(const QUrl &url);

} // namespace NetPulse

Q_DECLARE_METATYPE(NetPulse::ProbeResult)
