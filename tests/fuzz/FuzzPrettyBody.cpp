// The data view's body text: whatever a server sent, shown as indented JSON or as text.
#include "DataView.h"
#include "FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    NetPulse::DataView::prettyBody(NetPulse::Fuzz::bytes(data, size));
    return 0;
}
