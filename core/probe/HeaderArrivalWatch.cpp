// One file on purpose: every function here reads the kernel's view of this process's own TCP
// sockets (/proc/self/fd, TCP_INFO) to tell when headers arrived, whether a connection is gone,
// and to cut a flood; they share the socket reading and its Linux-only guards, and each part alone
// would be a file of helpers with one caller.
#include "probe/HeaderArrivalWatch.h"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#ifdef Q_OS_LINUX
#include <dirent.h>
#include <fcntl.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
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
// How far apart Qt's "request sent" report reaching the probe's thread and the kernel's send may
// be, either way: Qt reports the request once it is in the socket's buffer, and the HTTP thread
// hands it to the kernel on its next turn; the report waits for the probe's thread.
constexpr qint64 kReportLagMs = 100;
// Each look for a connection not yet found walks every descriptor of the process: unless the
// caller must know now, at most one such look a second per request.
constexpr qint64 kLookGapNs = 1000 * 1000000LL;
// One walk serves every watch of the process that looks within this long after it, for a request
// sent before it: with a thousand endpoints whose answers take longer than the first look (any
// server across the internet), each check would otherwise walk a thousand descriptors, and the
// walks alone kept two cores busy (bench/vantages-scale.sh, docs/PERFORMANCE.md). Only to find a
// connection: what arrived on it is then read from that one socket, and a look whose limit is due
// always walks afresh.
constexpr qint64 kSharedWalkNs = 100 * 1000000LL;

struct WatchedRequest
{
    const HeaderArrivalWatch *watch;
    quint16 port;
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
// TCP_SYN_SENT of the kernel's tcp_states.h (netinet/tcp.h has it too, but clashes with linux/tcp.h).
constexpr quint8 kTcpSynSent = 2;

// The port of a socket's peer; 0 when it has none (not connected, or still connecting).
quint16 peerPortOf(int fd)
{
    sockaddr_storage peer{};
    socklen_t peerLength = sizeof peer;
    if (getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &peerLength) != 0)
        return 0;
    if (peer.ss_family == AF_INET)
        return ntohs(reinterpret_cast<const sockaddr_in &>(peer).sin_port);
    if (peer.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6 &>(peer).sin6_port);
    return 0;
}

// The kernel's TCP state of fd, if it is a TCP socket. tcpi_bytes_sent arrived with Linux 5.5:
// without it the count reads 0, and nothing is told for certain.
bool readTcp(int fd, quint64 *inode, tcp_info *info)
{
    struct stat status = {};
    if (fstat(fd, &status) != 0 || !S_ISSOCK(status.st_mode))
        return false;
    int protocol = 0;
    socklen_t length = sizeof protocol;
    if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &length) != 0 || protocol != IPPROTO_TCP)
        return false;
    *info = {};
    socklen_t infoLength = sizeof *info;
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, info, &infoLength) != 0)
        return false;
    if (infoLength < offsetof(tcp_info, tcpi_bytes_sent) + sizeof info->tcpi_bytes_sent)
        info->tcpi_bytes_sent = 0;
    *inode = quint64(status.st_ino);
    return true;
}

// What the kernel says of one of this process's TCP connections, if fd is one to `port` that has
// sent data (a connection still connecting, or with nothing written yet, is no request's).
std::optional<PeerSocket> readSocket(int fd, quint16 port)
{
    quint64 inode = 0;
    tcp_info info{};
    if (!readTcp(fd, &inode, &info) || info.tcpi_bytes_sent == 0 || peerPortOf(fd) != port)
        return std::nullopt;
    return PeerSocket{
        fd, inode, info.tcpi_last_data_sent, info.tcpi_last_data_recv, info.tcpi_bytes_sent, info.tcpi_bytes_received};
}

// Calls visit(fd) for each of this process's descriptors until it returns true. Returns whether
// one did; nothing when /proc/self/fd cannot be read. Probes run in one thread, Qt's sockets in
// another: the kernel's answers are consistent per call, and a socket that closes during the walk
// at worst makes the caller's counts disagree, which it takes as "not sure".
template<typename Visit>
std::optional<bool> visitDescriptors(Visit visit)
{
    DIR *dir = opendir("/proc/self/fd");
    if (!dir)
        return std::nullopt;
    const int ownFd = dirfd(dir);
    bool stopped = false;
    while (const dirent *entry = readdir(dir)) {
        char *end = nullptr;
        const long fd = std::strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0' || fd == ownFd)
            continue;
        if (visit(int(fd))) {
            stopped = true;
            break;
        }
    }
    closedir(dir);
    return stopped;
}

