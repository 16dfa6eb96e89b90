#pragma once

#include <QByteArray>
#include <QString>

namespace NetPulse {

// Writes `bytes` to `path` all or nothing: a new file beside the old one, renamed over it only once
// every byte is written. On failure the old file is untouched and `error` (when given) says why.
//
// QSaveFile alone is not enough in Qt 6.4: it buffers writes, and when the flush inside commit()
// fails (a full disk) commit() still succeeds, replacing the old file with a truncated one. Opened
// unbuffered, every write's error is seen and commit() refuses (TestResponseCache's full disk).
bool writeWholeFile(const QString &path, const QByteArray &bytes, QString *error = nullptr);

} // namespace NetPulse
