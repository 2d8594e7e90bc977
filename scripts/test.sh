#!/usr/bin/env bash
# The README's test command: installs what the browser tests need when it is missing, then
# runs every test. Needs a Rust toolchain; on Debian or Ubuntu it installs the rest itself.
#
#   bash scripts/test.sh            # cargo test --locked
#   bash scripts/test.sh --test build   # extra arguments go to cargo test
#
# The browser tests (search, accessibility) drive Debian's `chromium` — never a downloaded
# browser — and `fonts-noto-cjk` makes Chinese render in it. Both are installed with
# apt-get (through sudo when not root) only when missing; elsewhere the script says what to
# install and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install a Rust toolchain first (https://rustup.rs), then run this again." >&2
  exit 1
fi

# The browser tests start /usr/bin/chromium (tests/common/browser.rs). The two variables
# only exist so that this script's own branches can be tried on a machine that has both.
chromium="${PLANPORTAL_TEST_CHROMIUM:-/usr/bin/chromium}"
fonts_package="${PLANPORTAL_TEST_FONTS_PACKAGE:-fonts-noto-cjk}"
have_browser() {
  [ -x "$chromium" ]
}
have_cjk_fonts() {
  dpkg-query -W -f='${Status}' "$fonts_package" 2>/dev/null | grep -q "install ok installed"
}

missing=()
have_browser || missing+=(chromium)
have_cjk_fonts || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "The browser tests need: ${missing[*]} (Chromium and Noto CJK fonts)." >&2
    echo "This system has no apt-get: install them with its package manager, then run this again." >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" != "0" ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "Installing ${missing[*]} needs root, and sudo is not available: run as root or install them first." >&2
      exit 1
    fi
    sudo="sudo"
  fi
  echo "Installing ${missing[*]} with apt-get (for the browser tests)…"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

exec cargo test --locked "$@"
