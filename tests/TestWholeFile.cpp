// All-or-nothing file writes (exports, the cache): a new file replaces the old one only whole.
// The full-disk case is a real full disk (tests/support/SmallDisk.h), where Qt 6.4's buffered
// QSaveFile replaced an export with an empty file and said it had succeeded.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "SmallDisk.h"

#include "base/WholeFile.h"

using namespace NetPulse;

namespace {

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestWholeFile : public QObject
{
    Q_OBJECT

private slots:
    void replacesTheOldFile();
    void unwritableDirectoryNamesTheProblem();
    void fullDiskLeavesTheOldFileWhole();
};

void TestWholeFile::replacesTheOldFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("endpoints.json"));
    QVERIFY(writeWholeFile(path, "old"));
    QVERIFY(writeWholeFile(path, "new and longer"));
    QCOMPARE(contents(path), QByteArray("new and longer"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temporary left
}

void TestWholeFile::unwritableDirectoryNamesTheProblem()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where a directory should be
    blocker.close();
    QString why;
    QVERIFY(!writeWholeFile(dir.filePath(QStringLiteral("blocker/out.json")), "x", &why));
    QVERIFY(!why.isEmpty());
}

void TestWholeFile::fullDiskLeavesTheOldFileWhole()
{
    Test::SmallDisk disk;
    if (!disk.problem().isEmpty())
        QSKIP(qPrintable(disk.problem()));
    const QString path = disk.path() + QStringLiteral("/export.json");
    QVERIFY(writeWholeFile(path, "{\"old\":true}"));
    QVERIFY(disk.fill());
    QString why;
    QVERIFY(!writeWholeFile(path, QByteArray(64 * 1024, 'n'), &why));
    QVERIFY2(why.contains(QLatin1String("No space left")), qPrintable(why));
    QCOMPARE(contents(path), QByteArray("{\"old\":true}"));
    QVERIFY(disk.makeRoom());
    QVERIFY(writeWholeFile(path, "{\"new\":true}"));
    QCOMPARE(contents(path), QByteArray("{\"new\":true}"));
}

QTEST_GUILESS_MAIN(TestWholeFile)
#include "TestWholeFile.moc"
