#include "vantage/VantageReader.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUrlQuery>

#include "base/Logging.h"
#include "probe/Redactor.h"
#include "vantage/PrometheusVector.h"

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
    connect(&m_timer, &QTimer::timeout, this, &VantageReader::refresh);
    connect(m_manager, &QNetworkAccessManager::finished, this, &VantageReader::onFinished);
    // The whole refresh is bounded, not only its silences: a trickling answer is cut too.
    m_limit.setSingleShot(true);
    connect(&m_limit, &QTimer::timeout, this, [this] {
        m_answerProblem = VantageReaderWords::tr("Prometheus at %1 did not answer within %2 s")
                              .arg(Redactor::redactUrl(m_source.url))
                              .arg(kLimitMs / 1000);
        m_timedOut = true;
        if (m_reply)
            m_reply->abort();
        if (m_targetsReply)
            m_targetsReply->abort();
    });
}

VantageReader::~VantageReader()
{
    dropReplies();
}

// Forgets the replies in flight before aborting them, so their end is not read as an answer
// (or as a timeout): a new source, or the reader going away, is no news about Prometheus.
void VantageReader::dropReplies()
{
    m_limit.stop();
    if (QNetworkReply *reply = std::exchange(m_reply, nullptr)) {
        reply->disconnect(this);
        reply->abort();
    }
    if (QNetworkReply *reply = std::exchange(m_targetsReply, nullptr)) {
        reply->disconnect(this);
        reply->abort();
    }
}

void VantageReader::setSource(const VantageSource &source)
{
    dropReplies();
    m_source = source;
    m_scrapeIntervals.clear();
    m_timer.setInterval(std::max(1, m_source.refreshS) * 1000);
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
    // Both metrics through one selector, each series' last sample over minutes (a vantage that
    // stopped is still seen, with the interval it last had, and turns stale), only the labels
    // read below: a verdict has a kind, an interval has none. Asked as two queries joined with
    // `or` (label_replace to tell them apart), the same answer cost Prometheus twice as long for
    // 10 agents x 1,000 endpoints (docs/PERFORMANCE.md).
    return QStringLiteral("max by (vantage, url, kind, instance) (last_over_time({__name__=~\"%1|%2\","
                          "vantage!=\"%3\",vantage!=\"\"}[%4m]))")
        .arg(QLatin1String(kVerdictMetric), QLatin1String(kIntervalMetric), promqlString(here))
        .arg(kLookBackMinutes);
}

QNetworkRequest VantageReader::request(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_source.url;
    url.setUserInfo(QString()); // credentials go in a header, never in a URL Qt may log
    url.setPath(url.path().endsWith(QLatin1Char('/')) ? QString(url.path() + path)
                                                      : QString(url.path() + QLatin1Char('/') + path));
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setTransferTimeout(kLimitMs);
    // Credentials and headers never follow a redirect to wherever it points.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    // Qt asks for gzip by default: across a network 10 agents x 1,000 endpoints' answer shrinks
    // from 3.1 MB to 92 KB; on this machine's loopback it only costs time (Prometheus compressing,
    // Qt inflating: about a third of a refresh, docs/PERFORMANCE.md).
    if (QHostAddress(url.host()).isLoopback() || url.host() == QLatin1String("localhost"))
        request.setRawHeader("Accept-Encoding", "identity");
    const QString user = m_source.url.userName(QUrl::FullyDecoded);
    if (!user.isEmpty())
        request.setRawHeader(
            "Authorization",
            "Basic " + (user + QLatin1Char(':') + m_source.url.password(QUrl::FullyDecoded)).toUtf8().toBase64());
    for (const auto &[name, value] : std::as_const(m_source.headers))
        request.setRawHeader(name, value);
    if (url.scheme() == QLatin1String("https") && !m_source.caFile.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(m_source.caFile));
        request.setSslConfiguration(tls);
    }
    return request;
}

void VantageReader::refresh()
{
    if (!m_source.isValid() || m_reply || m_targetsReply)
        return;
    QUrlQuery parameters;
    parameters.addQueryItem(QStringLiteral("query"), query(m_here));
    m_clock.start();
    m_answer.clear();
    m_answerProblem.clear();
    m_timedOut = false;
    m_limit.start(kLimitMs);
    m_reply = m_manager->get(request(QStringLiteral("api/v1/query"), parameters));
    QUrlQuery active;
    active.addQueryItem(QStringLiteral("state"), QStringLiteral("active"));
    m_targetsReply = m_manager->get(request(QStringLiteral("api/v1/targets"), active));
    // An answer past the bound is cut as it arrives, not held in memory first.
    for (QNetworkReply *reply : {m_reply, m_targetsReply}) {
        connect(reply, &QNetworkReply::downloadProgress, this, [this, reply](qint64 received) {
            if (received <= Limits::vantagesAnswerBytes || reply->isFinished())
                return;
            m_answerProblem = VantageReaderWords::tr("Prometheus at %1 sent more than %2 MB")
                                  .arg(Redactor::redactUrl(m_source.url))
                                  .arg(Limits::vantagesAnswerBytes / (1024 * 1024));
            m_tooLarge = true;
            reply->abort();
        });
    }
    m_tooLarge = false;
}

