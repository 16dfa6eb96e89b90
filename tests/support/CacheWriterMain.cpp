// netpulse-cache-writer DIR [FIRST-SEQ]: writes cache entries in a loop and prints "ack KEY SEQ" after each
// put() has returned, so a test can SIGKILL it at any moment and then check that every surviving
// file is whole and nothing acknowledged was lost.
#include <cstdio>

#include <QCoreApplication>
#include <QRandomGenerator>

#include "cache/ResponseCache.h"

using namespace NetPulse;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: netpulse-cache-writer DIR [FIRST-SEQ]\n");
        return 2;
    }
    ResponseCache cache(QString::fromLocal8Bit(argv[1]));
    QRandomGenerator random{quint32(QCoreApplication::applicationPid())}; // braces: not a declaration
    const qint64 first = argc > 2 ? QByteArray(argv[2]).toLongLong() : 1;
    for (qint64 seq = first;; ++seq) {
        const QString key = QStringLiteral("k%1").arg(seq % 3);
        CacheEntry entry;
        entry.url = QStringLiteral("http://127.0.0.1/writer");
        entry.method = "GET";
        entry.status = 200;
        entry.contentType = "application/octet-stream";
        entry.fetchedAt = QDateTime::currentDateTimeUtc();
        // Sizes up to 256 KiB, so a kill often lands mid-write.
        entry.body = QByteArray::number(seq) + ' ' + QByteArray(int(random.bounded(256 * 1024)), 'w');
        if (!cache.put(key, entry))
            return 1;
        std::printf("ack %s %lld\n", qPrintable(key), static_cast<long long>(seq));
        std::fflush(stdout);
    }
}
