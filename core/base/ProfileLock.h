#pragma once

#include <memory>

#include <QString>

class QLockFile;

namespace NetPulse {

// One profile, one writer. A profile is the folder that holds the history, the report outbox and
// (for the window) the settings; the first NetPulse to use it holds this lock until it exits, and
// every later one learns who holds it instead of writing beside it. A holder that died (kill -9, a
// crash) leaves a lock whose process is gone: QLockFile sees that and the next launch takes it over.
class ProfileLock
{
public:
    enum class Outcome
    {
        Locked,        // this process is the profile's writer
        HeldElsewhere, // another live NetPulse holds it: holderPid() says which
        Unusable       // the folder or the lock file cannot be made (read-only, not a folder): problem()
    };

    explicit ProfileLock(const QString &directory);
    ~ProfileLock();
    ProfileLock(const ProfileLock &) = delete;
    ProfileLock &operator=(const ProfileLock &) = delete;

    // Waits up to `waitMs` for a holder to let go (a short run such as --once holds it briefly).
    Outcome tryLock(int waitMs = 0);
    QString directory() const { return m_directory; }
    qint64 holderPid() const { return m_holderPid; }
    QString problem() const { return m_problem; }
    // The path of the hand-over socket of whoever holds this profile: in the profile's folder (only
    // its owner can make it), the same for every launch on that folder.
    QString channelName() const;

private:
    QString m_directory;
    std::unique_ptr<QLockFile> m_lock;
    qint64 m_holderPid = 0;
    QString m_problem;
};

} // namespace NetPulse
