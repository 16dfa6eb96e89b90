#include "vantage/PrometheusVector.h"

#include <QByteArrayView>

namespace NetPulse {

namespace {

// Deeper than any answer Prometheus gives (four levels); bounds the recursion on hostile bytes.
constexpr int kMaxDepth = 64;

// One pass over JSON text. Each function reads one value at the current position, after any
// whitespace, and returns false on anything RFC 8259 does not allow.
class Scanner
{
public:
    Scanner(const char *begin, const char *end)
        : m_at(begin)
        , m_end(end)
    {
    }

    bool consume(char c)
    {
        skipSpace();
        if (m_at < m_end && *m_at == c) {
            ++m_at;
            return true;
        }
        return false;
    }
    bool isAt(char c)
    {
        skipSpace();
        return m_at < m_end && *m_at == c;
    }
    bool atEnd()
    {
        skipSpace();
        return m_at == m_end;
    }

    // A string; `text` is its content, decoded: a view of the input when it has no escapes, else
    // of `scratch`. Either may be null when only its validity matters.
    bool string(QByteArrayView *text = nullptr, QByteArray *scratch = nullptr)
    {
        Q_ASSERT(!text || scratch); // an escaped string is decoded into scratch
        if (!consume('"'))
            return false;
        const char *start = m_at;
        while (m_at < m_end) {
            const auto c = static_cast<unsigned char>(*m_at);
            if (c == '"') {
                if (text)
                    *text = QByteArrayView(start, m_at - start);
                ++m_at;
                return true;
            }
            if (c == '\\')
                return escapedString(start, text, scratch);
            if (c < 0x20)
                return false;
            ++m_at;
        }
        return false;
    }

    bool value(int depth = 0)
    {
        skipSpace();
        if (m_at == m_end || depth > kMaxDepth)
            return false;
        switch (*m_at) {
        case '{':
            ++m_at;
            if (consume('}'))
                return true;
            do {
                if (!string() || !consume(':') || !value(depth + 1))
                    return false;
            } while (consume(','));
            return consume('}');
        case '[':
            ++m_at;
            if (consume(']'))
                return true;
            do {
                if (!value(depth + 1))
                    return false;
            } while (consume(','));
            return consume(']');
        case '"':
            return string();
        case 't':
            return word("true");
        case 'f':
            return word("false");
        case 'n':
            return word("null");
        default:
            return number();
        }
    }

private:
    void skipSpace()
    {
        while (m_at < m_end && (*m_at == ' ' || *m_at == '\n' || *m_at == '\r' || *m_at == '\t'))
            ++m_at;
    }

    bool word(const char *literal)
    {
        const QByteArrayView expected(literal);
        if (m_end - m_at < expected.size() || QByteArrayView(m_at, expected.size()) != expected)
            return false;
        m_at += expected.size();
        return true;
    }

    bool digits()
    {
        const char *start = m_at;
        while (m_at < m_end && *m_at >= '0' && *m_at <= '9')
            ++m_at;
        return m_at > start;
    }

    // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    bool number()
    {
        if (m_at < m_end && *m_at == '-')
            ++m_at;
        if (m_at < m_end && *m_at == '0')
            ++m_at;
        else if (!digits())
            return false;
        if (m_at < m_end && *m_at == '.') {
            ++m_at;
            if (!digits())
                return false;
        }
        if (m_at < m_end && (*m_at == 'e' || *m_at == 'E')) {
            ++m_at;
            if (m_at < m_end && (*m_at == '+' || *m_at == '-'))
                ++m_at;
            if (!digits())
                return false;
        }
        return true;
    }

    bool hex4(char32_t *unit)
    {
        if (m_end - m_at < 4)
            return false;
        *unit = 0;
        for (int i = 0; i < 4; ++i, ++m_at) {
            const char c = *m_at;
            const int digit = c >= '0' && c <= '9'   ? c - '0'
                              : c >= 'a' && c <= 'f' ? c - 'a' + 10
                              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                     : -1;
            if (digit < 0)
                return false;
            *unit = *unit * 16 + char32_t(digit);
        }
        return true;
    }

