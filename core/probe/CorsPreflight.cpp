#include "probe/CorsPreflight.h"

#include <atomic>

#include <QNetworkAccessManager>
#include <QNetworkReply>

#include "probe/Redactor.h"

namespace NetPulse {

CorsPreflight::CorsPreflight(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
{
    m_limit.setSingleShot(true);
}

CorsPreflight::~CorsPreflight()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

void CorsPreflight::start(const QUrl &target, const QUrl &endpoint, const QUrl &page,
                          const PageOriginCheck::Preflight &preflight, bool insecure, int limitMs)
{
    QNetworkRequest request(target);
    if (target.host() != endpoint.host())
        request.setRawHeader("Host", endpoint.authority(QUrl::FullyEncoded | QUrl::RemoveUserInfo).toLatin1());
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setRawHeader("Connection", "close");
    request.setAttribute(QNetworkRequest::ConnectionCacheExpiryTimeoutSecondsAttribute, 0);
    // A connection of its own, as every probe has (Probe::sendRequest says why).
    if (target.scheme() != QLatin1String("https") || insecure) {
        static std::atomic<quint64> preflightSerial{0};
        request.setPeerVerifyName(QStringLiteral("netpulse-preflight-%1").arg(++preflightSerial));
    } else if (target.host() != endpoint.host()) {
        request.setPeerVerifyName(endpoint.host());
    }
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("NetPulse/" NETPULSE_VERSION));
    request.setRawHeader("Origin", PageOriginCheck::serialised(page).toLatin1());
    request.setRawHeader("Access-Control-Request-Method", preflight.method);
    if (!preflight.headers.isEmpty())
        request.setRawHeader("Access-Control-Request-Headers", preflight.headers);
    if (preflight.privateNetwork)
        request.setRawHeader("Access-Control-Request-Private-Network", "true");
    m_reply = m_manager->sendCustomRequest(request, "OPTIONS");
    m_reply->setParent(this);
    if (insecure)
        m_reply->ignoreSslErrors();
    connect(&m_limit, &QTimer::timeout, m_reply, &QNetworkReply::abort);
    m_limit.start(limitMs);
    connect(m_reply, &QNetworkReply::finished, this, [this, page, preflight] {
        m_limit.stop();
        QNetworkReply *reply = std::exchange(m_reply, nullptr);
        reply->deleteLater();
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        emit answered(
            status.isValid()
                ? PageOriginCheck::judgePreflight(status.toInt(), reply->rawHeaderPairs(), page, preflight)
                : PageOriginCheck::preflightUnanswered(preflight, Redactor::redactText(reply->errorString())));
    });
}

} // namespace NetPulse