// Every connection of this process to a peer on this port that has sent data (a connection still
// connecting, or with nothing written yet, is no request's).
std::vector<PeerSocket> socketsToPort(quint16 port)
{
    std::vector<PeerSocket> found;
    visitDescriptors([&](int fd) {
        if (const std::optional<PeerSocket> socket = readSocket(fd, port))
            found.push_back(*socket);
        return false;
    });
    return found;
}

// Whether this process has a TCP connection to `port` in any state, or a socket connecting
// anywhere (getpeername does not say where a connecting socket goes).
bool connectionToPortOrConnecting(quint16 port)
{
    return visitDescriptors([port](int fd) {
               quint64 inode = 0;
               tcp_info info{};
               return readTcp(fd, &inode, &info) && (info.tcpi_state == kTcpSynSent || peerPortOf(fd) == port);
           })
        .value_or(true); // cannot tell: assume it is there
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

// Requests of the same size (the same URL twice, say): the order they were reported sent is the
// order their sockets sent them, so the k-th of them is the k-th socket of that size, oldest send
// first, as long as every one is accounted for and no two sockets sent in the same kernel tick.
std::optional<PeerSocket> pairedByTime(std::vector<PeerSocket> sockets, std::vector<WatchedRequest> requests,
                                       const HeaderArrivalWatch *self, quint64 bytesSent, qint64 requestSize)
{
    sockets.erase(std::remove_if(sockets.begin(), sockets.end(),
                                 [&](const PeerSocket &socket) { return socket.bytesSent != bytesSent; }),
                  sockets.end());
    requests.erase(std::remove_if(requests.begin(), requests.end(),
                                  [&](const WatchedRequest &request) { return request.requestSize != requestSize; }),
                   requests.end());
    if (sockets.size() != requests.size() || sockets.empty())
        return std::nullopt;
    std::sort(sockets.begin(), sockets.end(),
              [](const PeerSocket &a, const PeerSocket &b) { return a.sentMsAgo > b.sentMsAgo; });
    std::sort(requests.begin(), requests.end(),
              [](const WatchedRequest &a, const WatchedRequest &b) { return a.sentAtNs < b.sentAtNs; });
    for (std::size_t i = 0; i < requests.size(); ++i) {
        if (requests[i].watch != self)
            continue;
        const bool tiedBefore = i > 0 && sockets[i - 1].sentMsAgo == sockets[i].sentMsAgo;
        const bool tiedAfter = i + 1 < sockets.size() && sockets[i + 1].sentMsAgo == sockets[i].sentMsAgo;
        if (tiedBefore || tiedAfter)
            return std::nullopt;
        return sockets[i];
    }
    return std::nullopt;
}

} // namespace

// Every request awaiting its headers in this process, and what Qt adds to a request per server.
// One per process, as the sockets it is matched against are the process's. The watches' own
// fields are their thread's; what other threads may read is copied in here, under the lock.
struct WatchRegistry
{
    std::mutex mutex;
    std::vector<WatchedRequest> requests;
    // Bytes Qt (and TLS) add to every request to a server ("host:port"), learned from a certain
    // match and forgotten at the first disagreement (a cookie, a resumed TLS session).
    std::unordered_map<std::string, qint64> overheads;
    // The last walk of the descriptors for each port: when, and what it found.
    std::unordered_map<quint16, std::pair<qint64, std::vector<PeerSocket>>> walks;

    static WatchRegistry &instance()
    {
        static WatchRegistry registry;
        return registry;
    }

    void put(const WatchedRequest &request)
    {
        const std::lock_guard lock(mutex);
        removeLocked(request.watch);
        requests.push_back(request);
    }
    void remove(const HeaderArrivalWatch *watch)
    {
        const std::lock_guard lock(mutex);
        removeLocked(watch);
    }
    std::vector<WatchedRequest> onPort(quint16 port)
    {
        const std::lock_guard lock(mutex);
        std::vector<WatchedRequest> found;
        std::copy_if(requests.begin(), requests.end(), std::back_inserter(found),
                     [port](const WatchedRequest &request) { return request.port == port; });
        return found;
    }
    qint64 overhead(const std::string &server)
    {
        const std::lock_guard lock(mutex);
        const auto found = overheads.find(server);
        return found == overheads.end() ? -1 : found->second;
    }
    void setOverhead(const std::string &server, qint64 bytes)
    {
        const std::lock_guard lock(mutex);
        if (bytes < 0)
            overheads.erase(server);
        else
            overheads[server] = bytes;
    }

