#!/usr/bin/env bash
# Shared by run.sh, test.sh and screenshot.sh: make sure the Debian 12 packages NetPulse builds with
# are present (installing the missing ones when run as root), then configure and build a preset of
# CMakePresets.json (default, sanitize or core-only).
set -euo pipefail

NETPULSE_SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NETPULSE_BUILD_DIR=$NETPULSE_SOURCE_DIR/build
NETPULSE_PACKAGES=(cmake ninja-build g++ qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev libgl-dev
                   libqt6opengl6-dev qt6-l10n-tools libqt6sql6-sqlite zlib1g-dev libcrypt-dev
                   qt6-translations-l10n ca-certificates)

netpulse_install_packages() {
    local missing=()
    for package in "${NETPULSE_PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "netpulse: missing Debian packages: ${missing[*]}" >&2
        echo "netpulse: run this script as root, or: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
    echo "netpulse: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    # The tests' gateways and proxies (nginx, haproxy, squid, ...) are Debian packages whose install
    # would start their system services on the ports everyone uses. The Debian convention for
    # machines that must not start services during an install is a policy-rc.d that exits 101; put
    # one in place for the install unless the machine already has one, and take ours away after.
    local policy=/usr/sbin/policy-rc.d placed_policy=
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n# placed by netpulse scripts/setup.sh during a package install\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        placed_policy=1
    fi
    apt-get update -qq
    local status=0
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
    [ -n "$placed_policy" ] && rm -f "$policy"
    return $status
}

# netpulse_build [PRESET]: configures (quietly) and builds; the default preset builds into build/.
# netpulse_build [PRESET [TARGET…]]: configures and builds PRESET (default), all targets or those named.
netpulse_build() {
    local preset=${1:-default}
    shift || true
    local targets=()
    [ $# -gt 0 ] && targets=(--target "$@")
    (cd "$NETPULSE_SOURCE_DIR" && cmake --preset "$preset" >/dev/null &&
        cmake --build --preset "$preset" --parallel "$(nproc)" "${targets[@]}")
}
