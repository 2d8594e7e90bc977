#!/bin/sh
# Runs one fuzz target for a while, on one core, and keeps its log.
#   ./run.sh <target> [seconds]      e.g. ./run.sh markdown 600
# Targets: front_matter, markdown, markdown_shapes, data, config, csv. Needs cargo-fuzz (`cargo install cargo-fuzz`);
# RUSTC_BOOTSTRAP=1 lets cargo-fuzz's nightly flags work on a stable toolchain.
set -eu
cd "$(dirname "$0")"
target=$1
seconds=${2:-240}
case $target in
    markdown|markdown_shapes) dict=markdown.dict ;;
    csv) dict=csv.dict ;;
    *) dict=yaml.dict ;;
esac
[ -d "corpus/$target" ] || ./seed.sh
mkdir -p logs
log="logs/$target-$(date +%Y%m%d-%H%M%S).log"
echo "fuzzing $target for ${seconds}s, log in fuzz/$log"
RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -dict="$dict" -print_final_stats=1 >"$log" 2>&1 || status=$?
grep -E '^#[0-9]+ +(DONE|INITED)|stat::|SUMMARY|panicked|Test unit written|deadly signal|timeout' "$log" | tail -20
exit "${status:-0}"
