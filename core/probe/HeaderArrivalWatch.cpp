#include "probe/HeaderArrivalWatch.h"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#ifdef Q_OS_LINUX
#include <dirent.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#endif

namespace NetPulse {

namespace {

qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// The kernel counts time in ticks (4 ms at the usual 250 Hz); two ticks of slack either way.
constexpr qint64 kTickSlackMs = 10;
// How long Qt's "request sent" report may take to reach the probe's thread under load.
constexpr qint64 kReportLagMs = 100;

struct WatchedRequest
{
    const HeaderArrivalWatch *watch;
    qint64 sentAtNs;
    qint64 requestSize;
};

// One TCP connection of this process, as the kernel describes it.
struct PeerSocket
{
    int fd;
    quint64 inode;
    quint32 sentMsAgo;     // last data sent: the request, on a probe's connection
    quint32 receivedMsAgo; // last data received
    quint64 bytesSent;
    quint64 bytesReceived; // on a probe's connection (one per request): the answer so far
};

#ifdef Q_OS_LINUX
// What the kernel says of one of this process's TCP connections, if fd is one to `port` that has
// sent data (a connection still connecting, or with nothing written yet, is no request's).
std::optional<PeerSocket> readSocket(int fd, quint16 port)
{
    struct stat status = {};
    if (fstat(fd, &status) != 0 || !S_ISSOCK(status.st_mode))
        return std::nullopt;
    int protocol = 0;
    socklen_t length = sizeof protocol;
    if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &length) != 0 || protocol != IPPROTO_TCP)
        return std::nullopt;
    sockaddr_storage peer{};
    socklen_t peerLength = sizeof peer;
    if (getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &peerLength) != 0)
        return std::nullopt;
    quint16 peerPort = 0;
    if (peer.ss_family == AF_INET)
        peerPort = ntohs(reinterpret_cast<const sockaddr_in &>(peer).sin_port);
    else if (peer.ss_family == AF_INET6)
        peerPort = ntohs(reinterpret_cast<const sockaddr_in6 &>(peer).sin6_port);
    if (peerPort != port)
        return std::nullopt;
    tcp_info info{};
    socklen_t infoLength = sizeof info;
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &infoLength) != 0)
        return std::nullopt;
    // tcpi_bytes_sent arrived with Linux 5.5: without it, nothing can be told for certain.
    if (infoLength < offsetof(tcp_info, tcpi_bytes_sent) + sizeof info.tcpi_bytes_sent || info.tcpi_bytes_sent == 0)
        return std::nullopt;
    return PeerSocket{fd,
                      quint64(status.st_ino),
                      info.tcpi_last_data_sent,
                      info.tcpi_last_data_recv,
                      info.tcpi_bytes_sent,
                      info.tcpi_bytes_received};
}

// Every connection of this process to a peer on this port that has sent data. Probes run in one
// thread, Qt's sockets in another: the kernel's answers are consistent per call, and a socket that
// closes during the walk at worst makes the counts disagree, which the caller takes as "not sure".
std::vector<PeerSocket> socketsToPort(quint16 port)
{
    std::vector<PeerSocket> found;
    DIR *dir = opendir("/proc/self/fd");
    if (!dir)
        return found;
    const int ownFd = dirfd(dir);
    while (const dirent *entry = readdir(dir)) {
        char *end = nullptr;
        const long fd = std::strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0' || fd == ownFd)
            continue;
        if (const std::optional<PeerSocket> socket = readSocket(int(fd), port))
            found.push_back(*socket);
    }
    closedir(dir);
    return found;
}
#endif

// The kernel sets "last received" when the connection opens: only a time after the socket's own
// last send (the request) is a byte of the answer. -1 when none came.
qint64 receivedAfterSend(const PeerSocket &socket)
{
    return socket.receivedMsAgo < socket.sentMsAgo ? qint64(socket.receivedMsAgo) : -1;
}

