#pragma once

// A real, small disk for one test: a tmpfs mounted in a mount namespace of the calling thread's
// own, so nothing outside the test sees it and it goes with the process. Only that thread sees
// the mount: what writes to it (SQLite, QSaveFile) must run on the test's thread, as they do. It can be filled to the
// last block (writes then fail with ENOSPC, as on a full disk) and emptied again. Needs root (CI
// runs as root); problem() says why when it cannot be made, for a QSKIP.
#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <sched.h>
#include <sys/mount.h>
#endif

namespace NetPulse::Test {

class SmallDisk
{
public:
    explicit SmallDisk(const char *size = "1m")
    {
#ifdef Q_OS_LINUX
        if (unshare(CLONE_NEWNS) != 0) {
            m_problem = QStringLiteral("cannot make a mount namespace (%1): needs root with CAP_SYS_ADMIN")
                            .arg(qt_error_string(errno));
            return;
        }
        if (mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
            m_problem = QStringLiteral("cannot make mounts private (%1)").arg(qt_error_string(errno));
            return;
        }
        const QByteArray options = QByteArray("size=") + size;
        if (mount("tmpfs", QFile::encodeName(m_dir.path()).constData(), "tmpfs", 0, options.constData()) != 0) {
            m_problem = QStringLiteral("cannot mount a tmpfs (%1)").arg(qt_error_string(errno));
            return;
        }
        m_mounted = true;
#else
        Q_UNUSED(size);
        m_problem = QStringLiteral("mount namespaces are Linux's");
#endif
    }
    ~SmallDisk()
    {
#ifdef Q_OS_LINUX
        if (m_mounted)
            umount2(QFile::encodeName(m_dir.path()).constData(), MNT_DETACH);
#endif
    }
    SmallDisk(const SmallDisk &) = delete;
    SmallDisk &operator=(const SmallDisk &) = delete;

    QString problem() const
    {
        return m_problem;
    }
    QString path() const
    {
        return m_dir.path();
    }

    // Takes every block left; true when the disk is then full.
    bool fill()
    {
        QFile filler(fillerPath());
        if (!filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
            return false;
        const QByteArray block(4096, 'f');
        while (filler.write(block) == block.size()) {
        }
        // Then single bytes, so not even a small write fits.
        while (filler.write("f", 1) == 1) {
        }
        return true;
    }
    bool makeRoom()
    {
        return QFile::remove(fillerPath());
    }

private:
    QString fillerPath() const
    {
        return m_dir.filePath(QStringLiteral("filler"));
    }

    QTemporaryDir m_dir;
    QString m_problem;
    bool m_mounted = false;
};

} // namespace NetPulse::Test
