#pragma once

#include <optional>

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace NetPulse {

// How the metrics page is served to a scraper on another machine: the web configuration file of
// Prometheus' exporters (exporter-toolkit's `--web.config.file`, docs/metrics.md), so a team
// writes one file for node_exporter, blackbox_exporter and NetPulse alike. Read with the same
// strictness: an unknown key is an error, not a silent default; a key NetPulse does not implement
// is named as such rather than ignored. What is read here is only what the file says; the
// certificate and key files it names are loaded too, so a wrong path is said at start.
struct WebConfig
{
    enum class ClientAuth
    {
        None,             // NoClientCert
        Request,          // RequestClientCert: asked for, not needed, not verified
        RequireAndVerify, // RequireAndVerifyClientCert: against client_ca_file
    };

    // tls_server_config
    bool tls = false;
    QList<QSslCertificate> certificateChain; // cert_file: the leaf first, then its intermediates
    QSslKey privateKey;                      // key_file
    ClientAuth clientAuth = ClientAuth::None;
    QList<QSslCertificate> clientCas; // client_ca_file
    QString minVersion;               // "TLS12" or "TLS13"; empty: TLS 1.2 or later
    QString maxVersion;               // empty: none
    // http_server_config
    QList<QPair<QByteArray, QByteArray>> headers; // added to every answer
    // basic_auth_users: user name -> bcrypt hash
    QMap<QString, QByteArray> users;

    bool needsPassword() const { return !users.isEmpty(); }

    // The file's text, read; `baseDir` is where relative file names are found (the file's own
    // folder, as exporter-toolkit does). On failure, the problem in words, naming the line or key.
    static std::optional<WebConfig> parse(const QByteArray &text, const QString &baseDir, QString *problem);
    static std::optional<WebConfig> load(const QString &path, QString *problem);
};

} // namespace NetPulse
