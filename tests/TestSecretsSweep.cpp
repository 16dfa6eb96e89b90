// Planted secrets never come out. A headless NetPulse watches an endpoint file whose URLs carry
// user:password and secret-looking query values and whose headers carry tokens, reports to a
// backend whose URL and header carry tokens, and serves its metrics; every output is then searched
// for the planted values: standard output and error (with every debug line on), the metrics
// page, each report's body, every file it wrote (cache entries, the history database and its
// journal), and an export of the same endpoint file.
#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include "FaultServer.h"
#include "ReportReceiver.h"

#include "endpoints/EndpointFile.h"

using namespace NetPulse;
using NetPulse::Demo::FaultServer;

namespace {

// Each planted value is distinct, so a hit names where it came from.
const QList<QByteArray> kPlanted = {
    "PlantedUrlPassword1", "PlantedQueryToken2",  "PlantedHeaderBearer3", "PlantedApiKeyHeader4",
    "PlantedQueryApiKey5", "PlantedReportToken6", "PlantedReportBearer7",
};

} // namespace

class TestSecretsSweep : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void plantedSecretsAppearNowhere();

private:
    // Every planted value found in `bytes`, with `where`.
    void search(const QString &where, const QByteArray &bytes);

    FaultServer m_server;
    QStringList m_found;
    int m_placesSearched = 0;
};

void TestSecretsSweep::initTestCase()
{
    QVERIFY(m_server.start());
}

void TestSecretsSweep::search(const QString &where, const QByteArray &bytes)
{
    ++m_placesSearched;
    // As planted, and in the two disguises a copy would most likely wear: base64 (an
    // Authorization: Basic value) and percent-encoding (a URL). Each value is 20 bytes or so, so a
    // base64 copy of any 3-byte-aligned run of it shows the middle; both alignments are searched.
    for (const QByteArray &secret : kPlanted) {
        const QList<QByteArray> forms = {secret, secret.toBase64(), secret.mid(1).toBase64().chopped(4),
                                         secret.mid(2).toBase64().chopped(4), secret.toPercentEncoding()};
        for (const QByteArray &form : forms) {
            if (form.size() >= 8 && bytes.contains(form)) {
                m_found << QStringLiteral("%1 in %2").arg(QString::fromLatin1(secret), where);
                break;
            }
        }
    }
}

