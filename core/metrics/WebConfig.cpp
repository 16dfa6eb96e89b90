// The web configuration's reader in one file on purpose: the YAML subset it reads (YamlSubsetReader)
// is only what exporter-toolkit's format uses, its nodes and messages (a line number, never the
// line) are this format's, and it has no other caller; the sections' readers below check what
// that tree holds. A second YAML format in NetPulse would be the seam to move the reader out.
#include "metrics/WebConfig.h"

#include <algorithm>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class WebConfigWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::WebConfig)
};

// A web configuration is at most a few dozen lines; a bigger file is not one.
constexpr qint64 kMaxFileBytes = 1024 * 1024;

// The part of YAML a web configuration uses (block mappings, lists of scalars, plain and quoted
// scalars, comments), read into a tree. Anything else in the file is an error that names its line:
// a file this reader half-understood would serve the page other than its author meant.
struct Node
{
    enum class Type
    {
        Null,
        Scalar,
        Map,
        List,
    };
    Type type = Type::Null;
    int line = 0;
    QString scalar;
    QList<QPair<QString, Node>> map; // in the file's order
    QStringList list;

    const Node *child(const QString &key) const
    {
        for (const auto &entry : map)
            if (entry.first == key)
                return &entry.second;
        return nullptr;
    }
};

struct Line
{
    int number = 0;
    int indent = 0;
    QString text; // without indentation and comment
};

class YamlSubsetReader
{
public:
    explicit YamlSubsetReader(const QByteArray &text) { split(text); }

    std::optional<Node> read(QString *problem)
    {
        if (!m_problem.isEmpty()) {
            *problem = m_problem;
            return std::nullopt;
        }
        Node root;
        root.type = Node::Type::Map;
        if (!m_lines.isEmpty()) {
            if (m_lines.first().indent != 0)
                return fail(m_lines.first().number, WebConfigWords::tr("the first key is indented"), problem);
            if (!block(0, &root, problem))
                return std::nullopt;
        }
        return root;
    }

private:
    void split(const QByteArray &text)
    {
        const QList<QByteArray> raw = text.split('\n');
        for (int i = 0; i < raw.size(); ++i) {
            QString line = QString::fromUtf8(raw.at(i));
            if (line.endsWith(QLatin1Char('\r')))
                line.chop(1);
            int indent = 0;
            while (indent < line.size() && line.at(indent) == QLatin1Char(' '))
                ++indent;
            const QString rest = stripComment(line.mid(indent)).trimmed();
            if (rest.isEmpty() || (m_lines.isEmpty() && rest == QLatin1String("---")))
                continue;
            if (indent < line.size() && line.at(indent) == QLatin1Char('\t')) {
                m_problem =
                    WebConfigWords::tr("line %1: a tab in the indentation (YAML indents with spaces)").arg(i + 1);
                return;
            }
            m_lines.append({i + 1, indent, rest});
        }
    }

