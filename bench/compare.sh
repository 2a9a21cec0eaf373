#!/usr/bin/env bash
# Side-by-side timings of arledger and the established tools on generated AR journals.
#
#   bench/compare.sh [SIZES]        SIZES defaults to "10k 100k 1m"
#
# Environment: BENCH_DIR (where journals go, default ../bench-data), RUNS (hyperfine runs,
# default 3), SHARED (default ../shared). Each tool runs only if installed: ledger and hledger
# (apt-get install ledger hledger), rustledger (`rledger-check`, see docs/performance.md).
# Prints one markdown table: median seconds (hyperfine), peak RSS (GNU time), and each time as
# a ratio to `arledger check` on the same file.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared}
bench_dir=${BENCH_DIR:-$here/../bench-data}
runs=${RUNS:-3}
sizes=${1:-"10k 100k 1m"}
command -v hyperfine >/dev/null || { echo "compare.sh: hyperfine is required (apt-get install hyperfine)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "compare.sh: GNU time is required (apt-get install time)" >&2; exit 2; }
mkdir -p "$bench_dir"
(cd "$here" && cargo build --release -q)
bin=$here/target/release/arledger

declare -A count=([10k]=10000 [100k]=100000 [1m]=1000000)
echo "| size | tool | command | median (s) | peak RSS (MB) | ratio to arledger check |"
echo "|---|---|---|---:|---:|---:|"
for size in $sizes; do
  n=${count[$size]:?unknown size $size}
  ledger_file=$bench_dir/ar-$size.journal
  beancount_file=$bench_dir/ar-$size.beancount
  [ -f "$ledger_file" ] || python3 "$shared/bench/gen_ar_journal.py" -n "$n" --format ledger -o "$ledger_file"
  cmds=(
    "arledger|check|$bin check -f $ledger_file"
    "arledger|balance|$bin bal -f $ledger_file"
    "arledger|aging|$bin aging -f $ledger_file --date 2025-01-01"
    "arledger|aging --detail|$bin aging --detail -f $ledger_file --date 2025-01-01"
    "wc|-l (read floor)|wc -l $ledger_file"
  )
  command -v ledger >/dev/null && cmds+=("ledger|bal|ledger -f $ledger_file bal")
  command -v hledger >/dev/null && cmds+=("hledger|bal|hledger -f $ledger_file bal")
  if command -v rledger-check >/dev/null; then
    [ -f "$beancount_file" ] || python3 "$shared/bench/gen_ar_journal.py" -n "$n" --format beancount -o "$beancount_file"
    cmds+=("rustledger|check|rledger-check $beancount_file")
  fi
  base=""
  for entry in "${cmds[@]}"; do
    IFS='|' read -r tool what cmd <<<"$entry"
    json=$(mktemp)
    hyperfine -N -w 1 -r "$runs" --export-json "$json" "$cmd" >/dev/null 2>&1 || { echo "| $size | $tool | $what | failed | | |"; continue; }
    median=$(python3 -c "import json,sys; print('%.3f' % json.load(open(sys.argv[1]))['results'][0]['median'])" "$json")
    rm -f "$json"
    rss_file=$(mktemp)
    /usr/bin/time -o "$rss_file" -f %M $cmd >/dev/null 2>&1 || true
    rss_mb=$(python3 -c "import sys; print('%.0f' % (int(open(sys.argv[1]).read().split()[-1]) / 1024))" "$rss_file" 2>/dev/null || echo "?")
    rm -f "$rss_file"
    [ -z "$base" ] && base=$median
    ratio=$(python3 -c "print('%.2f' % ($median / $base))")
    echo "| $size | $tool | $what | $median | $rss_mb | $ratio |"
  done
done
