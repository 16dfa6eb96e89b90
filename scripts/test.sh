#!/usr/bin/env bash
# Installs what is missing (as root), builds, and runs the whole test suite offscreen.
#   scripts/test.sh              # the suite CI runs (preset "default", build/)
#   scripts/test.sh --sanitize   # the same under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)
#   scripts/test.sh --core-only  # core, headless mode and core tests, built without Qt Widgets (build-core/)
#   scripts/test.sh --core-only --build-only   # only the programs of that build, no tests (what CI checks)
# Extra arguments after the mode go to ctest, e.g.  scripts/test.sh -- -L core  or  -- -R TestProbe
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

preset=default
case "${1:-}" in
    --sanitize) preset=sanitize; shift ;;
    --core-only) preset=core-only; shift ;;
    --) ;;
    "") ;;
    *) echo "usage: $0 [--sanitize | --core-only [--build-only]] [-- CTEST-ARGUMENTS]" >&2; exit 2 ;;
esac
build_only=false
if [ "${1:-}" = "--build-only" ]; then
    build_only=true
    shift
fi
[ "${1:-}" = "--" ] && shift

# The integration tests start a real Prometheus (with promtool) and Alertmanager on loopback ports
# of their own.
# install_layout validates the desktop entry and the AppStream metainfo. bench_compare_quick runs
# the peer comparison once (curl and blackbox_exporter are its peers).
# The sanitize preset builds with clang, whose libFuzzer runtime the fuzz targets link.
# The path tests put real gateways, forward proxies and a DNS server between a probe and the fault
# server, each started by the test on loopback ports with a generated configuration.
netpulse_install_packages prometheus prometheus-alertmanager desktop-file-utils appstream curl \
    prometheus-blackbox-exporter clang libclang-rt-14-dev \
    nginx-light haproxy caddy varnish apache2 lighttpd tinyproxy squid dnsmasq-base
if $build_only; then
    netpulse_build "$preset" netpulse netpulse-demo-server netpulse-bench
    exit 0
fi
netpulse_build "$preset"
cd "$NETPULSE_SOURCE_DIR"
ctest --preset "$preset" --parallel "$(nproc)" "$@"
