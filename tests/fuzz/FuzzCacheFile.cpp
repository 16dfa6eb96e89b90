// A cache file as it may be found on disk: torn, truncated, edited, or written by something else.
#include "FuzzInput.h"

#include "cache/CacheEntry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    NetPulse::CacheFileFormat::Problem problem = NetPulse::CacheFileFormat::Problem::None;
    const std::optional<NetPulse::CacheEntry> entry =
        NetPulse::CacheFileFormat::decode(NetPulse::Fuzz::bytes(data, size), &problem);
    if (entry) { // what decodes must encode to bytes that decode again to the same body
        const std::optional<NetPulse::CacheEntry> again =
            NetPulse::CacheFileFormat::decode(NetPulse::CacheFileFormat::encode(*entry), &problem);
        FUZZ_REQUIRE(again && again->body == entry->body);
    }
    return 0;
}
