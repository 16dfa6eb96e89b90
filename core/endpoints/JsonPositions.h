#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace NetPulse {

// Where each value of a JSON text is, by path ("endpoints[3].interval_ms"): QJsonDocument keeps no
// positions, and an error in a file a person edits must name its line and column. A member's
// position is its key's; an array element's is its value's. Lines and columns count from 1.
// Scans text QJsonDocument has already accepted; on anything else it stops where it is.
struct JsonPosition
{
    int line = 0;
    int column = 0;
};

class JsonPositions
{
public:
    explicit JsonPositions(const QByteArray &text);

    JsonPosition at(const QString &path) const { return m_positions.value(path); }
    // Line and column of a byte offset (a QJsonParseError's).
    static JsonPosition ofOffset(const QByteArray &text, qsizetype offset);

private:
    void value(const QString &path, int depth);
    void skipSpace();
    QString string();
    JsonPosition here() const { return {m_line, int(m_pos - m_lineStart) + 1}; }

    const QByteArray &m_text;
    qsizetype m_pos = 0;
    qsizetype m_lineStart = 0;
    int m_line = 1;
    QHash<QString, JsonPosition> m_positions;
};

} // namespace NetPulse
