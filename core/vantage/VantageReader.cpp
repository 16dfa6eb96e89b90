#include "vantage/VantageReader.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUrlQuery>

#include "base/Logging.h"
#include "probe/Redactor.h"

namespace NetPulse {

namespace {

class VantageReaderWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::VantageReader)
};

// A PromQL string literal's content: backslash and double quote escaped.
QString promqlString(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    out.replace(QLatin1Char('"'), QLatin1String("\\\""));
    return out;
}

} // namespace

VantageReader::VantageReader(const QString &here, QObject *parent)
    : QObject(parent)
    , m_here(here)
    , m_manager(new QNetworkAccessManager(this))
{
    m_timer.setInterval(kRefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &VantageReader::refresh);
    connect(m_manager, &QNetworkAccessManager::finished, this, &VantageReader::onFinished);
}

VantageReader::~VantageReader()
{
    if (m_reply)
        m_reply->abort();
}

void VantageReader::setSource(const VantageSource &source)
{
    if (m_reply)
        m_reply->abort();
    m_source = source;
    m_readings.clear();
    if (!m_source.isValid()) {
        m_timer.stop();
        setProblem(QString());
        emit refreshed();
        return;
    }
    m_timer.start();
    refresh();
}

QString VantageReader::query(const QString &here)
{
    const QString other = QStringLiteral("{vantage!=\"%1\",vantage!=\"\"}").arg(promqlString(here));
    const QString window = QStringLiteral("[%1m]").arg(kLookBackMinutes);
    // last_over_time drops the metric's name: a label says which series each sample is.
    return QStringLiteral("label_replace(last_over_time(netpulse_probe_verdict_timestamp_seconds%1%2), "
                          "\"np_series\", \"verdict\", \"\", \"\") or "
                          "label_replace(last_over_time(netpulse_probe_interval_seconds%1%2), "
                          "\"np_series\", \"interval\", \"\", \"\")")
        .arg(other, window);
}

void VantageReader::refresh()
{
    if (!m_source.isValid() || m_reply)
        return;
    QUrl url = m_source.url;
    const QString user = url.userName(QUrl::FullyDecoded), password = url.password(QUrl::FullyDecoded);
    url.setUserInfo(QString()); // credentials go in a header, never in a URL Qt may log
    url.setPath(url.path().endsWith(QLatin1Char('/')) ? url.path() + QStringLiteral("api/v1/query")
                                                      : url.path() + QStringLiteral("/api/v1/query"));
    QUrlQuery parameters;
    parameters.addQueryItem(QStringLiteral("query"), query(m_here));
    url.setQuery(parameters);
    QNetworkRequest request(url);
    request.setTransferTimeout(kLimitMs);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    if (!user.isEmpty())
        request.setRawHeader("Authorization", "Basic " + (user + QLatin1Char(':') + password).toUtf8().toBase64());
    for (const auto &[name, value] : std::as_const(m_source.headers))
        request.setRawHeader(name, value);
    if (url.scheme() == QLatin1String("https") && !m_source.caFile.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(m_source.caFile));
        request.setSslConfiguration(tls);
    }
    m_clock.start();
    m_reply = m_manager->get(request);
}

void VantageReader::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply = nullptr;
    const QString where = Redactor::redactUrl(m_source.url);
    QString problem;
    if (reply->error() == QNetworkReply::OperationCanceledError) {
        problem = VantageReaderWords::tr("Prometheus at %1 did not answer within %2 s").arg(where).arg(kLimitMs / 1000);
    } else if (reply->error() != QNetworkReply::NoError &&
               reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 0) {
        problem = VantageReaderWords::tr("Prometheus at %1 cannot be reached: %2")
                      .arg(where, Redactor::redactText(reply->errorString()));
    }
    const QByteArray body = reply->readAll();
    QHash<QString, QList<ElsewhereReading>> readings;
    if (problem.isEmpty())
        readings = readAnswer(body, &problem);
    if (!problem.isEmpty() && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() >= 400 &&
        !problem.startsWith(QLatin1String("Prometheus")))
        problem = VantageReaderWords::tr("Prometheus at %1 answered HTTP %2: %3")
                      .arg(where)
                      .arg(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt())
                      .arg(problem);
    m_lastRefreshMs = double(m_clock.nsecsElapsed()) / 1e6;
    m_readings = problem.isEmpty() ? readings : QHash<QString, QList<ElsewhereReading>>();
    setProblem(problem);
    emit refreshed();
}

