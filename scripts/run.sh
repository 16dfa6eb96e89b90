#!/usr/bin/env bash
# Installs what is missing (as root), builds, and launches NetPulse. Without a URL the app starts
# the bundled demo service and watches an endpoint that flaps between up and refusing.
#   scripts/run.sh                      # demo
#   scripts/run.sh http://127.0.0.1:8080/health
#   scripts/run.sh --headless --once http://127.0.0.1:8080/health
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
netpulse_install_packages
# Only what the launch needs (the app, and the demo service it starts without a URL): the tests,
# benchmark and fuzz targets are scripts/test.sh's to build.
netpulse_build default netpulse netpulse-window netpulse-demo-server
exec "$NETPULSE_BUILD_DIR/bin/netpulse" "$@"
