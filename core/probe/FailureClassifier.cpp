#include "probe/FailureClassifier.h"

#include <QMetaEnum>

namespace NetPulse {

namespace {

QString limitText(const ProbeObservation &o)
{
    if (o.abortReason == AbortReason::TotalDeadline)
        return QStringLiteral("total deadline of %1 ms").arg(o.totalDeadlineMs);
    return QStringLiteral("inactivity timeout of %1 ms").arg(o.inactivityTimeoutMs);
}

bool errorMeansNoRoute(const ProbeObservation &o)
{
    // Qt 6.4 passes ENETUNREACH through as UnknownNetworkError with the OS text.
    return o.errorString.contains(QLatin1String("Network unreachable"), Qt::CaseInsensitive) ||
           o.errorString.contains(QLatin1String("Network is unreachable"), Qt::CaseInsensitive);
}

Classification timedOut(const ProbeObservation &o)
{
    const QString limit = limitText(o);
    if (o.headersReceived && o.abortReason == AbortReason::TotalDeadline)
        return {FailureKind::TransferStalled,
                QStringLiteral("headers received, but the body was still incomplete after %1 bytes when the %2 fired")
                    .arg(o.bytesReceived)
                    .arg(limit),
                {}};
    if (o.headersReceived)
        return {FailureKind::TransferStalled,
                QStringLiteral("headers received, then no body data after %1 bytes until the %2 fired")
                    .arg(o.bytesReceived)
                    .arg(limit),
                {}};
    if (o.requestSent)
        return {FailureKind::ResponseTimeout,
                QStringLiteral("request sent, no complete response headers before the %1").arg(limit),
                {}};
    if (o.connectingStarted) {
        if (o.isHttps && !o.diagnosis)
            return {FailureKind::ConnectTimeout, QString(), DiagnosisReport::Mode::TcpConnect};
        if (o.isHttps && o.diagnosis && o.diagnosis->tcpConnected)
            return {FailureKind::TlsError,
                    QStringLiteral("TCP connected but the TLS handshake never completed before the %1; %2")
                        .arg(limit, o.diagnosis->summary()),
                    {}};
        QString detail = QStringLiteral("the TCP connection was not established before the %1").arg(limit);
        if (o.diagnosis)
            detail += QStringLiteral("; ") + o.diagnosis->summary();
        return {FailureKind::ConnectTimeout, detail, {}};
    }
    // No connection attempt of our own began: either the name lookup hung, or Qt queued us behind
    // a connection attempt it was still making for an earlier request to the same host (verifying
    // https probes share Qt's connection object). Only a fresh lookup and connect can tell which,
    // and for https the handshake too: a port that accepts and never answers TLS is not a connect
    // timeout (the fault matrix caught this with several such probes at once).
    if (!o.diagnosis)
        return {FailureKind::ConnectTimeout, QString(),
                o.isHttps ? DiagnosisReport::Mode::TlsHandshake : DiagnosisReport::Mode::TcpConnect};
    const DiagnosisReport &d = *o.diagnosis;
    if (d.hostNotFound || (!o.hostIsAddress && d.timedOut && !d.tcpConnected && d.socketError.isEmpty()))
        return {FailureKind::HostNotFound,
                QStringLiteral("the host name did not resolve before the %1; %2").arg(limit, d.summary()),
                {}};
    if (o.isHttps && d.mode == DiagnosisReport::Mode::TlsHandshake && d.tcpConnected && !d.tlsCompleted)
        return {FailureKind::TlsError,
                QStringLiteral("TCP connected but the TLS handshake never completed before the %1; %2")
                    .arg(limit, d.summary()),
                {}};
    return {FailureKind::ConnectTimeout,
            QStringLiteral("no connection was established before the %1; %2").arg(limit, d.summary()),
            {}};
}

Classification closedBeforeHeaders(const ProbeObservation &o)
{
    const QString qtText = QStringLiteral("Qt: %1").arg(o.errorString);
    if (!o.diagnosis)
        return {FailureKind::RemoteClosed, QString(), DiagnosisReport::Mode::HttpExchange};
    const DiagnosisReport &d = *o.diagnosis;
    if (d.tcpConnected && !d.firstBytes.isEmpty() && !d.answeredHttp())
        return {FailureKind::ProtocolError, qtText + QStringLiteral("; ") + d.summary(), {}};
    return {FailureKind::RemoteClosed,
            QStringLiteral("the connection closed before any response headers; ") + qtText + QStringLiteral("; ") +
                d.summary(),
            {}};
}

} // namespace

FailureKind FailureClassifier::kindForStatus(int status)
{
    if (status == 429)
        return FailureKind::RateLimited;
    if (status >= 400 && status < 500)
        return FailureKind::HttpClientError;
    if (status >= 500)
        return FailureKind::HttpServerError;
    return FailureKind::Ok;
}

QString FailureClassifier::errorName(QNetworkReply::NetworkError error)
{
    const QMetaEnum meta = QMetaEnum::fromType<QNetworkReply::NetworkError>();
    const char *key = meta.valueToKey(error);
    return key ? QString::fromLatin1(key) : QString::number(int(error));
}

Classification FailureClassifier::classify(const ProbeObservation &o)
{
    // Our own aborts first: Qt calls every one of them OperationCanceledError.
    switch (o.abortReason) {
    case AbortReason::Cancelled:
        return {FailureKind::Cancelled, QStringLiteral("stopped before the probe finished"), {}};
    case AbortReason::BodyTooLarge:
        return {FailureKind::BodyTooLarge,
                QStringLiteral("body passed the limit of %1 bytes (read %2); the rest was not downloaded")
                    .arg(o.maxBodyBytes)
                    .arg(o.bytesReceived),
                {}};
    case AbortReason::HeaderTooLarge:
        return {FailureKind::ProtocolError,
                QStringLiteral("the response headers passed %1 bytes without ending (servers send at most tens "
                               "of KiB); the rest was not read")
                    .arg(o.headerBytes),
                {}};
    case AbortReason::ClosedUnreported:
        return {FailureKind::RemoteClosed,
                QStringLiteral("the request was sent and the connection closed with no response headers (%1 "
                               "bytes); seen by the kernel, not reported by Qt")
                    .arg(o.headerBytes),
                {}};
    case AbortReason::InactivityTimeout:
    case AbortReason::TotalDeadline:
    case AbortReason::None:
        break;
    }

    // A response HTTP itself calls invalid is never ok, nor a 4xx/5xx: nothing in it can be trusted.
    if (o.headersReceived && !o.framingProblem.isEmpty())
        return {
            FailureKind::ProtocolError,
            QStringLiteral("HTTP %1 with an invalid message: %2").arg(o.httpStatus.value_or(0)).arg(o.framingProblem),
            {}};

    // Qt 6.4 skips 100 Continue but takes any other interim answer (103 Early Hints, RFC 8297) for
    // the final one and stops reading there: whatever followed, a 503 included, is never seen.
    // Unknown is not ok.
    if (o.headersReceived && o.httpStatus && *o.httpStatus >= 100 && *o.httpStatus < 200)
        return {FailureKind::ProtocolError,
                QStringLiteral("HTTP %1 is an interim answer, and Qt reads no further: the final response is "
                               "unknown")
                    .arg(*o.httpStatus),
                {}};

    // The status attribute before error(): Qt 6.4 maps 408 and 429 to UnknownContentError and
    // 502/504 to UnknownServerError, so error() alone would misfile them.
    // 407 is a proxy's answer about itself (RFC 9110 §15.5.8): the request never reached the service.
    if (o.headersReceived && o.httpStatus == 407)
        return {FailureKind::ProxyError,
                QStringLiteral("HTTP 407 Proxy Authentication Required%1")
                    .arg(o.proxy.isEmpty() ? QString() : QStringLiteral(" from proxy ") + o.proxy),
                {}};
    if (o.headersReceived && o.httpStatus && *o.httpStatus >= 400) {
        const int status = *o.httpStatus;
        QString detail = QStringLiteral("HTTP %1").arg(status);
        if (o.abortReason != AbortReason::None)
            detail += QStringLiteral("; the error body did not finish before the %1").arg(limitText(o));
        else if (o.error == QNetworkReply::RemoteHostClosedError)
            detail += QStringLiteral("; the connection closed before the error body was complete");
        return {kindForStatus(status), detail, {}};
    }

    // A reachable loopback says nothing about the machine's network; anything else that failed
    // to leave while the platform reports "disconnected" is this machine's problem, not the server's.
    const bool machineOffline = o.reachability == Reachability::Disconnected && !o.isLoopbackHost;

    if (o.abortReason == AbortReason::InactivityTimeout || o.abortReason == AbortReason::TotalDeadline) {
        if (machineOffline && !o.requestSent)
            return {FailureKind::Offline,
                    QStringLiteral("no connection before the %1, and the system reports no network connection")
                        .arg(limitText(o)),
                    {}};
        return timedOut(o);
    }
    const QString qtText = QStringLiteral("%1: %2").arg(errorName(o.error), o.errorString);

    // Qt 6.4 reports a proxy that cannot be reached with the plain socket errors (refused, host
    // not found), as if the target itself had failed. Before the request is sent, the only peer
    // we talk to is the proxy.
    if (!o.proxy.isEmpty() && !o.requestSent &&
        (o.error == QNetworkReply::ConnectionRefusedError || o.error == QNetworkReply::HostNotFoundError ||
         o.error == QNetworkReply::TimeoutError))
        return {FailureKind::ProxyError, QStringLiteral("proxy %1: %2").arg(o.proxy, qtText), {}};

    switch (o.error) {
    case QNetworkReply::NoError: {
        const int status = o.httpStatus.value_or(0);
        if (o.contentLength && o.bytesReceived < *o.contentLength)
            return {FailureKind::RemoteClosed,
                    QStringLiteral("HTTP %1 but only %2 of the %3 bytes announced by Content-Length arrived")
                        .arg(status)
                        .arg(o.bytesReceived)
                        .arg(*o.contentLength),
                    {}};
        return {FailureKind::Ok, QStringLiteral("HTTP %1, %2 bytes").arg(status).arg(o.bytesReceived), {}};
    }
    case QNetworkReply::ConnectionRefusedError:
        return {FailureKind::ConnectionRefused, qtText, {}};
    case QNetworkReply::HostNotFoundError:
        if (machineOffline)
            return {FailureKind::Offline, qtText + QStringLiteral("; the system reports no network connection"), {}};
        return {FailureKind::HostNotFound, qtText, {}};
    case QNetworkReply::TimeoutError:
        if (machineOffline)
            return {FailureKind::Offline, qtText + QStringLiteral("; the system reports no network connection"), {}};
        return {o.requestSent ? FailureKind::ResponseTimeout : FailureKind::ConnectTimeout, qtText, {}};
    case QNetworkReply::RemoteHostClosedError:
        if (o.headersReceived)
            return {FailureKind::RemoteClosed,
                    QStringLiteral("HTTP %1 headers arrived, then the connection closed after %2 body bytes%3; %4")
                        .arg(o.httpStatus.value_or(0))
                        .arg(o.bytesReceived)
                        .arg(o.contentLength ? QStringLiteral(" of %1").arg(*o.contentLength) : QString())
                        .arg(qtText),
                    {}};
        return closedBeforeHeaders(o);
    case QNetworkReply::SslHandshakeFailedError: {
        QString detail = qtText;
        if (!o.sslErrors.isEmpty())
            detail = QStringLiteral("certificate rejected: ") + o.sslErrors.join(QStringLiteral("; "));
        return {FailureKind::TlsError, detail, {}};
    }
    case QNetworkReply::TooManyRedirectsError:
        return {FailureKind::RedirectLoop, qtText, {}};
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::UnknownProxyError:
        return {FailureKind::ProxyError, qtText, {}};
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolInvalidOperationError:
        return {FailureKind::ProtocolError, qtText, {}};
    case QNetworkReply::ProtocolUnknownError:
        // Qt follows redirects to http and https only; a server pointing elsewhere (file:, ftp:)
        // is the server's protocol problem, not a bad URL of ours.
        if (o.httpStatus && *o.httpStatus >= 300 && *o.httpStatus < 400)
            return {FailureKind::ProtocolError,
                    QStringLiteral("HTTP %1 redirects to %2, which is not http or https: not followed")
                        .arg(*o.httpStatus)
                        .arg(o.location.isEmpty() ? QStringLiteral("an unknown scheme") : o.location),
                    {}};
        return {FailureKind::InvalidUrl, qtText, {}};
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return {FailureKind::Offline, qtText, {}};
    case QNetworkReply::UnknownNetworkError:
        if (errorMeansNoRoute(o) && o.reachability != Reachability::Online)
            return {FailureKind::Offline, qtText + QStringLiteral("; no route to any network"), {}};
        if (machineOffline)
            return {FailureKind::Offline, qtText + QStringLiteral("; the system reports no network connection"), {}};
        return {FailureKind::NetworkError, qtText, {}};
    case QNetworkReply::OperationCanceledError:
        // Not ours (that was handled above): nothing in NetPulse sets Qt's own transfer timeout.
        return {FailureKind::NetworkError, qtText + QStringLiteral(" (aborted outside NetPulse)"), {}};
    default:
        // InsecureRedirectError, content and authentication errors without a status, and whatever
        // a later Qt adds: reported with Qt's own words below.
        break;
    }
    if (o.headersReceived && o.httpStatus)
        return {kindForStatus(*o.httpStatus) == FailureKind::Ok ? FailureKind::NetworkError
                                                                : kindForStatus(*o.httpStatus),
                qtText,
                {}};
    if (machineOffline)
        return {FailureKind::Offline, qtText + QStringLiteral("; the system reports no network connection"), {}};
    return {FailureKind::NetworkError, qtText, {}};
}

} // namespace NetPulse
