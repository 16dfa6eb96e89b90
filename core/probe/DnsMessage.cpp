#include "probe/DnsMessage.h"

#include <QList>

namespace NetPulse::DnsMessage {

namespace {

quint16 read16(const QByteArray &data, qsizetype at)
{
    return quint16((quint8(data.at(at)) << 8) | quint8(data.at(at + 1)));
}

void append16(QByteArray *data, quint16 value)
{
    data->append(char(value >> 8));
    data->append(char(value & 0xff));
}

// The offset just past the name at `at` (labels ending in a zero byte, or in a compression
// pointer, which ends a name without being followed); -1 when it runs past the end.
qsizetype skipName(const QByteArray &data, qsizetype at)
{
    while (at < data.size()) {
        const quint8 length = quint8(data.at(at));
        if (length == 0)
            return at + 1;
        if ((length & 0xc0) == 0xc0)
            return at + 2 <= data.size() ? at + 2 : -1;
        if ((length & 0xc0) != 0)
            return -1; // the reserved label types
        at += 1 + length;
    }
    return -1;
}

constexpr qsizetype kHeaderSize = 12;
constexpr quint16 kClassIn = 1;

} // namespace

QByteArray question(quint16 id, const QString &host, RecordType type)
{
    QString name = host;
    if (name.endsWith(QLatin1Char('.')))
        name.chop(1);
    if (name.isEmpty() || name.size() > 253)
        return {};
    QByteArray message;
    append16(&message, id);
    append16(&message, 0x0100); // a standard query, recursion desired
    append16(&message, 1);      // one question
    append16(&message, 0);
    append16(&message, 0);
    append16(&message, 0);
    const QList<QStringView> labels = QStringView(name).split(QLatin1Char('.'));
    for (QStringView label : labels) {
        const QByteArray bytes = label.toLatin1();
        if (bytes.isEmpty() || bytes.size() > 63)
            return {};
        message.append(char(bytes.size()));
        message.append(bytes);
    }
    message.append('\0');
    append16(&message, quint16(type));
    append16(&message, kClassIn);
    return message;
}

std::optional<Reply> readReply(const QByteArray &datagram, quint16 id, RecordType type)
{
    if (datagram.size() < kHeaderSize || read16(datagram, 0) != id || !(quint8(datagram.at(2)) & 0x80))
        return std::nullopt;
    Reply reply;
    reply.rcode = quint8(datagram.at(3)) & 0x0f;
    reply.truncated = quint8(datagram.at(2)) & 0x02;
    const int questions = read16(datagram, 4);
    const int answers = read16(datagram, 6);
    qsizetype at = kHeaderSize;
    for (int i = 0; i < questions; ++i) {
        at = skipName(datagram, at);
        if (at < 0 || at + 4 > datagram.size())
            return std::nullopt;
        at += 4;
    }
    for (int i = 0; i < answers; ++i) {
        at = skipName(datagram, at);
        if (reply.truncated && (at < 0 || at + 10 > datagram.size()))
            return reply; // as much as fitted
        if (at < 0 || at + 10 > datagram.size())
            return std::nullopt;
        const quint16 recordType = read16(datagram, at);
        const quint16 klass = read16(datagram, at + 2);
        const quint16 length = read16(datagram, at + 8);
        at += 10;
        if (at + length > datagram.size())
            return reply.truncated ? std::optional<Reply>(reply) : std::nullopt;
        const quint16 addressLength = type == RecordType::A ? 4 : 16;
        if (recordType == quint16(type) && klass == kClassIn && length == addressLength)
            reply.hasAddress = true;
        at += length;
    }
    return reply;
}

} // namespace NetPulse::DnsMessage
