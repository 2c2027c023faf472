#!/usr/bin/env bash
# Benchmark: generates a deterministic synthetic corpus of N tables (default 10,000, about
# 350 MB) and times `jxlint check` over it, with the short and the JSON format, and over one
# table. Reports wall time, files/s, MB/s and peak resident memory (GNU time's %M).
#
#   scripts/bench.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
DIR=${BENCH_DIR:-target/bench-corpus-$N}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at /usr/bin/time (Debian package: time)" >&2; exit 2; }

cargo build --release --quiet --bin jxlint --example gen_corpus
[ -d "$DIR" ] || target/release/examples/gen_corpus "$DIR" "$N"
BYTES=$(find "$DIR" -name '*.txt' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
FILES=$(find "$DIR" -name '*.txt' | wc -l)
echo "corpus: $FILES tables, $((BYTES / 1000000)) MB in $DIR; $(nproc) cores"

measure() { # label, then the jxlint arguments
    local label=$1; shift
    local stats
    stats=$(mktemp)
    "$TIME" -f "%e %M" -o "$stats" target/release/jxlint "$@" > /dev/null 2>&1 || true
    read -r secs kb < <(tail -1 "$stats")
    rm -f "$stats"
    awk -v l="$label" -v s="$secs" -v kb="$kb" -v f="$FILES" -v b="$BYTES" 'BEGIN {
        printf "%-28s %6.2f s  %8.0f files/s  %6.1f MB/s  peak RSS %5.0f MB\n",
               l, s, f / s, b / 1e6 / s, kb / 1024 }'
}

measure "check (short)" check --format short "$DIR"
measure "check (json)" check --format json "$DIR"
measure "check (short, no cross-file)" check --format short --no-cross-file "$DIR"

ONE=$(find "$DIR" -name '*.txt' | LC_ALL=C sort | sed -n 1p)
RUNS=200
start=$(date +%s%N)
for _ in $(seq $RUNS); do target/release/jxlint check --format short "$ONE" > /dev/null || true; done
end=$(date +%s%N)
awk -v ns=$((end - start)) -v r=$RUNS 'BEGIN { printf "one table (process included)  %6.2f ms\n", ns / r / 1e6 }'