// Not known yet what Qt adds to each request: the requests reported in the same span must pair
// with these sockets one to one, sizes in the same order and all apart by the same constant.
std::optional<PeerSocket> pairedBySize(std::vector<PeerSocket> sockets, std::vector<WatchedRequest> requests,
                                       const HeaderArrivalWatch *self, qint64 earliestMsAgo, qint64 latestMsAgo)
{
    const qint64 at = steadyNs();
    requests.erase(std::remove_if(requests.begin(), requests.end(),
                                  [&](const WatchedRequest &request) {
                                      const qint64 ago = (at - request.sentAtNs) / 1000000;
                                      return ago < earliestMsAgo - kTickSlackMs || ago > latestMsAgo + kTickSlackMs;
                                  }),
                   requests.end());
    if (requests.size() != sockets.size())
        return std::nullopt;
    std::sort(requests.begin(), requests.end(),
              [](const WatchedRequest &a, const WatchedRequest &b) { return a.requestSize < b.requestSize; });
    std::sort(sockets.begin(), sockets.end(),
              [](const PeerSocket &a, const PeerSocket &b) { return a.bytesSent < b.bytesSent; });
    const qint64 overhead = qint64(sockets.front().bytesSent) - requests.front().requestSize;
    std::optional<PeerSocket> mine;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        if (qint64(sockets[i].bytesSent) - requests[i].requestSize != overhead ||
            (i > 0 && requests[i].requestSize == requests[i - 1].requestSize))
            return std::nullopt;
        if (requests[i].watch == self)
            mine = sockets[i];
    }
    return mine;
}

} // namespace

struct WatchRegistry
{
    std::mutex mutex;
    std::vector<const HeaderArrivalWatch *> watches;
    // Bytes Qt (and TLS) add to every request on a port, learned from a certain match.
    std::unordered_map<quint16, qint64> overheads;

    qint64 overhead(quint16 port)
    {
        const std::lock_guard lock(mutex);
        const auto found = overheads.find(port);
        return found == overheads.end() ? -1 : found->second;
    }
    void setOverhead(quint16 port, qint64 bytes)
    {
        const std::lock_guard lock(mutex);
        overheads[port] = bytes;
    }

    static WatchRegistry &instance()
    {
        static WatchRegistry registry;
        return registry;
    }

    void add(const HeaderArrivalWatch *watch)
    {
        const std::lock_guard lock(mutex);
        if (std::find(watches.begin(), watches.end(), watch) == watches.end())
            watches.push_back(watch);
    }
    void remove(const HeaderArrivalWatch *watch)
    {
        const std::lock_guard lock(mutex);
        watches.erase(std::remove(watches.begin(), watches.end(), watch), watches.end());
    }
    std::vector<WatchedRequest> onPort(quint16 port)
    {
        const std::lock_guard lock(mutex);
        std::vector<WatchedRequest> requests;
        for (const HeaderArrivalWatch *watch : watches) {
            if (watch->m_port == port)
                requests.push_back({watch, watch->m_sentAtNs, watch->m_requestSize});
        }
        return requests;
    }
};

HeaderArrivalWatch::~HeaderArrivalWatch()
{
    stop();
}

void HeaderArrivalWatch::requestSent(quint16 port, qint64 requestSize)
{
    m_port = port;
    m_requestSize = requestSize;
    m_sentAtNs = steadyNs();
    m_fd = -1; // a new request (a redirect's next hop): a new connection
    if (port != 0)
        WatchRegistry::instance().add(this);
    else
        WatchRegistry::instance().remove(this);
}

void HeaderArrivalWatch::stop()
{
    if (m_port == 0)
        return;
    WatchRegistry::instance().remove(this);
    m_port = 0;
    m_fd = -1;
}

