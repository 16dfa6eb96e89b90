#include "probe/ProbeResult.h"

#include <QCoreApplication>

#include "probe/Redactor.h"

namespace NetPulse {

QString endpointOf(const QUrl &url)
{
    const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
    QString host = url.host();
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return host + QLatin1Char(':') + QString::number(url.port(defaultPort));
}

FailureDescription ProbeResult::description() const
{
    FailureDescription words = describeFailure(kind, endpoint());
    const int status = httpStatus.value_or(0);
    if (kind == FailureKind::ProtocolError && status >= 300 && status < 400) {
        // An HTTP redirect Qt does not follow (file:, ftp:): the server answered HTTP, and well.
        QString location;
        for (const auto &[name, value] : responseHeaders) {
            if (name.compare("Location", Qt::CaseInsensitive) == 0)
                location = QString::fromUtf8(value);
        }
        const QUrl target = url.resolved(QUrl(location));
        words.title = QCoreApplication::translate("NetPulse::FailureKind", "Redirect not followed");
        words.explanation =
            QCoreApplication::translate("NetPulse::FailureKind",
                                        "%1 redirected to a %2: URL (%3), which is not followed: only http and https "
                                        "are.")
                .arg(endpointOf(url), target.scheme().isEmpty() ? QStringLiteral("?") : target.scheme(),
                     Redactor::redactUrl(target));
        words.action = QCoreApplication::translate(
            "NetPulse::FailureKind", "Fix the redirect on the server, or watch the URL it should lead to.");
    } else if (!redirects.isEmpty() &&
               (failureFamily(kind) == FailureFamily::Unreachable || failureFamily(kind) == FailureFamily::NoResponse ||
                failureFamily(kind) == FailureFamily::Tls)) {
        // The hop that failed is the last one, not the address that answered with the redirect.
        words.explanation = QCoreApplication::translate("NetPulse::FailureKind", "%1 redirected to %2. %3")
                                .arg(endpointOf(url), Redactor::redactUrl(redirects.constLast()), words.explanation);
    }
    // Every certificate problem in words, most serious first (CertificateProblems); the commonest
    // on a development machine, a self-signed certificate alone, with the way out.
    if (kind == FailureKind::TlsError && !certificateProblems.isEmpty()) {
        const CertificateProblem &first = certificateProblems.first();
        QStringList rest;
        for (qsizetype i = 1; i < certificateProblems.size(); ++i)
            rest.append(certificateProblems.at(i).words);
        words.explanation = QCoreApplication::translate("NetPulse::FailureKind", "%1 presented a certificate that is "
                                                                                 "not trusted: %2.")
                                .arg(endpoint(), first.words);
        if (!rest.isEmpty())
            words.explanation +=
                QLatin1Char(' ') +
                QCoreApplication::translate("NetPulse::FailureKind", "Also: %1.").arg(rest.join(QStringLiteral("; ")));
        if (first.code == QLatin1String("expired")) {
            words.title = QCoreApplication::translate("NetPulse::FailureKind", "Certificate expired");
            words.action = QCoreApplication::translate("NetPulse::FailureKind",
                                                       "Renew the server's certificate. Accepting it as it is would "
                                                       "hide that it has expired.");
        } else if (first.code == QLatin1String("not_yet_valid")) {
            words.title = QCoreApplication::translate("NetPulse::FailureKind", "Certificate not valid yet");
            words.action = QCoreApplication::translate("NetPulse::FailureKind",
                                                       "Check this machine's clock, then the certificate's dates.");
        } else if (first.code == QLatin1String("name_mismatch")) {
            words.title = QCoreApplication::translate("NetPulse::FailureKind", "Certificate for another name");
            words.action = QCoreApplication::translate("NetPulse::FailureKind",
                                                       "Serve a certificate for this name, or watch the name the "
                                                       "certificate is for.");
        } else if (first.code == QLatin1String("missing_issuer")) {
            words.title = QCoreApplication::translate("NetPulse::FailureKind", "Incomplete certificate chain");
            words.action = QCoreApplication::translate("NetPulse::FailureKind",
                                                       "Configure the server to send its full chain: its own "
                                                       "certificate and every intermediate one.");
        } else if (first.code == QLatin1String("self_signed")) {
            words.title = QCoreApplication::translate("NetPulse::FailureKind", "Self-signed certificate");
            words.action = QCoreApplication::translate("NetPulse::FailureKind",
                                                       "If this is your own server, accept its certificate for this "
                                                       "endpoint: Settings, \"Accept certificates that fail "
                                                       "verification\" (--insecure).");
        } else if (first.code == QLatin1String("untrusted_root")) {
            words.title = QCoreApplication::translate("NetPulse::FailureKind", "Untrusted certificate");
            words.action = QCoreApplication::translate("NetPulse::FailureKind",
                                                       "If the issuer is your organisation's, add its root to this "
                                                       "machine's trusted certificates.");
        }
    } else if (kind == FailureKind::TlsError && detail.contains(QLatin1String("self-signed"), Qt::CaseInsensitive)) {
        // A result recorded before the problems were kept (the history): as it was said then.
        words.title = QCoreApplication::translate("NetPulse::FailureKind", "Self-signed certificate");
        words.explanation =
            QCoreApplication::translate("NetPulse::FailureKind",
                                        "%1 presented a self-signed certificate: nothing vouches for it, so it is not "
                                        "trusted.")
                .arg(endpoint());
        words.action = QCoreApplication::translate("NetPulse::FailureKind",
                                                   "If this is your own server, accept its certificate for this "
                                                   "endpoint: Settings, \"Accept certificates that fail "
                                                   "verification\" (--insecure).");
    }
    // A gateway answered: say where it broke, the gateway up and what it says of the service
    // behind it, instead of "the server is up but failing".
    if (kind == FailureKind::HttpServerError && gateway) {
        const QString at = proxy.isEmpty() ? endpoint() : proxy;
        const QString who = gateway->product.isEmpty() ? QCoreApplication::translate("NetPulse::Gateway", "the gateway")
                                                       : gateway->product;
        words.title = gateway->product.isEmpty()
                          ? QCoreApplication::translate("NetPulse::Gateway", "Failing behind a gateway")
                          : QCoreApplication::translate("NetPulse::Gateway", "Failing behind %1").arg(gateway->product);
        words.explanation = QCoreApplication::translate("NetPulse::Gateway", "%1 at %2 answered HTTP %3: %4.")
                                .arg(gateway->name(), at)
                                .arg(status)
                                .arg(gateway->behind());
        const FailureKind origin = gateway->origin.value_or(FailureKind::NetworkError);
        if (origin == FailureKind::ConnectionRefused || gateway->says == GatewaySays::ConnectFailed ||
            gateway->says == GatewaySays::NoServerAvailable)
            words.action = QCoreApplication::translate("NetPulse::Gateway",
                                                       "The gateway is up. Start the service behind it, or check the "
                                                       "address and port %1 sends requests to.")
                               .arg(who);
        else if (origin == FailureKind::ResponseTimeout || origin == FailureKind::ConnectTimeout ||
                 gateway->says == GatewaySays::TimedOut)
            words.action = QCoreApplication::translate("NetPulse::Gateway",
                                                       "The gateway is up. Is the service behind it overloaded or "
                                                       "stuck, or is %1's time limit shorter than it needs?")
                               .arg(who);
        else
            words.action = QCoreApplication::translate("NetPulse::Gateway",
                                                       "The gateway is up. Look at the service behind it, and at %1's "
                                                       "error log for the reason.")
                               .arg(who);
    }
    // A proxy's failure names the proxy, not the service it never reached.
    if (kind == FailureKind::ProxyError && !proxy.isEmpty()) {
        if (status == 407) {
            words.title = QCoreApplication::translate("NetPulse::FailureKind", "Proxy asks for credentials");
            words.explanation = QCoreApplication::translate("NetPulse::FailureKind",
                                                            "The proxy at %1 asks for credentials (HTTP 407); the "
                                                            "request did not reach %2.")
                                    .arg(proxy, endpoint());
            words.action = QCoreApplication::translate("NetPulse::FailureKind",
                                                       "Put the proxy's user and password in the proxy URL "
                                                       "(http://user:password@host:port).");
        } else if (detail.contains(QLatin1String("ConnectionRefusedError"))) {
            words.explanation = QCoreApplication::translate("NetPulse::FailureKind",
                                                            "Nothing is listening at the proxy's address %1: the "
                                                            "request never reached %2.")
                                    .arg(proxy, endpoint());
        } else {
            words.explanation = QCoreApplication::translate("NetPulse::FailureKind",
                                                            "The proxy at %1 failed or refused the request; %2 was "
                                                            "not reached.")
                                    .arg(proxy, endpoint());
        }
    }
    // A name that did not resolve, told apart by what DNS itself answered (DnsCheck).
    if (kind == FailureKind::HostNotFound && dns) {
        const QString host = (redirects.isEmpty() ? url : redirects.constLast()).host();
        const QString server = dns->server.isEmpty()
                                   ? QCoreApplication::translate("NetPulse::FailureKind", "this machine's DNS server")
                                   : dns->server;
        if (dns->answer == QLatin1String("nxdomain")) {
            words.explanation =
                QCoreApplication::translate("NetPulse::FailureKind", "The DNS server %1 says %2 does not exist.")
                    .arg(server, host);
        } else if (dns->answer == QLatin1String("servfail")) {
            words.explanation = QCoreApplication::translate("NetPulse::FailureKind",
                                                            "The DNS server %1 failed to answer for %2 (server "
                                                            "failure): the name may be fine; its DNS is failing.")
                                    .arg(server, host);
            words.action = QCoreApplication::translate("NetPulse::FailureKind",
                                                       "The service may be fine. Check the DNS: this machine's "
                                                       "server, or the servers of the name's domain.");
        } else if (dns->answer == QLatin1String("refused")) {
            words.explanation =
                QCoreApplication::translate("NetPulse::FailureKind", "The DNS server %1 refused to answer for %2.")
                    .arg(server, host);
            words.action = QCoreApplication::translate("NetPulse::FailureKind",
                                                       "The service may be fine. Check this machine's DNS settings: "
                                                       "the server does not serve this machine, or this name.");
        } else if (dns->answer == QLatin1String("no_answer")) {
            words.explanation = QCoreApplication::translate("NetPulse::FailureKind",
                                                            "No DNS server answered (%1): this machine's DNS is not "
                                                            "working; the service may be fine.")
                                    .arg(server);
            words.action = QCoreApplication::translate("NetPulse::FailureKind",
                                                       "Check this machine's DNS: is the resolver running and "
                                                       "reachable (VPN, network settings)?");
        } else if (dns->answer == QLatin1String("no_address")) {
            words.explanation = QCoreApplication::translate("NetPulse::FailureKind",
                                                            "The DNS server %1 knows %2, but has no address for it.")
                                    .arg(server, host);
            words.action = QCoreApplication::translate("NetPulse::FailureKind",
                                                       "Give the name an address record (A or AAAA), or check that "
                                                       "this is the name the service answers on.");
        } else if (dns->answer == QLatin1String("ipv6_only")) {
            words.explanation = QCoreApplication::translate("NetPulse::FailureKind",
                                                            "The DNS server %1 has only an IPv6 address for %2, and "
                                                            "this machine's lookup asks for IPv4 (it has no IPv6 "
                                                            "address of its own to reach it from).")
                                    .arg(server, host);
            words.action = QCoreApplication::translate("NetPulse::FailureKind",
                                                       "Give the name an IPv4 address (an A record), or give this "
                                                       "machine IPv6.");
        } else if (dns->answer == QLatin1String("answered")) {
            words.explanation = QCoreApplication::translate("NetPulse::FailureKind",
                                                            "%1 did not resolve, but the DNS server %2 answers for "
                                                            "it when asked again: the failure passed, or this "
                                                            "machine's own lookup (/etc/hosts, nsswitch) differs "
                                                            "from DNS.")
                                    .arg(host, server);
        }
    }
    // localhost tried on both loopbacks: say what each did.
    if (addresses.size() == 2) {
        const AddressOutcome &four = addresses.at(0), &six = addresses.at(1);
        if (kind == FailureKind::ConnectionRefused && four.outcome == QLatin1String("refused") &&
            six.outcome == QLatin1String("refused")) {
            words.explanation =
                QCoreApplication::translate("NetPulse::FailureKind", "Nothing is listening at %1, on %2 or on %3.")
                    .arg(endpoint(), four.address, six.address);
        } else if (!connectedVia.isEmpty()) {
            const QString other = connectedVia == four.address ? six.address : four.address;
            words.explanation += QLatin1Char(' ') + QCoreApplication::translate("NetPulse::FailureKind",
                                                                                "It answers on %1 only (%2 refused): "
                                                                                "clients that try %2 first are "
                                                                                "refused.")
                                                        .arg(connectedVia, other);
        }
    }
    // A failed check says itself: which check, what was seen, what it expects.
    if (kind == FailureKind::CheckFailed && !detail.isEmpty()) {
        words.explanation = detail.left(1).toUpper() + detail.mid(1) + QLatin1Char('.');
    }
    // A browser would block what the server answered fine: both said, the server's verdict too.
    if (kind == FailureKind::CheckFailed && failedCheck == QLatin1String("page_origin")) {
        words.title = QCoreApplication::translate("NetPulse::FailureKind", "Blocked for the page");
        words.explanation += QLatin1Char(' ') + QCoreApplication::translate("NetPulse::FailureKind",
                                                                            "The server itself is up: it answered "
                                                                            "HTTP %1.")
                                                    .arg(status);
        words.action = QCoreApplication::translate("NetPulse::FailureKind",
                                                   "Let the page's origin in: answer it with "
                                                   "Access-Control-Allow-Origin (and, to a preflight, allow the "
                                                   "method and headers it asks for); or call the endpoint through "
                                                   "the page's own server.");
    }
    return words;
}

QString ProbeResult::endpoint() const
{
    return endpointOf(redirects.isEmpty() ? url : redirects.constLast());
}

} // namespace NetPulse
