#!/usr/bin/env bash
# Installs what is missing (as root), builds, and runs the whole test suite offscreen.
#   scripts/test.sh              # the suite CI runs
#   scripts/test.sh --sanitize   # the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   scripts/test.sh --core-only  # core, headless mode and core tests, built without Qt Widgets
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

cmake_options=()
case "${1:-}" in
    --sanitize)
        NETPULSE_BUILD_DIR=$NETPULSE_BUILD_DIR-asan
        NETPULSE_BUILD_TYPE=Debug
        cmake_options+=(-DNETPULSE_SANITIZE=ON)
        export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
        export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
        ;;
    --core-only)
        NETPULSE_BUILD_DIR=$NETPULSE_BUILD_DIR-core
        cmake_options+=(-DNETPULSE_BUILD_GUI=OFF)
        ;;
    "") ;;
    *) echo "usage: $0 [--sanitize | --core-only]" >&2; exit 2 ;;
esac

netpulse_install_packages
netpulse_build "${cmake_options[@]}"
export QT_QPA_PLATFORM=offscreen
cd "$NETPULSE_BUILD_DIR"
ctest --output-on-failure --parallel "$(nproc)" --timeout 300
