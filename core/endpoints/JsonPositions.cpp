#include "endpoints/JsonPositions.h"

namespace NetPulse {

namespace {

constexpr int kMaxDepth = 64; // deeper than any endpoint file; positions below it are not recorded

} // namespace

JsonPositions::JsonPositions(const QByteArray &text)
    : m_text(text)
{
    skipSpace();
    value(QString(), 0);
}

JsonPosition JsonPositions::ofOffset(const QByteArray &text, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    const qsizetype lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    return {int(text.left(offset).count('\n')) + 1, int(offset - lineStart) + 1};
}

void JsonPositions::skipSpace()
{
    while (m_pos < m_text.size()) {
        const char c = m_text.at(m_pos);
        if (c == '\n') {
            ++m_line;
            m_lineStart = m_pos + 1;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return;
        }
        ++m_pos;
    }
}

QString JsonPositions::string()
{
    // At the opening quote; returns the decoded text (escapes other than \" and \\ are kept as
    // written: keys in an endpoint file are plain words).
    const qsizetype start = ++m_pos;
    QByteArray raw;
    while (m_pos < m_text.size() && m_text.at(m_pos) != '"') {
        if (m_text.at(m_pos) == '\\' && m_pos + 1 < m_text.size())
            ++m_pos;
        raw += m_text.at(m_pos);
        ++m_pos;
    }
    Q_UNUSED(start);
    ++m_pos; // the closing quote
    return QString::fromUtf8(raw);
}

void JsonPositions::value(const QString &path, int depth)
{
    if (m_pos >= m_text.size() || depth > kMaxDepth)
        return;
    if (!m_positions.contains(path))
        m_positions.insert(path, here());
    const char c = m_text.at(m_pos);
    if (c == '{') {
        ++m_pos;
        skipSpace();
        while (m_pos < m_text.size() && m_text.at(m_pos) != '}') {
            if (m_text.at(m_pos) != '"')
                return;
            const JsonPosition keyAt = here();
            const QString key = string();
            const QString child = path.isEmpty() ? key : path + QLatin1Char('.') + key;
            m_positions.insert(child, keyAt);
            skipSpace();
            if (m_pos >= m_text.size() || m_text.at(m_pos) != ':')
                return;
            ++m_pos;
            skipSpace();
            value(child, depth + 1);
            skipSpace();
            if (m_pos < m_text.size() && m_text.at(m_pos) == ',') {
                ++m_pos;
                skipSpace();
            }
        }
        ++m_pos;
    } else if (c == '[') {
        ++m_pos;
        skipSpace();
        int index = 0;
        while (m_pos < m_text.size() && m_text.at(m_pos) != ']') {
            value(QStringLiteral("%1[%2]").arg(path).arg(index++), depth + 1);
            skipSpace();
            if (m_pos < m_text.size() && m_text.at(m_pos) == ',') {
                ++m_pos;
                skipSpace();
            } else if (m_pos < m_text.size() && m_text.at(m_pos) != ']') {
                return;
            }
        }
        ++m_pos;
    } else if (c == '"') {
        string();
    } else {
        // A number, true, false or null: up to the next delimiter.
        while (m_pos < m_text.size() && !QByteArrayView(",]} \t\r\n").contains(m_text.at(m_pos)))
            ++m_pos;
    }
}

} // namespace NetPulse
