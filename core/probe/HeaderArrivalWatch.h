#pragma once

#include <optional>

#include <QtGlobal>

namespace NetPulse {

// Qt 6.4 says nothing while a response's header section arrives: no signal until it is whole. A
// server that sends one header line every 500 ms never goes quiet, yet by Qt's signals it is
// silent, and an inactivity limit built on them would call it dead. The kernel knows when bytes
// last arrived on each connection; this watch finds the probe's own connection among the
// process's sockets and asks it.
//
// Qt does not say which socket carries a request, so the watch works it out: Qt writes requests in
// the order it reports them sent, so the k-th request reported on a port is the k-th socket to
// that port by the time it last sent data; requests sent in the same kernel tick are told apart by
// their sizes. Whenever that is not certain (a socket too many or too few, equal sizes, a proxy
// in between, not Linux) the watch knows nothing, and the inactivity limit counts from the
// request, as Qt's signals allow. It only ever extends a limit on evidence of bytes.
class HeaderArrivalWatch
{
public:
    HeaderArrivalWatch() = default;
    ~HeaderArrivalWatch();
    HeaderArrivalWatch(const HeaderArrivalWatch &) = delete;
    HeaderArrivalWatch &operator=(const HeaderArrivalWatch &) = delete;

    // A request of requestSize bytes (give or take a constant) has just been reported sent to a
    // server on this port. Cheap: the sockets are only looked at when bytesArrivedMsAgo() asks.
    void requestSent(quint16 port, qint64 requestSize);
    void stop();
    bool isWatching() const { return m_port != 0; }

    struct Arrival
    {
        qint64 msAgo = -1;        // since bytes last arrived after the request; -1: none did
        qint64 bytesReceived = 0; // on the connection so far: the header section (and a TLS handshake)
    };
    // What arrived on this watch's connection; nullopt when the connection is not known for certain.
    // Finding it walks the process's sockets once; after that it is one look at one socket.
    std::optional<Arrival> arrival();
    // Shuts the connection down under Qt, when it is known for certain: Qt 6.4 reads a header
    // section byte by byte in its one HTTP thread, and a server that floods it faster than that
    // keeps the thread in its read loop, deaf to our abort and to every other probe. Resetting the
    // connection ends the flood at the socket; Qt then sees the connection fail.
    bool cutConnection();

private:
    friend struct WatchRegistry;
    quint16 m_port = 0;
    qint64 m_requestSize = 0;
    qint64 m_sentAtNs = 0; // steady clock, when the request was reported sent
    int m_fd = -1;         // the connection, once known, and its inode (a closed fd's number is reused)
    quint64 m_inode = 0;
};

} // namespace NetPulse