void VantageReader::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply == m_targetsReply) {
        m_targetsReply = nullptr;
        // Without them a vantage is given Prometheus' usual scrape interval; nothing to say.
        if (reply->error() == QNetworkReply::NoError)
            m_scrapeIntervals = readTargets(reply->readAll());
        if (!m_reply)
            finishRefresh();
        return;
    }
    if (reply != m_reply)
        return;
    m_reply = nullptr;
    const QString where = Redactor::redactUrl(m_source.url);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_timedOut || m_tooLarge) {
        // Said when the limit struck.
    } else if (reply->error() == QNetworkReply::OperationCanceledError ||
               reply->error() == QNetworkReply::TimeoutError) {
        m_answerProblem =
            VantageReaderWords::tr("Prometheus at %1 did not answer within %2 s").arg(where).arg(kLimitMs / 1000);
    } else if (status >= 300 && status < 400) {
        m_answerProblem =
            VantageReaderWords::tr("Prometheus at %1 redirected to %2, which is not followed")
                .arg(where,
                     Redactor::redactUrl(reply->url().resolved(QUrl::fromEncoded(reply->rawHeader("Location")))));
    } else if (reply->error() != QNetworkReply::NoError && status == 0) {
        m_answerProblem = VantageReaderWords::tr("Prometheus at %1 cannot be reached: %2")
                              .arg(where, Redactor::redactText(reply->errorString()));
    } else if (status >= 400 && reply->rawHeader("Content-Type").indexOf("json") < 0) {
        m_answerProblem = VantageReaderWords::tr("Prometheus at %1 answered HTTP %2").arg(where).arg(status);
    }
    m_answer = reply->isOpen() ? reply->readAll() : QByteArray(); // an aborted reply is closed
    if (!m_targetsReply)
        finishRefresh();
}

void VantageReader::finishRefresh()
{
    m_limit.stop();
    QString problem = m_answerProblem;
    QHash<QString, QList<ElsewhereReading>> readings;
    const qint64 answered = m_clock.nsecsElapsed();
    if (problem.isEmpty()) {
        readings = readAnswer(m_answer, &problem);
        if (!problem.isEmpty())
            problem = VantageReaderWords::tr("Prometheus at %1: %2").arg(Redactor::redactUrl(m_source.url), problem);
    }
    // A verdict is seen up to a scrape and a refresh after it is made.
    for (QList<ElsewhereReading> &list : readings) {
        for (ElsewhereReading &reading : list)
            reading.allowanceS = m_scrapeIntervals.value(reading.instance, 15.0) + double(m_source.refreshS);
    }
    m_lastRefreshMs = double(m_clock.nsecsElapsed()) / 1e6;
    m_lastReadMs = m_lastRefreshMs - double(answered) / 1e6;
    m_readings = problem.isEmpty() ? readings : QHash<QString, QList<ElsewhereReading>>();
    setProblem(problem);
    emit refreshed();
}

