#include "metrics/BasicAuthCheck.h"

#include <algorithm>
#include <crypt.h>
#include <memory>

#include <QCryptographicHash>
#include <QPointer>

namespace NetPulse {

namespace {

// Remembered passes; a web configuration has a handful of users, each scraper one pair.
constexpr int kMaxRemembered = 64;
// Refusing a name that is no user runs bcrypt too, against a hash of this made at the users' own
// highest cost, so the refusal takes as long as a wrong password's.
constexpr char kNobodyPassword[] = "netpulse: no such user";

// A bcrypt hash's cost ("$2b$10$…" is 10); 0 when it has none.
unsigned long bcryptCost(const QByteArray &hash)
{
    bool ok = false;
    const unsigned long cost = hash.mid(4, 2).toULong(&ok);
    return ok ? cost : 0;
}

QByteArray passKey(const QString &user, const QByteArray &password, const QByteArray &hash)
{
    QCryptographicHash sha(QCryptographicHash::Sha256);
    sha.addData(user.toUtf8());
    sha.addData(QByteArrayView("\0", 1));
    sha.addData(password);
    sha.addData(QByteArrayView("\0", 1));
    sha.addData(hash);
    return sha.result();
}

} // namespace

BasicAuthCheck::BasicAuthCheck(const QMap<QString, QByteArray> &users, QObject *parent)
    : QObject(parent)
    , m_users(users)
{
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("metrics password check"));
    unsigned long cost = 4; // bcrypt's least
    for (const QByteArray &hash : users)
        cost = std::max(cost, bcryptCost(hash));
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (crypt_gensalt_rn("$2b$", cost, nullptr, 0, salt, sizeof salt)) {
        auto data = std::make_unique<crypt_data>();
        const char *hash = crypt_r(kNobodyPassword, salt, data.get());
        if (hash && hash[0] != '*')
            m_nobodyHash = hash;
    }
}

BasicAuthCheck::~BasicAuthCheck()
{
    m_pool.clear();
    m_pool.waitForDone();
}

bool BasicAuthCheck::matches(const QByteArray &password, const QByteArray &hash)
{
    // crypt_data is tens of kilobytes: on the heap, one per check, so checks need no lock.
    auto data = std::make_unique<crypt_data>();
    const char *result = crypt_r(password.constData(), hash.constData(), data.get());
    if (!result || result[0] == '*')
        return false;
    const QByteArray computed(result);
    if (computed.size() != hash.size())
        return false;
    unsigned char differ = 0; // every byte compared, whatever the first difference
    for (qsizetype i = 0; i < hash.size(); ++i)
        differ |= static_cast<unsigned char>(computed.at(i) ^ hash.at(i));
    return differ == 0;
}

void BasicAuthCheck::check(const QByteArray &authorization, QObject *context, std::function<void(Verdict)> done)
{
    QByteArray user;
    QByteArray password;
    if (authorization.size() > 6 && authorization.left(6).toLower() == "basic ") {
        const auto decoded =
            QByteArray::fromBase64Encoding(authorization.mid(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
        const qsizetype colon = decoded ? decoded.decoded.indexOf(':') : -1;
        if (colon >= 0) {
            user = decoded.decoded.left(colon);
            password = decoded.decoded.mid(colon + 1);
        }
    }
    const QString name = QString::fromUtf8(user);
    const bool known = !user.isEmpty() && m_users.contains(name);
    const QByteArray hash = known ? m_users.value(name) : m_nobodyHash;
    const QByteArray key = passKey(name, password, hash);
    if (known && m_passed.contains(key)) {
        done(Verdict::Passed);
        return;
    }
    // Answered later in every case, through the same guard: `context` may be gone by then.
    QPointer<QObject> receiver(context);
    auto answer = [receiver, done](Verdict verdict) {
        if (receiver)
            done(verdict);
    };
    if (user.isEmpty() || password.contains('\0') || m_waiting >= kMaxWaiting) {
        const Verdict verdict = m_waiting >= kMaxWaiting && !user.isEmpty() ? Verdict::Busy : Verdict::Refused;
        QMetaObject::invokeMethod(
            this, [answer, verdict] { answer(verdict); }, Qt::QueuedConnection);
        return;
    }
    ++m_waiting;
    m_pool.start([this, password, hash, known, key, answer] {
        const bool ok = matches(password, hash) && known;
        // Back on this object's thread; the pool is waited for before this object goes.
        QMetaObject::invokeMethod(
            this,
            [this, ok, key, answer] {
                --m_waiting;
                if (ok) {
                    if (m_passed.size() >= kMaxRemembered)
                        m_passed.clear();
                    m_passed.insert(key);
                }
                answer(ok ? Verdict::Passed : Verdict::Refused);
            },
            Qt::QueuedConnection);
    });
}

} // namespace NetPulse