    // A '#' starts a comment at the line's start or after a space, outside quotes.
    static QString stripComment(const QString &text)
    {
        QChar quote;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (!quote.isNull()) {
                if (c == quote)
                    quote = QChar();
                else if (c == QLatin1Char('\\') && quote == QLatin1Char('"'))
                    ++i;
                continue;
            }
            if ((c == QLatin1Char('"') || c == QLatin1Char('\'')) &&
                (i == 0 || text.at(i - 1) == QLatin1Char(' ') || text.at(i - 1) == QLatin1Char(':')))
                quote = c;
            else if (c == QLatin1Char('#') && (i == 0 || text.at(i - 1).isSpace()))
                return text.left(i);
        }
        return text;
    }

    static std::optional<Node> fail(int line, const QString &what, QString *problem)
    {
        *problem = WebConfigWords::tr("line %1: %2").arg(line).arg(what);
        return std::nullopt;
    }

    // A plain, 'single' or "double" quoted scalar.
    static bool scalar(const QString &text, int line, QString *out, QString *problem)
    {
        if (text.startsWith(QLatin1Char('\''))) {
            if (text.size() < 2 || !text.endsWith(QLatin1Char('\''))) {
                fail(line, WebConfigWords::tr("a quoted value does not end with its quote"), problem);
                return false;
            }
            *out = text.mid(1, text.size() - 2).replace(QLatin1String("''"), QLatin1String("'"));
            return true;
        }
        if (text.startsWith(QLatin1Char('"'))) {
            if (text.size() < 2 || !text.endsWith(QLatin1Char('"'))) {
                fail(line, WebConfigWords::tr("a quoted value does not end with its quote"), problem);
                return false;
            }
            out->clear();
            const QString inner = text.mid(1, text.size() - 2);
            for (qsizetype i = 0; i < inner.size(); ++i) {
                if (inner.at(i) != QLatin1Char('\\') || i + 1 == inner.size()) {
                    *out += inner.at(i);
                    continue;
                }
                const QChar next = inner.at(++i);
                if (next == QLatin1Char('n'))
                    *out += QLatin1Char('\n');
                else if (next == QLatin1Char('t'))
                    *out += QLatin1Char('\t');
                else
                    *out += next;
            }
            return true;
        }
        if (text.startsWith(QLatin1Char('{')) || text.startsWith(QLatin1Char('[')) ||
            text.startsWith(QLatin1Char('&')) || text.startsWith(QLatin1Char('*')) ||
            text.startsWith(QLatin1Char('|')) || text.startsWith(QLatin1Char('>')) ||
            text.startsWith(QLatin1Char('!'))) {
            // Not the text itself: it may hold a password.
            fail(line,
                 WebConfigWords::tr("flow style ({…}, […]), anchors, tags and block scalars are not read here; "
                                    "write each key on a line of its own"),
                 problem);
            return false;
        }
        *out = text;
        return true;
    }

    // The lines at `indent` from m_next on, into `into` (a mapping or a list).
    bool block(int indent, Node *into, QString *problem)
    {
        if (into->line == 0) // a key's value: where its key is
            into->line = m_lines.at(m_next).number;
        const bool isList =
            m_lines.at(m_next).text.startsWith(QLatin1String("- ")) || m_lines.at(m_next).text == QLatin1String("-");
        into->type = isList ? Node::Type::List : Node::Type::Map;
        while (m_next < m_lines.size() && m_lines.at(m_next).indent >= indent) {
            const Line &line = m_lines.at(m_next);
            if (line.indent > indent) {
                const bool dedented = m_next > 0 && m_lines.at(m_next - 1).indent > line.indent;
                return bool(fail(line.number,
                                 dedented ? WebConfigWords::tr("indented to none of the levels above it")
                                          : WebConfigWords::tr("indented more than the line before"),
                                 problem));
            }
            const bool item = line.text.startsWith(QLatin1String("- ")) || line.text == QLatin1String("-");
            if (item != isList)
                return bool(fail(line.number, WebConfigWords::tr("a list item and a key at the same level"), problem));
            ++m_next;
            if (isList) {
                QString value;
                const QString text = line.text.mid(1).trimmed();
                if (text.contains(QLatin1String(": ")) || text.endsWith(QLatin1Char(':')))
                    return bool(fail(line.number, WebConfigWords::tr("a list item that is a mapping is not read here"),
                                     problem));
                if (!scalar(text, line.number, &value, problem))
                    return false;
                into->list << value;
                continue;
            }
            qsizetype colon = line.text.indexOf(QLatin1String(": "));
            if (colon < 0 && line.text.endsWith(QLatin1Char(':')))
                colon = line.text.size() - 1;
            if (colon <= 0)
                // Not the text itself: "user:password" is a common slip.
                return bool(
                    fail(line.number, WebConfigWords::tr("not 'key: value' (a space after the colon)"), problem));
            QString key;
            if (!scalar(line.text.left(colon).trimmed(), line.number, &key, problem))
                return false;
            if (into->child(key))
                return bool(fail(line.number, WebConfigWords::tr("'%1' is given twice").arg(key), problem));
            Node value;
            value.line = line.number;
            const QString rest = line.text.mid(colon + 1).trimmed();
            if (rest == QLatin1String("{}")) {
                value.type = Node::Type::Map;
            } else if (rest == QLatin1String("[]")) {
                value.type = Node::Type::List;
            } else if (!rest.isEmpty()) {
                value.type = Node::Type::Scalar;
                if (!scalar(rest, line.number, &value.scalar, problem))
                    return false;
            } else if (m_next < m_lines.size() && m_lines.at(m_next).indent > indent) {
                if (!block(m_lines.at(m_next).indent, &value, problem))
                    return false;
            } else if (m_next < m_lines.size() && m_lines.at(m_next).indent == indent &&
                       m_lines.at(m_next).text.startsWith(QLatin1String("- "))) {
                // YAML lets a list sit at its key's own indentation.
                if (!block(indent, &value, problem))
                    return false;
            }
            into->map.append({key, value});
        }
        return true;
    }

    QList<Line> m_lines;
    int m_next = 0;
    QString m_problem;
};

