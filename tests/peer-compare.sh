#!/usr/bin/env bash
# Runs ../shared/peer-journals/compare.sh over the consensus corpus and fails when a case fails
# that tests/peer-known-failures.txt does not list. Also prints the hledger-only count
# (informative). Usage: tests/peer-compare.sh path/to/arledger
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shared=${SHARED_DIR:-$here/../../shared}
corpus=$shared/peer-journals
[ -x "$corpus/compare.sh" ] || { echo "peer-compare: no corpus at $corpus" >&2; exit 2; }

out=$(mktemp)
bash "$corpus/compare.sh" -q -j "$(nproc)" "$bin" >"$out"
summary=$(tail -n 1 "$out")
known=$(grep -v '^#' "$here/peer-known-failures.txt" | cut -f1 | grep -v '^$' || true)
unexpected=0
while read -r line; do
  case "$line" in FAIL*) ;; *) continue ;; esac
  id=${line#FAIL }; id=${id%%:*}
  if ! grep -qxF "$id" <<<"$known"; then
    echo "$line"
    unexpected=$((unexpected + 1))
  fi
done <"$out"
rm -f "$out"

if [ -d "$shared/peer-journals-hledger/cases" ]; then
  hl=$(bash "$corpus/compare.sh" -q -j "$(nproc)" -d "$shared/peer-journals-hledger" "$bin" | tail -n 1)
  echo "hledger-only corpus (informative): $hl"
fi
echo "peer-journals consensus corpus:"
echo "$summary"
if [ "$unexpected" -gt 0 ]; then
  echo "peer-compare: $unexpected failing case(s) not in tests/peer-known-failures.txt" >&2
  exit 1
fi
