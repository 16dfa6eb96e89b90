#pragma once

namespace NetPulse::Bench {

// `netpulse-bench window-fleet`: what the window costs on top of the checks. The same endpoint
// file (ENDPOINTS endpoints at INTERVAL ms, half a 200 and half refused, from a server in another
// process) is watched by `netpulse --headless --config` and by `netpulse-window --config`, one
// after the other, ROUNDS times each; the figure is the difference of their CPU, in points of
// one core (issue 23's bound: 5 points at 1,000 endpoints).
int windowOverHeadless(int endpoints, int seconds, int intervalMs, int rounds);

} // namespace NetPulse::Bench
