#pragma once

#include <QByteArray>

namespace NetPulse::Gzip {

// `data` as a gzip member (RFC 1952), for a client that sent "Accept-Encoding: gzip". Level 1:
// a metrics page is label text repeated thousands of times, and the fastest level already takes a
// 1,000-endpoint page from megabytes to a few hundred kilobytes (docs/PERFORMANCE.md). Empty when
// zlib fails (the caller then sends the page as it is).
QByteArray compress(const QByteArray &data, int level = 1);

// Whether an Accept-Encoding header value accepts gzip: a "gzip" (or "*") entry whose q is not 0.
bool accepted(const QByteArray &acceptEncoding);

} // namespace NetPulse::Gzip
