// An endpoint file: any bytes, including JSON of the wrong shape, deep nesting and huge numbers.
#include "FuzzInput.h"

#include "endpoints/EndpointFile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const NetPulse::EndpointFileContents contents = NetPulse::EndpointFile::parse(NetPulse::Fuzz::bytes(data, size));
    for (const NetPulse::EndpointFileProblem &problem : contents.errors)
        problem.text(QStringLiteral("fuzz.json"));
    if (contents.errors.isEmpty()) // a file that reads writes back to one that reads the same
        FUZZ_REQUIRE(NetPulse::EndpointFile::parse(NetPulse::EndpointFile::write(contents.endpoints)).errors.isEmpty());
    return 0;
}