    // The last walk for `port`, if it was made after `sentAtNs` and no longer than kSharedWalkNs
    // ago, its times made relative to now.
    std::optional<std::vector<PeerSocket>> recentWalk(quint16 port, qint64 sentAtNs, qint64 nowNs)
    {
        const std::lock_guard lock(mutex);
        const auto found = walks.find(port);
        if (found == walks.end() || found->second.first <= sentAtNs || nowNs - found->second.first > kSharedWalkNs)
            return std::nullopt;
        const quint32 ageMs = quint32((nowNs - found->second.first) / 1000000);
        std::vector<PeerSocket> sockets = found->second.second;
        for (PeerSocket &socket : sockets) {
            socket.sentMsAgo += ageMs;
            socket.receivedMsAgo += ageMs;
        }
        return sockets;
    }
    void keepWalk(quint16 port, qint64 takenNs, const std::vector<PeerSocket> &sockets)
    {
        const std::lock_guard lock(mutex);
        for (auto it = walks.begin(); it != walks.end();) // ports no longer looked at
            it = takenNs - it->second.first > kSharedWalkNs ? walks.erase(it) : std::next(it);
        walks[port] = {takenNs, sockets};
    }

private:
    void removeLocked(const HeaderArrivalWatch *watch)
    {
        requests.erase(std::remove_if(requests.begin(), requests.end(),
                                      [watch](const WatchedRequest &request) { return request.watch == watch; }),
                       requests.end());
    }
};

HeaderArrivalWatch::~HeaderArrivalWatch()
{
    stop();
}

void HeaderArrivalWatch::requestSent(const QString &server, quint16 port, qint64 requestSize)
{
    m_server = server.toStdString();
    m_port = port;
    m_requestSize = requestSize;
    m_sentAtNs = steadyNs();
    m_fd = -1; // a new request: a new connection
    m_closed = false;
    m_lastLookNs = 0;
    m_goneSinceNs = 0;
    m_goneLookNs = 0;
    if (port != 0)
        WatchRegistry::instance().put({this, port, m_sentAtNs, requestSize});
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
    // A copy of the descriptor, checked to be the same socket: Qt's thread may close its own and
    // the number be reused at any moment, but the copy keeps this socket until it is closed.
    const int copy = fcntl(m_fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0)
        return false;
    const std::optional<PeerSocket> socket = readSocket(copy, m_port);
    bool cut = false;
    if (socket && socket->inode == m_inode) {
        // Not close(): the socket stays Qt's to close. connect() to AF_UNSPEC is Linux's abortive
        // disconnect: a reset to the server, and what the kernel holds of the flood (megabytes,
        // which Qt would read a byte at a time) is dropped at once.
        sockaddr unspecified{};
        unspecified.sa_family = AF_UNSPEC;
        cut = ::connect(copy, &unspecified, sizeof unspecified) == 0 || ::shutdown(copy, SHUT_RDWR) == 0;
    }
    ::close(copy);
    return cut;
#else
    return false;
#endif
}

bool HeaderArrivalWatch::connectionGone()
{
#ifdef Q_OS_LINUX
    if (m_port == 0)
        return false;
    const qint64 nowNs = steadyNs();
    const qint64 confirmNs = qint64(kGoneConfirmMs) * 1000000;
    if (m_goneLookNs != 0 && nowNs - m_goneLookNs < confirmNs)
        return false;
    // The connection this watch knew is open still: one look at it is enough.
    if (m_fd >= 0 && !m_closed) {
        m_goneSinceNs = 0;
        return false;
    }
    m_goneLookNs = nowNs;
    if (connectionToPortOrConnecting(m_port)) {
        m_goneSinceNs = 0;
        return false;
    }
    if (m_goneSinceNs == 0) {
        m_goneSinceNs = nowNs;
        return false;
    }
    return nowNs - m_goneSinceNs >= confirmNs;
#else
    return false;
#endif
}

