#!/usr/bin/env bash
# Takes the README's screenshots of the demonstration site (tests/fixtures/demo, illustrative
# figures) with headless Chromium and stores them under docs/screenshots/.
# Usage: scripts/screenshots.sh [path/to/planportal]   (default: target/debug/planportal)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$repo/target/debug/planportal}
chromium=${CHROMIUM:-/usr/bin/chromium}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r "$repo/tests/fixtures/demo/." "$work/"
mkdir -p "$work/themes" && cp -r "$repo/themes/default" "$work/themes/"
"$bin" build --root "$work" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/public" >/dev/null 2>&1 &
server=$!
sleep 1
mkdir -p "$repo/docs/screenshots"
shot() { # name, path, height
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size=1000,"$3" --screenshot="$repo/docs/screenshots/$1.png" "http://127.0.0.1:$port/$2" 2>/dev/null
}
shot progress-en en/indicators/ 1050
shot progress-zh indicators/ 1050
shot indicator-revised-en en/indicators/example-output/ 1500
shot updates-en en/updates/ 900
# Smaller files: 64-colour palettes (pngquant, if installed: apt-get install pngquant).
if command -v pngquant >/dev/null; then
  pngquant --force --ext .png --quality 60-90 64 "$repo"/docs/screenshots/*.png
fi
ls -l "$repo/docs/screenshots"
