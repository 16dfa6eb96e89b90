#pragma once

#include <optional>

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QUrl>

#include "kinds/FailureKind.h"
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
    QString failedCheck; // with check_failed: which check ("status", "body_contains", "json", …)
    ProbeTimeline timeline;
    QDateTime startedAt; // UTC wall clock, for display and logs only

    bool isOk() const { return kind == FailureKind::Ok; }
    // "host:port" with the scheme's default port filled in.
    QString endpoint() const;
    // The kind's words, made more precise where the detail knows more (a self-signed certificate).
    FailureDescription description() const;
};

QString endpointOf(const QUrl &url);

} // namespace NetPulse

Q_DECLARE_METATYPE(NetPulse::ProbeResult)
