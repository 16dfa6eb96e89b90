#!/usr/bin/env bash
# Takes the README's screenshot: the app on its demo service, under Xvfb, after the flapping
# endpoint has gone from refusing to up and back to refusing, with retries under way. Needs xvfb
# and imagemagick (installed when root).
#   scripts/screenshot.sh [output.png] [seconds] [app options…]
#   (docs/screenshot-dark.png: scripts/screenshot.sh docs/screenshot-dark.png 23.5 --theme dark)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
output=${1:-$NETPULSE_SOURCE_DIR/docs/screenshot.png}
seconds=${2:-23.5}
shift $(($# < 2 ? $# : 2))
netpulse_install_packages xvfb imagemagick
netpulse_build >/dev/null

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
# A home of its own: your saved endpoints would replace the demo.
home=$(mktemp -d)
trap 'kill $app_pid $xvfb_pid 2>/dev/null || true; rm -rf "$home"' EXIT
sleep 1
DISPLAY=$display HOME=$home XDG_CONFIG_HOME=$home/.config XDG_CACHE_HOME=$home/.cache \
    "$NETPULSE_BUILD_DIR/bin/netpulse" "$@" >/dev/null 2>&1 &
app_pid=$!
sleep "$seconds"
DISPLAY=$display import -window root "$output.full.png"
# The window sits at the top left of a black root window: keep the window only.
convert "$output.full.png" -trim +repage "$output"
rm -f "$output.full.png"
echo "wrote $output"