void TestSecretsSweep::plantedSecretsAppearNowhere()
{
    QTemporaryDir home;
    ReportReceiver receiver;
    QVERIFY(receiver.listen());
    QUrl reportUrl = receiver.url();
    reportUrl.setQuery(QStringLiteral("token=PlantedReportToken6"));

    QUrl withPassword = m_server.url(QStringLiteral("/ok"));
    withPassword.setUserName(QStringLiteral("sweeper"));
    withPassword.setPassword(QStringLiteral("PlantedUrlPassword1"));
    withPassword.setQuery(QStringLiteral("token=PlantedQueryToken2&page=1"));
    QUrl refusedWithKey = m_server.refusedUrl();
    refusedWithKey.setQuery(QStringLiteral("api_key=PlantedQueryApiKey5"));
    const QJsonArray endpoints = {
        QJsonObject{{QStringLiteral("name"), QStringLiteral("with password")},
                    {QStringLiteral("url"), withPassword.toString()}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("with headers")},
                    {QStringLiteral("url"), m_server.url(QStringLiteral("/status/503")).toString()},
                    {QStringLiteral("headers"),
                     QJsonObject{{QStringLiteral("Authorization"), QStringLiteral("Bearer PlantedHeaderBearer3")},
                                 {QStringLiteral("X-Api-Key"), QStringLiteral("PlantedApiKeyHeader4")}}}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("refused with key")},
                    {QStringLiteral("url"), refusedWithKey.toString()}},
    };
    const QJsonObject file{{QStringLiteral("version"), 1},
                           {QStringLiteral("defaults"), QJsonObject{{QStringLiteral("interval_ms"), 200},
                                                                    {QStringLiteral("down_interval_ms"), 200},
                                                                    {QStringLiteral("retries"), 1}}},
                           {QStringLiteral("endpoints"), endpoints}};
    const QString configPath = home.filePath(QStringLiteral("endpoints.json"));
    {
        QFile config(configPath);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QJsonDocument(file).toJson());
    }

    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    process.setProcessEnvironment(environment);
    QByteArray out;
    QByteArray err;
    connect(&process, &QProcess::readyReadStandardOutput, this, [&] { out += process.readAllStandardOutput(); });
    connect(&process, &QProcess::readyReadStandardError, this, [&] { err += process.readAllStandardError(); });
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(NETPULSE_BIN_DIR "/netpulse"),
                  {QStringLiteral("--headless"), QStringLiteral("--verbose"), QStringLiteral("--config"), configPath,
                   // Port 0: the program takes a free one and says which (a port found free here
                   // could be taken by a test running beside this one before the program binds it).
                   QStringLiteral("--metrics-listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--report-url"),
                   reportUrl.toString(), QStringLiteral("--report-header"),
                   QStringLiteral("Authorization: Bearer PlantedReportBearer7")});
    QVERIFY(process.waitForStarted());
    // Every endpoint checked a few times, failures and state changes reported.
    QTRY_VERIFY_WITH_TIMEOUT(out.count('\n') >= 15 && receiver.requests.size() >= 2, 30000);

    const QRegularExpressionMatch listening =
        QRegularExpression(QStringLiteral("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics"))
            .match(QString::fromUtf8(err));
    QVERIFY2(listening.hasMatch(), err.left(400).constData());
    const quint16 metricsPort = quint16(listening.captured(1).toUInt());
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QNetworkReply *metrics =
        manager.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(metricsPort))));
    QSignalSpy scraped(metrics, &QNetworkReply::finished);
    QVERIFY(scraped.wait(10000));
    const QByteArray page = metrics->readAll();
    QVERIFY2(page.contains("probe_success"), page.left(200).constData());
    search(QStringLiteral("the metrics page"), page);
    delete metrics;

    process.terminate();
    QVERIFY(finished.wait(15000));
    out += process.readAllStandardOutput();
    err += process.readAllStandardError();
    QVERIFY2(err.contains("netpulse"), "--verbose wrote no debug lines: the search would prove little");
    search(QStringLiteral("standard output"), out);
    search(QStringLiteral("standard error (--verbose)"), err);
    for (const ReportReceiver::Request &request : std::as_const(receiver.requests))
        search(QStringLiteral("a report body"), request.body);
    // The report tokens are meant for the backend, where they were given (the URL it posts to and
    // its header), and nowhere else.
    QVERIFY(receiver.requests.constFirst().path.contains("token=PlantedReportToken6"));
    QCOMPARE(receiver.requests.constFirst().headers.value("authorization"), QByteArray("Bearer PlantedReportBearer7"));

    int files = 0;
    for (QDirIterator it(home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories); it.hasNext();) {
        const QString path = it.next();
        if (path == configPath)
            continue; // the user's own file holds them, as written
        QFile written(path);
        QVERIFY2(written.open(QIODevice::ReadOnly), qPrintable(path));
        search(QDir(home.path()).relativeFilePath(path), written.readAll());
        ++files;
    }
    QVERIFY2(files >= 2, "no cache entry or history database was written: nothing was searched");

    const EndpointFileContents read = EndpointFile::read(configPath);
    QVERIFY(read.ok());
    search(QStringLiteral("an export of the endpoint file"), EndpointFile::write(read.endpoints));

    qInfo("secrets sweep: %d planted values, %d places searched (%d files, %d reports), found %d", int(kPlanted.size()),
          m_placesSearched, files, int(receiver.requests.size()), int(m_found.size()));
    QVERIFY2(m_found.isEmpty(), qPrintable(m_found.join(QStringLiteral("; "))));
}

QTEST_GUILESS_MAIN(TestSecretsSweep)
#include "TestSecretsSweep.moc"
