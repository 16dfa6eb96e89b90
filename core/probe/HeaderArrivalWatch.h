#pragma once

#include <optional>
#include <string>

#include <QString>

namespace NetPulse {

// Qt 6.4 says nothing while a response's header section arrives: no signal until it is whole. A
// server that sends one header line every 500 ms never goes quiet, yet by Qt's signals it is
// silent; and a server that floods headers grows Qt's memory without bound. The kernel knows when
// bytes last arrived on each connection, and how many: this watch finds the probe's own connection
// among the process's sockets and asks it.
//
// Qt does not say which socket carries a request, so the watch works it out: the request's socket
// last sent data when it sent the request (within kReportLagMs of Qt's report), and where several
// did, sizes tell them apart (each socket's bytes sent minus its request's varying part is one
// constant per server, learned from a certain match). When that is not certain (equal sizes, a
// proxy in between, not Linux) it says nothing, or, if bytes arrived on every candidate, what is
// true of all of them; the probe then measures inactivity from the request, as Qt's signals allow.
class HeaderArrivalWatch
{
public:
    HeaderArrivalWatch() = default;
    ~HeaderArrivalWatch();
    HeaderArrivalWatch(const HeaderArrivalWatch &) = delete;
    HeaderArrivalWatch &operator=(const HeaderArrivalWatch &) = delete;

    // A request of requestSize bytes (give or take a constant) has just been reported sent to
    // `server` ("host:port"), over a connection to `port` (0: not watched, as through a proxy).
    // Cheap: the sockets are only looked at when arrival() asks.
    void requestSent(const QString &server, quint16 port, qint64 requestSize);
    void stop();
    bool isWatching() const { return m_port != 0; }

    struct Arrival
    {
        qint64 msAgo = -1;        // since bytes last arrived after the request; -1: none did
        qint64 bytesReceived = 0; // on the connection so far: the header section (and a TLS handshake)
        // Bytes the kernel holds that Qt has not read yet; -1 unknown. More than 0 when a limit is
        // due means the answer is here and NetPulse did not get round to it: our delay.
        qint64 unread = -1;
    };
    // What arrived on this watch's connection; nullopt when not known. Finding the connection walks
    // the process's descriptors, at most once a second unless `urgent` (a limit is due); once
    // found, it is one look at one socket.
    std::optional<Arrival> arrival(bool urgent);
    // Whether no connection of this process to the watched port is left, and none is being made:
    // the server closed it and Qt let it go without a word (Qt 6.4 does, now and then, for a
    // gateway that closes right after accepting). True only when two looks at least
    // kGoneConfirmMs apart agree: a re-send on a fresh connection, even from an HTTP thread a
    // neighbour's flood stalls for a quarter of a second, is not taken for a close; a socket still
    // connecting anywhere in the process counts as "maybe ours" (the kernel does not say where a
    // connecting socket goes). A look walks the process's descriptors, so a probe makes one at
    // most every kGoneConfirmMs, as arrival() does for a connection not found yet.
    bool connectionGone();
    static constexpr int kGoneConfirmMs = 1000;

    // Shuts the connection down under Qt, when it is known for certain: Qt 6.4 reads a header
    // section byte by byte in its one HTTP thread, and a server that floods it faster than that
    // keeps the thread in its read loop, deaf to our abort and to every other probe. Resetting the
    // connection ends the flood at the socket; Qt then sees the connection fail.
    bool cutConnection();

private:
    std::string m_server;
    quint16 m_port = 0;
    qint64 m_requestSize = 0;
    qint64 m_sentAtNs = 0; // steady clock, when the request was reported sent
    int m_fd = -1;         // the connection, once known, and its inode (a closed fd's number is reused)
    quint64 m_inode = 0;
    qint64 m_lastLookNs = 0;  // steady clock, the last walk of the descriptors
    bool m_closed = false;    // the connection was found and has closed
    qint64 m_goneSinceNs = 0; // steady clock: the first look that found no connection; 0: none yet
    qint64 m_goneLookNs = 0;  // steady clock: the last such look
};

} // namespace NetPulse