QString describe(const QString &section, const QString &key)
{
    return section.isEmpty() ? key : section + QLatin1Char('.') + key;
}

bool expectType(const Node &node, Node::Type type, const QString &name, QString *problem)
{
    if (node.type == type || node.type == Node::Type::Null)
        return true;
    const QString what = type == Node::Type::Map    ? WebConfigWords::tr("a mapping (keys on the lines below)")
                         : type == Node::Type::List ? WebConfigWords::tr("a list")
                                                    : WebConfigWords::tr("a single value");
    *problem = WebConfigWords::tr("line %1: '%2' must be %3").arg(node.line).arg(name, what);
    return false;
}

bool loadFile(const QString &name, const QString &baseDir, QByteArray *bytes, QString *problem)
{
    const QString path = QDir(baseDir).filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *problem = WebConfigWords::tr("cannot read %1 (%2)").arg(path, file.errorString());
        return false;
    }
    *bytes = file.read(kMaxFileBytes + 1);
    if (bytes->size() > kMaxFileBytes) {
        *problem = WebConfigWords::tr("%1 is larger than 1 MiB: not a certificate or key").arg(path);
        return false;
    }
    return true;
}

bool readCertificates(const Node &node, const QString &name, const QString &baseDir, QList<QSslCertificate> *out,
                      QString *problem)
{
    QByteArray bytes;
    if (!loadFile(node.scalar, baseDir, &bytes, problem))
        return false;
    *out = QSslCertificate::fromData(bytes, QSsl::Pem);
    if (out->isEmpty()) {
        *problem = WebConfigWords::tr("%1: %2 holds no PEM certificate").arg(name, node.scalar);
        return false;
    }
    return true;
}