QHash<QString, QList<ElsewhereReading>> VantageReader::readAnswer(const QByteArray &json, QString *problem)
{
    enum Label
    {
        UrlLabel,
        VantageLabel,
        EndpointLabel,
        KindLabel,
        InstanceLabel
    };
    static const QList<QByteArray> labels{"url", "vantage", "endpoint", "kind", "instance"};
    std::vector<PrometheusVector::Sample> samples;
    QString error;
    switch (PrometheusVector::read(json, labels, &samples, &error)) {
    case PrometheusVector::Shape::NotJson:
        *problem = VantageReaderWords::tr("the answer is not Prometheus' JSON");
        return {};
    case PrometheusVector::Shape::Failed:
        *problem = VantageReaderWords::tr("the query failed: %1").arg(Redactor::redactText(error.left(300)));
        return {};
    case PrometheusVector::Shape::NotVector:
        *problem = VantageReaderWords::tr("the answer is not a vector of samples");
        return {};
    case PrometheusVector::Shape::Vector:
        break;
    }
    // By URL, then vantage and endpoint name. query() asks without names (max by drops them), so
    // a vantage that watches a URL under two names (two methods) comes back once: its newest
    // verdict, with the longer of the two intervals. An answer with names (another query, the
    // tests' recorded ones) is read name by name, the newest verdict standing for the vantage. A URL's entries
    // are few (one or two per vantage): a short list, searched in order, costs less than a hash
    // of hashes for 20,000 samples.
    struct Entry
    {
        QString vantage;
        QString endpoint;
        double checked = -1;
        QString kind;
        double interval = 0;
        QString instance;
    };
    struct ForUrl
    {
        QString url;
        std::vector<Entry> entries;
    };
    QHash<QString, qsizetype> urlAt;
    std::vector<ForUrl> urls;
    for (PrometheusVector::Sample &sample : samples) {
        QString &url = sample.labels[UrlLabel];
        QString &vantage = sample.labels[VantageLabel];
        bool ok = false;
        const double value = sample.value.toDouble(&ok);
        // Only numbers a verdict can have: a time within 2001…2286, an interval up to a day. A
        // sample with a kind is a verdict; one without, the interval beside it.
        const bool isVerdict = !sample.labels[KindLabel].isNull();
        const bool sane =
            ok && std::isfinite(value) && (isVerdict ? value > 1e9 && value < 1e10 : value >= 0 && value <= 86400);
        if (url.isEmpty() || vantage.isEmpty() || !sane)
            continue;
        auto at = urlAt.constFind(url);
        if (at == urlAt.cend()) {
            at = urlAt.insert(url, qsizetype(urls.size()));
            urls.push_back({std::move(url), {}});
        }
        std::vector<Entry> &entries = urls[size_t(*at)].entries;
        const QString &endpoint = sample.labels[EndpointLabel];
        auto entry = std::find_if(entries.begin(), entries.end(),
                                  [&](const Entry &e) { return e.vantage == vantage && e.endpoint == endpoint; });
        if (entry == entries.end())
            entry = entries.insert(entries.end(), Entry{std::move(vantage), endpoint, -1, {}, 0, {}});
        if (isVerdict && value > entry->checked) {
            entry->checked = value;
            entry->kind = sample.labels[KindLabel];
            entry->instance = sample.labels[InstanceLabel];
        } else if (!isVerdict) {
            entry->interval = value;
        }
    }
    QHash<QString, QList<ElsewhereReading>> readings;
    readings.reserve(qsizetype(urls.size()));
    for (const ForUrl &forUrl : urls) {
        QList<ElsewhereReading> list;
        for (auto entry = forUrl.entries.cbegin(); entry != forUrl.entries.cend(); ++entry) {
            if (entry->checked < 0)
                continue;
            // This vantage's newest verdict on the URL, under whichever name; the first entry of
            // the vantage decides, so each vantage is read once.
            const auto first = std::find_if(forUrl.entries.cbegin(), entry, [&](const Entry &e) {
                return e.vantage == entry->vantage && e.checked >= 0;
            });
            if (first != entry)
                continue;
            const Entry *newest = &*entry;
            for (auto other = entry + 1; other != forUrl.entries.cend(); ++other) {
                if (other->vantage == entry->vantage && other->checked > newest->checked)
                    newest = &*other;
            }
            ElsewhereReading reading;
            reading.vantage = newest->vantage;
            reading.kind = newest->kind;
            reading.checkedAt = QDateTime::fromMSecsSinceEpoch(qint64(newest->checked * 1000.0), Qt::UTC);
            reading.intervalS = newest->interval;
            reading.instance = newest->instance;
            list.append(reading);
        }
        std::sort(list.begin(), list.end(),
                  [](const ElsewhereReading &a, const ElsewhereReading &b) { return a.vantage < b.vantage; });
        if (!list.isEmpty())
            readings.insert(forUrl.url, list);
    }
    return readings;
}

QHash<QString, double> VantageReader::readTargets(const QByteArray &json)
{
    QHash<QString, double> intervals;
    const QJsonArray targets =
        QJsonDocument::fromJson(json).object().value(QLatin1String("data"))[QLatin1String("activeTargets")].toArray();
    for (const QJsonValue &target : targets) {
        const QString instance = target[QLatin1String("labels")][QLatin1String("instance")].toString();
        const double seconds = goDurationS(target[QLatin1String("scrapeInterval")].toString());
        if (!instance.isEmpty() && seconds > 0)
            intervals.insert(instance, seconds);
    }
    return intervals;
}

double VantageReader::goDurationS(const QString &text)
{
    // Prometheus' durations: a sequence of number-and-unit, largest first ("1h30m", "15s", "500ms").
    static const QRegularExpression part(QStringLiteral("(\\d+)(ms|s|m|h|d|w|y)"));
    double seconds = 0;
    qsizetype at = 0;
    QRegularExpressionMatchIterator it = part.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        if (match.capturedStart() != at)
            return 0;
        at = match.capturedEnd();
        const double n = match.captured(1).toDouble();
        const QString unit = match.captured(2);
        seconds += unit == QLatin1String("ms")  ? n / 1000
                   : unit == QLatin1String("s") ? n
                   : unit == QLatin1String("m") ? n * 60
                   : unit == QLatin1String("h") ? n * 3600
                   : unit == QLatin1String("d") ? n * 86400
                   : unit == QLatin1String("w") ? n * 7 * 86400
                                                : n * 365 * 86400;
    }
    return at == text.size() && at > 0 ? seconds : 0;
}

void VantageReader::setProblem(const QString &problem)
{
    if (problem == m_problem)
        return;
    m_problem = problem;
    if (!problem.isEmpty())
        qCWarning(lcVantage).noquote() << QStringLiteral("vantage points: ") + problem;
    emit problemChanged(problem);
}

} // namespace NetPulse
