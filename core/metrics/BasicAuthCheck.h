#pragma once

#include <functional>

#include <QByteArray>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>
#include <QThreadPool>

namespace NetPulse {

// Checks an Authorization header against the bcrypt hashes of a web configuration's
// basic_auth_users, as exporter-toolkit does: bcrypt is slow on purpose (cost 10 is tens of
// milliseconds), so the check runs on a thread of its own, never on the thread that runs the
// checks, and a pair that passed is remembered (as a SHA-256, never the password), so a scraper's
// request every 15 s costs a lookup. A name with no user still runs bcrypt, against a hash of
// nothing, so the time of the answer does not say which names exist.
class BasicAuthCheck : public QObject
{
    Q_OBJECT
public:
    // More checks than this waiting: the next is answered "busy" at once (503, not 401: the
    // password may be right), so a guessing flood costs one core, and only until the queue drains.
    static constexpr int kMaxWaiting = 8;

    enum class Verdict
    {
        Passed,
        Refused, // no user, or not their password
        Busy,    // not checked: too many checks waiting
    };

    explicit BasicAuthCheck(const QMap<QString, QByteArray> &users, QObject *parent = nullptr);
    ~BasicAuthCheck() override;

    // Whether the header ("Basic base64(user:password)") names a user and their password: `done`
    // is called on this object's thread (at once for a remembered pass, else later), never once
    // `context` is gone.
    void check(const QByteArray &authorization, QObject *context, std::function<void(Verdict)> done);

    // The one bcrypt check (libcrypt's crypt_r), on the calling thread; true when `password` is
    // the one `hash` was made from.
    static bool matches(const QByteArray &password, const QByteArray &hash);

private:
    QMap<QString, QByteArray> m_users;
    QByteArray m_nobodyHash;   // for a name that is no user: at the users' highest cost
    QSet<QByteArray> m_passed; // SHA-256 of user, password and hash
    QThreadPool m_pool;
    int m_waiting = 0;
};

} // namespace NetPulse
