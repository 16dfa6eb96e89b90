#pragma once

#include <optional>

#include <QByteArray>
#include <QString>

namespace NetPulse {

// The two DNS messages DnsCheck needs (RFC 1035 §4.1): a question for a name's IPv4 addresses,
// and what an answer to it says. Written here because Qt 6.4's QDnsLookup cannot tell a name
// without an address (NOERROR, no records) from a server that never answered: both are
// InvalidReplyError (measured against a real dnsmasq; docs/path.md).
namespace DnsMessage {

enum class RecordType : quint16
{
    A = 1,     // an IPv4 address
    Aaaa = 28, // an IPv6 address
};

// A query with recursion desired for `host`'s records of `type`; empty when `host` is not a name
// that can be asked (an empty label, a label over 63 bytes, a name over 253). `host` as in a URL's
// host: ASCII, punycode for international names.
QByteArray question(quint16 id, const QString &host, RecordType type = RecordType::A);

struct Reply
{
    int rcode = 0;           // 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED, …
    bool hasAddress = false; // a record of the type asked for in the answer section
    bool truncated = false;  // TC: the answer did not fit in the datagram (records exist)
};

// The reply to question `id`, or nothing when `datagram` is not one: too short, not a response,
// another id, or (unless truncated) an answer section that runs past its end.
std::optional<Reply> readReply(const QByteArray &datagram, quint16 id, RecordType type = RecordType::A);

} // namespace DnsMessage
} // namespace NetPulse