bool readTls(const Node &section, const QString &baseDir, WebConfig *config, QString *problem)
{
    const QString name = QStringLiteral("tls_server_config");
    // Keys of exporter-toolkit's format that NetPulse does not implement: named, never ignored.
    static const QStringList unsupported = {QStringLiteral("cert"),
                                            QStringLiteral("key"),
                                            QStringLiteral("client_ca"),
                                            QStringLiteral("client_allowed_sans"),
                                            QStringLiteral("cipher_suites"),
                                            QStringLiteral("curve_preferences"),
                                            QStringLiteral("prefer_server_cipher_suites")};
    static const QStringList known = {QStringLiteral("cert_file"),        QStringLiteral("key_file"),
                                      QStringLiteral("client_auth_type"), QStringLiteral("client_ca_file"),
                                      QStringLiteral("min_version"),      QStringLiteral("max_version")};
    for (const auto &[key, value] : section.map) {
        if (unsupported.contains(key)) {
            *problem = WebConfigWords::tr("line %1: '%2' is not supported by NetPulse (it uses Qt's TLS defaults "
                                          "there); remove it")
                           .arg(value.line)
                           .arg(describe(name, key));
            return false;
        }
        if (!known.contains(key)) {
            *problem = WebConfigWords::tr("line %1: unknown key '%2'").arg(value.line).arg(describe(name, key));
            return false;
        }
        if (!expectType(value, Node::Type::Scalar, describe(name, key), problem))
            return false;
    }
    const Node *cert = section.child(QStringLiteral("cert_file"));
    const Node *key = section.child(QStringLiteral("key_file"));
    if (!cert || cert->scalar.isEmpty() || !key || key->scalar.isEmpty()) {
        *problem = WebConfigWords::tr("line %1: tls_server_config needs both cert_file and key_file").arg(section.line);
        return false;
    }
    config->tls = true;
    if (!readCertificates(*cert, QStringLiteral("cert_file"), baseDir, &config->certificateChain, problem))
        return false;
    QByteArray keyBytes;
    if (!loadFile(key->scalar, baseDir, &keyBytes, problem))
        return false;
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
        config->privateKey = QSslKey(keyBytes, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!config->privateKey.isNull())
            break;
    }
    if (config->privateKey.isNull()) {
        *problem = WebConfigWords::tr("key_file: %1 holds no unencrypted PEM private key").arg(key->scalar);
        return false;
    }
    static const QMap<QString, WebConfig::ClientAuth> kinds = {
        {QStringLiteral("NoClientCert"), WebConfig::ClientAuth::None},
        {QStringLiteral("RequestClientCert"), WebConfig::ClientAuth::Request},
        {QStringLiteral("RequireAndVerifyClientCert"), WebConfig::ClientAuth::RequireAndVerify}};
    if (const Node *auth = section.child(QStringLiteral("client_auth_type")); auth && !auth->scalar.isEmpty()) {
        if (auth->scalar == QLatin1String("RequireAnyClientCert") ||
            auth->scalar == QLatin1String("VerifyClientCertIfGiven")) {
            // Qt verifies every certificate it requires, and none it only asks for.
            *problem = WebConfigWords::tr("line %1: client_auth_type %2 is not supported by NetPulse; use "
                                          "RequireAndVerifyClientCert")
                           .arg(auth->line)
                           .arg(auth->scalar);
            return false;
        }
        if (!kinds.contains(auth->scalar)) {
            *problem = WebConfigWords::tr("line %1: client_auth_type '%2' is none of %3")
                           .arg(auth->line)
                           .arg(auth->scalar, kinds.keys().join(QStringLiteral(", ")));
            return false;
        }
        config->clientAuth = kinds.value(auth->scalar);
    }
    const Node *ca = section.child(QStringLiteral("client_ca_file"));
    if (ca && !ca->scalar.isEmpty() &&
        !readCertificates(*ca, QStringLiteral("client_ca_file"), baseDir, &config->clientCas, problem))
        return false;
    if (config->clientAuth == WebConfig::ClientAuth::RequireAndVerify && config->clientCas.isEmpty()) {
        *problem = WebConfigWords::tr("line %1: client_auth_type verifies client certificates but no client_ca_file "
                                      "says against what")
                       .arg(section.line);
        return false;
    }
    for (const char *bound : {"min_version", "max_version"}) {
        const Node *version = section.child(QLatin1String(bound));
        if (!version || version->scalar.isEmpty())
            continue;
        if (version->scalar != QLatin1String("TLS12") && version->scalar != QLatin1String("TLS13")) {
            *problem = WebConfigWords::tr("line %1: %2 '%3': NetPulse serves TLS12 or TLS13")
                           .arg(version->line)
                           .arg(QLatin1String(bound), version->scalar);
            return false;
        }
        (qstrcmp(bound, "min_version") == 0 ? config->minVersion : config->maxVersion) = version->scalar;
    }
    if (config->minVersion == QLatin1String("TLS13") && config->maxVersion == QLatin1String("TLS12")) {
        *problem = WebConfigWords::tr("min_version TLS13 is above max_version TLS12");
        return false;
    }
    return true;
}

bool readHttp(const Node &section, WebConfig *config, QString *problem)
{
    const QString name = QStringLiteral("http_server_config");
    for (const auto &[key, value] : section.map) {
        if (key == QLatin1String("http2")) {
            // NetPulse serves HTTP/1.1 only, which every Prometheus speaks: either value is served.
            if (!expectType(value, Node::Type::Scalar, describe(name, key), problem))
                return false;
            if (value.scalar != QLatin1String("true") && value.scalar != QLatin1String("false")) {
                *problem = WebConfigWords::tr("line %1: http2 is true or false").arg(value.line);
                return false;
            }
        } else if (key == QLatin1String("headers")) {
            if (!expectType(value, Node::Type::Map, describe(name, key), problem))
                return false;
            // exporter-toolkit's own list: security headers only. Anything else could break the
            // scrape (Transfer-Encoding) or contradict NetPulse's own (Cache-Control).
            static const QStringList allowed = {QStringLiteral("Strict-Transport-Security"),
                                                QStringLiteral("X-Content-Type-Options"),
                                                QStringLiteral("X-Frame-Options"), QStringLiteral("X-XSS-Protection"),
                                                QStringLiteral("Content-Security-Policy")};
            for (const auto &[header, headerValue] : value.map) {
                const QByteArray bytes = headerValue.scalar.toUtf8();
                if (!allowed.contains(header, Qt::CaseInsensitive)) {
                    *problem = WebConfigWords::tr("line %1: header '%2' is none of %3")
                                   .arg(headerValue.line)
                                   .arg(header, allowed.join(QStringLiteral(", ")));
                    return false;
                }
                if (headerValue.type != Node::Type::Scalar || bytes.isEmpty() || bytes.contains('\n') ||
                    bytes.contains('\r')) {
                    *problem = WebConfigWords::tr("line %1: header '%2' needs a value on its line")
                                   .arg(headerValue.line)
                                   .arg(header);
                    return false;
                }
                config->headers.append({header.toLatin1(), bytes});
            }
        } else {
            *problem = WebConfigWords::tr("line %1: unknown key '%2'").arg(value.line).arg(describe(name, key));
            return false;
        }
    }
    return true;
}

