#pragma once

namespace NetPulse {

// Raises this process's soft limit on open files to the hard limit. A fleet of a thousand
// endpoints holds a socket each while checks are in flight (two during a diagnosis), plus the
// history, the cache and the metrics server's connections: the usual soft limit of 1024 is too
// few, and past it every check fails with "too many open files", which NetPulse would report as
// the servers' fault. Returns the limit now in force (0 when unknown).
long raiseOpenFileLimit();

} // namespace NetPulse
