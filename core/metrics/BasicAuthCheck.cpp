#include "metrics/BasicAuthCheck.h"

#include <crypt.h>
#include <memory>

#include <QCryptographicHash>
#include <QPointer>

namespace NetPulse {

namespace {

// Remembered passes; a web configuration has a handful of users, each scraper one pair.
constexpr int kMaxRemembered = 64;
// For a name that is not a user: a valid hash (of a password nobody types), so the refusal takes
// as long as a wrong password does.
constexpr char kNobodyHash[] = "$2b$10$lZAusPTpEa7h4KiZ6oMx9OoiQy4DhOkadwtsHrhau8obzQKW4Qbea";

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

void BasicAuthCheck::check(const QByteArray &authorization, QObject *context, std::function<void(bool)> done)
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
    const QByteArray hash = known ? m_users.value(name) : QByteArray(kNobodyHash);
    const QByteArray key = passKey(name, password, hash);
    if (known && m_passed.contains(key)) {
        done(true);
        return;
    }
    if (user.isEmpty() || password.contains('\0') || m_waiting >= kMaxWaiting) {
        QMetaObject::invokeMethod(
            this, [done] { done(false); }, Qt::QueuedConnection);
        return;
    }
    ++m_waiting;
    QPointer<QObject> receiver(context);
    m_pool.start([this, password, hash, known, key, receiver, done] {
        const bool ok = matches(password, hash) && known;
        // Back on this object's thread; the pool is waited for before this object goes.
        QMetaObject::invokeMethod(
            this,
            [this, ok, key, receiver, done] {
                --m_waiting;
                if (ok) {
                    if (m_passed.size() >= kMaxRemembered)
                        m_passed.clear();
                    m_passed.insert(key);
                }
                if (receiver)
                    done(ok);
            },
            Qt::QueuedConnection);
    });
}

} // namespace NetPulse