bool readUsers(const Node &section, WebConfig *config, QString *problem)
{
    for (const auto &[user, hash] : section.map) {
        if (hash.type != Node::Type::Scalar) {
            *problem = WebConfigWords::tr("line %1: basic_auth_users: %2 needs a bcrypt hash").arg(hash.line).arg(user);
            return false;
        }
        // exporter-toolkit takes bcrypt only; so does this (libcrypt checks $2a$, $2b$ and $2y$).
        static const QStringList prefixes = {QStringLiteral("$2a$"), QStringLiteral("$2b$"), QStringLiteral("$2y$")};
        const QString value = hash.scalar;
        const bool bcrypt =
            value.size() == 60 &&
            std::any_of(prefixes.cbegin(), prefixes.cend(), [&value](const QString &p) { return value.startsWith(p); });
        if (!bcrypt) {
            // Never the value itself: it may be a password written where its hash belongs.
            *problem = WebConfigWords::tr("line %1: the password of '%2' is not a bcrypt hash ($2b$…, 60 characters; "
                                          "for example from `htpasswd -nBC 10 %2`)")
                           .arg(hash.line)
                           .arg(user);
            return false;
        }
        config->users.insert(user, hash.scalar.toLatin1());
    }
    return true;
}

} // namespace

std::optional<WebConfig> WebConfig::parse(const QByteArray &text, const QString &baseDir, QString *problem)
{
    YamlSubsetReader reader(text);
    const std::optional<Node> root = reader.read(problem);
    if (!root)
        return std::nullopt;
    if (root->type != Node::Type::Map) {
        *problem = WebConfigWords::tr("the file must be a mapping of tls_server_config, http_server_config and "
                                      "basic_auth_users, not a list");
        return std::nullopt;
    }
    WebConfig config;
    for (const auto &[key, value] : root->map) {
        if (key == QLatin1String("tls_server_config")) {
            if (!expectType(value, Node::Type::Map, key, problem) || !readTls(value, baseDir, &config, problem))
                return std::nullopt;
        } else if (key == QLatin1String("http_server_config")) {
            if (!expectType(value, Node::Type::Map, key, problem) || !readHttp(value, &config, problem))
                return std::nullopt;
        } else if (key == QLatin1String("basic_auth_users")) {
            if (!expectType(value, Node::Type::Map, key, problem) || !readUsers(value, &config, problem))
                return std::nullopt;
        } else if (key == QLatin1String("rate_limit")) {
            *problem = WebConfigWords::tr("line %1: 'rate_limit' is not supported by NetPulse (it serves a few "
                                          "scrapers at once and cuts the rest); remove it")
                           .arg(value.line);
            return std::nullopt;
        } else {
            *problem = WebConfigWords::tr("line %1: unknown key '%2'").arg(value.line).arg(key);
            return std::nullopt;
        }
    }
    return config;
}

std::optional<WebConfig> WebConfig::load(const QString &path, QString *problem)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *problem = WebConfigWords::tr("cannot read %1 (%2)").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray text = file.read(kMaxFileBytes + 1);
    if (text.size() > kMaxFileBytes) {
        *problem = WebConfigWords::tr("%1 is larger than 1 MiB: not a web configuration").arg(path);
        return std::nullopt;
    }
    QString why;
    std::optional<WebConfig> config = parse(text, QFileInfo(path).absolutePath(), &why);
    if (!config)
        *problem = path + QStringLiteral(": ") + why;
    return config;
}

} // namespace NetPulse
