#pragma once

namespace NetPulse::Bench {

struct ComparisonOptions
{
    int probes = 2000;    // per measurement
    int repeats = 5;      // measurements per tool and case: median, min and max of these
    int concurrency = 50; // the parallel case
    int processRuns = 20; // whole-process runs of `netpulse --headless --once` and `curl`
    bool json = false;
};

// `netpulse-bench compare`: the cost of one probe in NetPulse against curl and Prometheus'
// blackbox_exporter, each in the same run against the same server in its own process. CPU time
// per probe is the figure (user + system, every thread); wall time is printed beside it.
int comparePeers(const ComparisonOptions &options);

} // namespace NetPulse::Bench
