#pragma once

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

    // Milliseconds since bytes last arrived on this watch's connection, if any arrived after the
    // request was sent and the connection is known for certain; -1 otherwise.
    qint64 bytesArrivedMsAgo() const;

private:
    friend struct WatchRegistry;
    quint16 m_port = 0;
    qint64 m_requestSize = 0;
    qint64 m_sentAtNs = 0; // steady clock, when the request was reported sent
};

} // namespace NetPulse
