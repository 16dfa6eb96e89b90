#pragma once

namespace NetPulse::Bench {

// `netpulse-bench hostile [SECONDS]`: peak RSS of `netpulse --headless --config` watching servers
// that attack its memory (an endless body, a header flood, compression bombs) against the same
// program watching as many plain 200s.
int benchHostileMemory(int seconds);

} // namespace NetPulse::Bench
