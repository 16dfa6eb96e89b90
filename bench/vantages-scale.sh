#!/usr/bin/env bash
# Vantage points at scale (docs/PERFORMANCE.md), on this machine's loopback:
# 1. One agent watching ENDPOINTS endpoints (default 1,000) of the demo service at 10 s: its CPU,
#    as one machine of many would spend it.
# 2. AGENTS agents (default 10), each watching ENDPOINTS endpoints at 10 s, scraped every 15 s by
#    one real Prometheus. Their endpoints are a port where nothing listens: a thousand HTTP
#    exchanges a second on one loopback would measure the kernel's port reuse and the demo
#    server, not NetPulse, and the series Prometheus keeps are the same. Once settled, the agents
#    are paused (they would be other machines) and a reader's refresh of every endpoint is timed
#    (netpulse-bench vantage-read), with the query's cost as Prometheus counts it.
#   bench/vantages-scale.sh [AGENTS] [ENDPOINTS] [SETTLE_SECONDS]
# Needs a build (scripts/test.sh) and prometheus. Ports: 19400 + agent, 19390 (Prometheus), 19380.
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTS=${1:-10}
ENDPOINTS=${2:-1000}
SETTLE=${3:-120}
BIN=build/bin
WORK=$(mktemp -d)
agents=""
trap 'kill -CONT $agents 2>/dev/null; kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT

"$BIN/netpulse-demo-server" --port 19380 > /dev/null &
demo=$!
python3 - "$WORK" "$ENDPOINTS" <<'PY'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
json.dump({"version": 1, "defaults": {"interval_ms": 10000},
           "endpoints": [{"name": f"service {i}", "url": f"http://127.0.0.1:19380/ok?service={i}"} for i in range(n)]},
          open(work + "/endpoints.json", "w"))
json.dump({"version": 1, "defaults": {"interval_ms": 10000, "retries": 0, "down_interval_ms": 10000,
                                      "recovery_watch": False},
           "endpoints": [{"name": f"service {i}", "url": f"http://127.0.0.1:19381/ok?service={i}"} for i in range(n)]},
          open(work + "/refused.json", "w"))
PY
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
XDG_CACHE_HOME="$WORK/c0" XDG_DATA_HOME="$WORK/d0" "$BIN/netpulse" --headless --config "$WORK/endpoints.json" \
    --no-history --no-cache > /dev/null 2>&1 &
one=$!
sleep 20 # started, and every endpoint checked once
before=$(ticks $one)
sleep 60
after=$(ticks $one)
echo "one agent, $ENDPOINTS endpoints of the demo service at 10 s: $(python3 -c "print(round(($after - $before) / $(getconf CLK_TCK) / 60, 3))") cores"
kill $one $demo
targets=""
for a in $(seq 1 "$AGENTS"); do
    port=$((19400 + a))
    XDG_CACHE_HOME="$WORK/c$a" XDG_DATA_HOME="$WORK/d$a" "$BIN/netpulse" --headless --config "$WORK/refused.json" \
        --no-history --no-cache --metrics-listen "127.0.0.1:$port" --vantage "agent-$a" > /dev/null 2>&1 &
    targets="$targets'127.0.0.1:$port',"
    agents="$agents $!"
done
cat > "$WORK/prometheus.yml" <<YML
global: {scrape_interval: 15s}
scrape_configs:
  - job_name: netpulse
    static_configs: [{targets: [${targets%,}]}]
YML
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
    --web.listen-address=127.0.0.1:19390 > "$WORK/prometheus.log" 2>&1 &
echo "vantages-scale: $AGENTS agents x $ENDPOINTS endpoints at 10 s, scraped every 15 s; settling ${SETTLE} s"
sleep "$SETTLE"
api=http://127.0.0.1:19390/api/v1/query
q='sum(rate(process_cpu_seconds_total{job="netpulse"}[1m]))'
echo "agents' CPU, all $AGENTS together, refused checks (cores): $(curl -s "$api" --data-urlencode "query=$q" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["result"][0]["value"][1])')"
q='avg(scrape_duration_seconds{job="netpulse"})'
echo "scrape duration, mean (s): $(curl -s "$api" --data-urlencode "query=$q" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["result"][0]["value"][1])')"
q='sum(count_over_time(up{job="netpulse"}[2m])) - sum(sum_over_time(up{job="netpulse"}[2m]))'
echo "failed scrapes in the last 2 minutes: $(curl -s "$api" --data-urlencode "query=$q" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["result"][0]["value"][1])')"
q='sum(scrape_samples_scraped{job="netpulse"})'
echo "samples per scrape round: $(curl -s "$api" --data-urlencode "query=$q" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["result"][0]["value"][1])')"
kill -STOP $agents # from here on they are other machines
"$BIN/netpulse-bench" vantage-read http://127.0.0.1:19390 20
# The reader's query as Prometheus times it (stats=all), for a reader that is none of the agents.
query=$(QT_QPA_PLATFORM=offscreen "$BIN/netpulse-bench" vantage-read-query bench-reader 2>/dev/null || true)
if [ -n "$query" ]; then
    curl -s "$api" --data-urlencode "query=$query" --data-urlencode stats=all \
        | python3 -c 'import json,sys; d=json.load(sys.stdin); t=d["data"]["stats"]["timings"]; print("query on Prometheus: eval %.1f ms, total %.1f ms, %d series" % (t["evalTotalTime"]*1000, t["execTotalTime"]*1000, len(d["data"]["result"])))'
fi
echo "prometheus RSS (MB): $(ps -o rss= -C prometheus | awk '{s+=$1} END {print s/1024}')"
