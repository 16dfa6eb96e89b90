#include "base/ProfileLock.h"

#include <unistd.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>

namespace NetPulse {

namespace {

// The context translators see for these words (lupdate reads it here).
class ProfileLockWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::ProfileLock)
};

} // namespace

ProfileLock::ProfileLock(const QString &directory)
    : m_directory(QFileInfo(directory).absoluteFilePath())
{
}

ProfileLock::~ProfileLock() = default;

ProfileLock::Outcome ProfileLock::tryLock(int waitMs)
{
    if (m_lock && m_lock->isLocked())
        return Outcome::Locked;
    if (!QDir().mkpath(m_directory)) {
        m_problem = ProfileLockWords::tr("%1 cannot be made").arg(m_directory);
        return Outcome::Unusable;
    }
    m_lock = std::make_unique<QLockFile>(QDir(m_directory).filePath(QStringLiteral("profile.lock")));
    // Never stale by age: a NetPulse runs for weeks. A holder whose process is gone is stale anyway.
    m_lock->setStaleLockTime(0);
    if (m_lock->tryLock(waitMs))
        return Outcome::Locked;
    if (m_lock->error() == QLockFile::LockFailedError) {
        QString host;
        QString program;
        m_lock->getLockInfo(&m_holderPid, &host, &program);
        return Outcome::HeldElsewhere;
    }
    m_problem = m_lock->error() == QLockFile::PermissionError
                    ? ProfileLockWords::tr("no permission to write in %1").arg(m_directory)
                    : ProfileLockWords::tr("the lock in %1 could not be made").arg(m_directory);
    return Outcome::Unusable;
}

QString ProfileLock::channelName() const
{
    // Inside the profile's own folder: only its owner can make a socket there, so no other user can
    // stand in for the window and be handed a command line (URLs with credentials, header tokens).
    // A socket path is limited to 107 bytes; a deeper profile uses the user's runtime folder (0700).
    const QString inProfile = QDir(m_directory).filePath(QStringLiteral("handover.socket"));
    if (inProfile.toLocal8Bit().size() < 100)
        return inProfile;
    const QString canonical = QFileInfo(m_directory).canonicalFilePath();
    const QByteArray key = (canonical.isEmpty() ? m_directory : canonical).toUtf8();
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    const QString name =
        QStringLiteral("netpulse-%1-%2.socket")
            .arg(::getuid())
            .arg(QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16)));
    return QDir(runtime.isEmpty() ? QDir::tempPath() : runtime).filePath(name);
}

} // namespace NetPulse