    static void appendUtf8(QByteArray *out, char32_t cp)
    {
        if (cp < 0x80) {
            out->append(char(cp));
        } else if (cp < 0x800) {
            out->append(char(0xC0 | (cp >> 6)));
            out->append(char(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out->append(char(0xE0 | (cp >> 12)));
            out->append(char(0x80 | ((cp >> 6) & 0x3F)));
            out->append(char(0x80 | (cp & 0x3F)));
        } else {
            out->append(char(0xF0 | (cp >> 18)));
            out->append(char(0x80 | ((cp >> 12) & 0x3F)));
            out->append(char(0x80 | ((cp >> 6) & 0x3F)));
            out->append(char(0x80 | (cp & 0x3F)));
        }
    }

    // The rest of a string from its first backslash: decoded into scratch (Prometheus escapes
    // little, so this is the rare path).
    bool escapedString(const char *start, QByteArrayView *text, QByteArray *scratch)
    {
        QByteArray local;
        QByteArray &out = scratch ? *scratch : local;
        out = QByteArray(start, m_at - start);
        while (m_at < m_end) {
            const auto c = static_cast<unsigned char>(*m_at++);
            if (c == '"') {
                if (text)
                    *text = scratch ? QByteArrayView(*scratch) : QByteArrayView();
                return true;
            }
            if (c < 0x20)
                return false;
            if (c != '\\') {
                out.append(char(c));
                continue;
            }
            if (m_at == m_end)
                return false;
            switch (*m_at++) {
            case '"':
                out.append('"');
                break;
            case '\\':
                out.append('\\');
                break;
            case '/':
                out.append('/');
                break;
            case 'b':
                out.append('\b');
                break;
            case 'f':
                out.append('\f');
                break;
            case 'n':
                out.append('\n');
                break;
            case 'r':
                out.append('\r');
                break;
            case 't':
                out.append('\t');
                break;
            case 'u': {
                char32_t unit = 0;
                if (!hex4(&unit))
                    return false;
                // A surrogate pair is one character; a lone surrogate is none (U+FFFD).
                if (unit >= 0xD800 && unit <= 0xDBFF && m_end - m_at >= 6 && m_at[0] == '\\' && m_at[1] == 'u') {
                    const char *pair = m_at;
                    m_at += 2;
                    char32_t low = 0;
                    if (!hex4(&low))
                        return false;
                    if (low >= 0xDC00 && low <= 0xDFFF)
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    else
                        m_at = pair; // read again on its own
                }
                appendUtf8(&out, unit >= 0xD800 && unit <= 0xDFFF ? char32_t(0xFFFD) : unit);
                break;
            }
            default:
                return false;
            }
        }
        return false;
    }

    const char *m_at;
    const char *m_end;
};

// The members of an object, each handed to `member(key)`, which reads the value (and returns
// false when it is not JSON).
template<typename Member>
bool members(Scanner &scanner, Member member)
{
    if (!scanner.consume('{'))
        return false;
    if (scanner.consume('}'))
        return true;
    QByteArray scratch;
    do {
        QByteArrayView key;
        if (!scanner.string(&key, &scratch) || !scanner.consume(':'))
            return false;
        if (!member(key))
            return false;
    } while (scanner.consume(','));
    return scanner.consume('}');
}

// A string member's value as bytes; any other value is read past, and `out` left as it was.
bool readStringOrSkip(Scanner &scanner, QByteArray *out)
{
    if (!scanner.isAt('"'))
        return scanner.value(1);
    QByteArrayView text;
    QByteArray scratch;
    if (!scanner.string(&text, &scratch))
        return false;
    *out = text.toByteArray();
    return true;
}

bool readSample(Scanner &scanner, const QList<QByteArray> &labels, PrometheusVector::Sample *sample)
{
    sample->labels.fill(QString(), labels.size());
    return members(scanner, [&](QByteArrayView key) {
        if (key == "metric" && scanner.isAt('{')) {
            sample->labels.fill(QString(), labels.size()); // a second "metric" replaces the first
            return members(scanner, [&](QByteArrayView name) {
                const qsizetype at = labels.indexOf(name);
                if (at < 0 || !scanner.isAt('"'))
                    return scanner.value(3);
                QByteArrayView text;
                QByteArray scratch;
                if (!scanner.string(&text, &scratch))
                    return false;
                sample->labels[at] = QString::fromUtf8(text);
                return true;
            });
        }
        if (key == "value" && scanner.isAt('[')) {
            // [ <time as a number>, "<value as a string>" ]
            sample->value.clear(); // a second "value" replaces the first
            scanner.consume('[');
            if (scanner.consume(']'))
                return true;
            int index = 0;
            do {
                if (index++ == 1 && scanner.isAt('"')) {
                    if (!readStringOrSkip(scanner, &sample->value))
                        return false;
                } else if (!scanner.value(3)) {
                    return false;
                }
            } while (scanner.consume(','));
            return scanner.consume(']');
        }
        return scanner.value(2);
    });
}

} // namespace

PrometheusVector::Shape PrometheusVector::read(const QByteArray &json, const QList<QByteArray> &labels,
                                               std::vector<Sample> *samples, QString *error)
{
    Scanner scanner(json.constData(), json.constData() + json.size());
    QByteArray status;
    QByteArray errorText;
    QByteArray resultType;
    bool sawStatus = false;
    std::vector<Sample> found;
    const bool object = members(scanner, [&](QByteArrayView key) {
        if (key == "status") {
            sawStatus = true;
            return readStringOrSkip(scanner, &status);
        }
        if (key == "error")
            return readStringOrSkip(scanner, &errorText);
        if (key != "data" || !scanner.isAt('{'))
            return scanner.value(1);
        found.clear(); // a second "data" replaces the first, as a JSON object's last member wins
        resultType.clear();
        return members(scanner, [&](QByteArrayView dataKey) {
            if (dataKey == "resultType")
                return readStringOrSkip(scanner, &resultType);
            if (dataKey != "result" || !scanner.isAt('['))
                return scanner.value(2);
            found.clear();
            scanner.consume('[');
            if (scanner.consume(']'))
                return true;
            do {
                if (!scanner.isAt('{')) { // a scalar's result is an array of two: not samples
                    if (!scanner.value(3))
                        return false;
                    continue;
                }
                Sample sample;
                if (!readSample(scanner, labels, &sample))
                    return false;
                found.push_back(std::move(sample));
            } while (scanner.consume(','));
            return scanner.consume(']');
        });
    });
    if (!object || !scanner.atEnd() || !sawStatus)
        return Shape::NotJson;
    if (status != "success") {
        *error = QString::fromUtf8(errorText);
        return Shape::Failed;
    }
    if (resultType != "vector")
        return Shape::NotVector;
    samples->swap(found);
    return Shape::Vector;
}

} // namespace NetPulse