bool HeaderArrivalWatch::cutConnection()
{
#ifdef Q_OS_LINUX
    if (m_port == 0 || m_fd < 0)
        return false;
    const std::optional<PeerSocket> socket = readSocket(m_fd, m_port);
    if (!socket || socket->inode != m_inode)
        return false;
    // Not close(): the descriptor stays Qt's, so its number cannot be reused under it. connect()
    // to AF_UNSPEC is Linux's abortive disconnect: a reset to the server, and what the kernel holds
    // of the flood (megabytes, which Qt would read a byte at a time) is dropped at once.
    sockaddr unspecified{};
    unspecified.sa_family = AF_UNSPEC;
    if (::connect(m_fd, &unspecified, sizeof unspecified) == 0)
        return true;
    return ::shutdown(m_fd, SHUT_RDWR) == 0;
#else
    return false;
#endif
}

std::optional<HeaderArrivalWatch::Arrival> HeaderArrivalWatch::arrival()
{
#ifdef Q_OS_LINUX
    if (m_port == 0)
        return std::nullopt;
    // Known from an earlier look: one check of that socket, if it is still the same one.
    if (m_fd >= 0) {
        const std::optional<PeerSocket> socket = readSocket(m_fd, m_port);
        if (socket && socket->inode == m_inode)
            return Arrival{receivedAfterSend(*socket), qint64(socket->bytesReceived)};
        m_fd = -1;
        return std::nullopt; // closed: Qt is about to say so
    }
    // The request's socket last sent data when it sent the request: shortly before Qt's report
    // reached us (under load, up to kReportLagMs before), or in the same kernel tick.
    const qint64 sinceSentMs = (steadyNs() - m_sentAtNs) / 1000000;
    const qint64 earliest = sinceSentMs - kTickSlackMs;
    const qint64 latest = sinceSentMs + kReportLagMs;
    std::vector<PeerSocket> sockets = socketsToPort(m_port);
    sockets.erase(std::remove_if(sockets.begin(), sockets.end(),
                                 [&](const PeerSocket &socket) {
                                     return qint64(socket.sentMsAgo) < earliest || qint64(socket.sentMsAgo) > latest;
                                 }),
                  sockets.end());
    if (sockets.empty())
        return std::nullopt;
    WatchRegistry &registry = WatchRegistry::instance();
    const qint64 knownOverhead = registry.overhead(m_port);
    // Several requests went out at about the same time: sizes tell them apart, once the constant
    // Qt adds to every request on this port is known.
    if (sockets.size() > 1 && knownOverhead >= 0) {
        sockets.erase(std::remove_if(sockets.begin(), sockets.end(),
                                     [&](const PeerSocket &socket) {
                                         return qint64(socket.bytesSent) != m_requestSize + knownOverhead;
                                     }),
                      sockets.end());
    }
    std::optional<PeerSocket> mine;
    if (sockets.size() == 1)
        mine = sockets.front();
    else if (sockets.size() > 1 && knownOverhead < 0)
        mine = pairedBySize(sockets, registry.onPort(m_port), this, earliest, latest);
    if (mine) {
        const qint64 overhead = qint64(mine->bytesSent) - m_requestSize;
        if (knownOverhead >= 0 && overhead != knownOverhead)
            return std::nullopt; // a socket of something else in the window, not this request's
        registry.setOverhead(m_port, overhead);
        m_fd = mine->fd;
        m_inode = mine->inode;
        return Arrival{receivedAfterSend(*mine), qint64(mine->bytesReceived)};
    }
    // Still more than one (the same request twice, say): when bytes arrived on every one of them,
    // they arrived on this request's too, at the latest as long ago as the oldest of them, and at
    // least as many as on the one with fewest.
    if (sockets.empty())
        return std::nullopt;
    Arrival all{-1, std::numeric_limits<qint64>::max()};
    for (const PeerSocket &socket : std::as_const(sockets)) {
        const qint64 ago = receivedAfterSend(socket);
        if (ago < 0)
            return std::nullopt;
        all.msAgo = std::max(all.msAgo, ago);
        all.bytesReceived = std::min(all.bytesReceived, qint64(socket.bytesReceived));
    }
    return all;
#else
    return std::nullopt;
#endif
}

} // namespace NetPulse
