#pragma once

// libFuzzer's bytes as the types NetPulse's parsers take.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <QByteArray>
#include <QString>

namespace NetPulse::Fuzz {

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// Text from users arrives as UTF-8 (files, the command line) and may be anything.
inline QString text(const uint8_t *data, size_t size)
{
    return QString::fromUtf8(bytes(data, size));
}

} // namespace NetPulse::Fuzz

// A property every input must keep; a broken one is a crash to libFuzzer, whatever the build type.
#define FUZZ_REQUIRE(condition)                                                                                        \
    do {                                                                                                               \
        if (!(condition)) {                                                                                            \
            std::fprintf(stderr, "fuzz: broken: %s\n", #condition);                                                    \
            std::abort();                                                                                              \
        }                                                                                                              \
    } while (false)
