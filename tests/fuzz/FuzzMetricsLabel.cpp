// A label value on the metrics page (endpoint names and URLs come from users): the escaped value
// must keep the exposition format's line and quote structure.
#include "FuzzInput.h"

#include "metrics/MetricsText.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray escaped = NetPulse::MetricsText::escapeLabelValue(NetPulse::Fuzz::text(data, size));
    FUZZ_REQUIRE(!escaped.contains('\n'));
    for (qsizetype i = 0; i < escaped.size(); ++i) {
        if (escaped.at(i) == '\\')
            ++i; // an escape and what it escapes
        else
            FUZZ_REQUIRE(escaped.at(i) != '"');
    }
    return 0;
}