std::optional<HeaderArrivalWatch::Arrival> HeaderArrivalWatch::arrival(bool urgent)
{
#ifdef Q_OS_LINUX
    if (m_port == 0)
        return std::nullopt;
    // Known from an earlier look: one look at that socket, through a copy of the descriptor that
    // is checked to be the same socket (the number may be reused once Qt closes it).
    if (m_fd >= 0) {
        const int copy = fcntl(m_fd, F_DUPFD_CLOEXEC, 0);
        const std::optional<PeerSocket> socket = copy >= 0 ? readSocket(copy, m_port) : std::nullopt;
        int unread = -1;
        if (socket && socket->inode == m_inode && ::ioctl(copy, FIONREAD, &unread) != 0)
            unread = -1;
        if (copy >= 0)
            ::close(copy);
        if (socket && socket->inode == m_inode)
            return Arrival{receivedAfterSend(*socket), qint64(socket->bytesReceived), unread};
        m_fd = -1;
        m_closed = true; // Qt is about to say so
        return std::nullopt;
    }
    const qint64 nowNs = steadyNs();
    if (m_closed || (!urgent && m_lastLookNs != 0 && nowNs - m_lastLookNs < kLookGapNs))
        return std::nullopt;
    m_lastLookNs = nowNs;
    const qint64 sinceSentMs = (nowNs - m_sentAtNs) / 1000000;
    const qint64 earliest = sinceSentMs - kReportLagMs;
    const qint64 latest = sinceSentMs + kReportLagMs;
    WatchRegistry &registry = WatchRegistry::instance();
    std::optional<std::vector<PeerSocket>> walked =
        urgent ? std::nullopt : registry.recentWalk(m_port, m_sentAtNs, nowNs);
    const bool shared = walked.has_value();
    if (!walked) {
        walked = socketsToPort(m_port);
        registry.keepWalk(m_port, steadyNs(), *walked);
    }
    std::vector<PeerSocket> sockets = *walked;
    sockets.erase(std::remove_if(sockets.begin(), sockets.end(),
                                 [&](const PeerSocket &socket) {
                                     return qint64(socket.sentMsAgo) < earliest || qint64(socket.sentMsAgo) > latest;
                                 }),
                  sockets.end());
    if (sockets.empty())
        return std::nullopt;
    const qint64 knownOverhead = registry.overhead(m_server);
    // Several requests went out at about the same time: sizes tell them apart, once the constant
    // Qt adds to every request to this server is known.
    std::vector<PeerSocket> sized = sockets;
    if (sized.size() > 1 && knownOverhead >= 0) {
        sized.erase(std::remove_if(sized.begin(), sized.end(),
                                   [&](const PeerSocket &socket) {
                                       return qint64(socket.bytesSent) != m_requestSize + knownOverhead;
                                   }),
                    sized.end());
    }
    std::optional<PeerSocket> mine;
    if (sized.size() == 1)
        mine = sized.front();
    else if (sized.size() > 1 && knownOverhead >= 0)
        mine = pairedByTime(*walked, registry.onPort(m_port), this, m_requestSize + knownOverhead, m_requestSize);
    else if (sockets.size() > 1 && knownOverhead < 0)
        mine = pairedBySize(sockets, registry.onPort(m_port), this, earliest, latest);
    if (mine) {
        const qint64 overhead = qint64(mine->bytesSent) - m_requestSize;
        if (knownOverhead >= 0 && overhead != knownOverhead) {
            registry.setOverhead(m_server, -1); // it changed, or this is not ours: learn it again
            return std::nullopt;
        }
        registry.setOverhead(m_server, overhead);
        m_fd = mine->fd;
        m_inode = mine->inode;
        if (shared)
            return arrival(urgent); // found in another's walk: what arrived, from the socket itself
        return Arrival{receivedAfterSend(*mine), qint64(mine->bytesReceived)};
    }
    if (shared)
        return std::nullopt; // what arrived is told only from a walk of this moment
    // Still more than one (the same request twice, say): when bytes arrived on every one of them,
    // they arrived on this request's too, at the latest as long ago as the oldest of them, and at
    // least as many as on the one with fewest. Nothing is cut on that, only measured.
    if (knownOverhead >= 0 && sized.empty())
        return std::nullopt; // none of this request's size: its socket is not among them
    const std::vector<PeerSocket> &candidates = knownOverhead >= 0 ? sized : sockets;
    Arrival all{-1, std::numeric_limits<qint64>::max()};
    for (const PeerSocket &socket : candidates) {
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