QHash<QString, QList<ElsewhereReading>> VantageReader::readAnswer(const QByteArray &json, QString *problem)
{
    QJsonParseError error{};
    const QJsonObject root = QJsonDocument::fromJson(json, &error).object();
    if (error.error != QJsonParseError::NoError || root.isEmpty()) {
        *problem = VantageReaderWords::tr("the answer is not Prometheus' JSON");
        return {};
    }
    if (root.value(QLatin1String("status")).toString() != QLatin1String("success")) {
        *problem = VantageReaderWords::tr("the query failed: %1")
                       .arg(Redactor::redactText(root.value(QLatin1String("error")).toString().left(300)));
        return {};
    }
    const QJsonObject data = root.value(QLatin1String("data")).toObject();
    if (data.value(QLatin1String("resultType")).toString() != QLatin1String("vector")) {
        *problem = VantageReaderWords::tr("the answer is not a vector of samples");
        return {};
    }
    // By URL, vantage and endpoint name first: one vantage may watch a URL under two names (two
    // methods); its newest verdict then stands for it.
    struct Entry
    {
        double checked = -1;
        QString kind;
        double interval = 0;
    };
    QHash<QString, QHash<QString, QHash<QString, Entry>>> seen;
    const QJsonArray result = data.value(QLatin1String("result")).toArray();
    for (const QJsonValue &item : result) {
        const QJsonObject metric = item[QLatin1String("metric")].toObject();
        const QString url = metric.value(QLatin1String("url")).toString();
        const QString vantage = metric.value(QLatin1String("vantage")).toString();
        bool ok = false;
        const double value = item[QLatin1String("value")][1].toString().toDouble(&ok);
        if (url.isEmpty() || vantage.isEmpty() || !ok)
            continue;
        Entry &entry = seen[url][vantage][metric.value(QLatin1String("endpoint")).toString()];
        const QString series = metric.value(QLatin1String("np_series")).toString();
        if (series == QLatin1String("verdict") && value > entry.checked) {
            entry.checked = value;
            entry.kind = metric.value(QLatin1String("kind")).toString();
        } else if (series == QLatin1String("interval")) {
            entry.interval = value;
        }
    }
    QHash<QString, QList<ElsewhereReading>> readings;
    for (auto byUrl = seen.cbegin(); byUrl != seen.cend(); ++byUrl) {
        QList<ElsewhereReading> list;
        for (auto byVantage = byUrl->cbegin(); byVantage != byUrl->cend(); ++byVantage) {
            const Entry *newest = nullptr;
            for (const Entry &entry : *byVantage) {
                if (entry.checked >= 0 && (!newest || entry.checked > newest->checked))
                    newest = &entry;
            }
            if (!newest)
                continue;
            list.append({byVantage.key(), newest->kind,
                         QDateTime::fromMSecsSinceEpoch(qint64(newest->checked * 1000.0), Qt::UTC), newest->interval});
        }
        std::sort(list.begin(), list.end(),
                  [](const ElsewhereReading &a, const ElsewhereReading &b) { return a.vantage < b.vantage; });
        if (!list.isEmpty())
            readings.insert(byUrl.key(), list);
    }
    return readings;
}

void VantageReader::setProblem(const QString &problem)
{
    if (problem == m_problem)
        return;
    m_problem = problem;
    if (!problem.isEmpty())
        qCWarning(lcMetrics).noquote() << QStringLiteral("vantage points: ") + problem;
    emit problemChanged(problem);
}

} // namespace NetPulse
