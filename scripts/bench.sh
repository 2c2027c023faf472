#!/usr/bin/env bash
# Benchmark: generates a deterministic synthetic corpus of N tables (default 10,000, about
# 350 MB) and times `jxlint check` over it: JSON with copies across files on all cores and on
# one, short, without copies, without the copy search and with reading alone (where the wall
# time goes), the HTML report (its size, and opened in Chromium where
# tests/browser has its packages); one table (process included). Reports the median of three runs:
# wall time, files/s, MB/s, peak resident memory (GNU time's %M) and the ratio to `cat` of the
# same files measured in the same run (best of three); then time and allocated bytes per stage
# (benches/stages.rs, a counting allocator, one thread) over the first 1,000 tables.
#
#   scripts/bench.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
DIR=${BENCH_DIR:-target/bench-corpus-$N}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at /usr/bin/time (Debian package: time)" >&2; exit 2; }

cargo build --release --quiet --bin jxlint --example gen_corpus --example server_latency
[ -d "$DIR" ] || target/release/examples/gen_corpus "$DIR" "$N"
BYTES=$(find "$DIR" -name '*.txt' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
FILES=$(find "$DIR" -name '*.txt' | wc -l)
echo "corpus: $FILES tables, $((BYTES / 1000000)) MB in $DIR; $(nproc) cores"

# `cat` three times: the first may read from disk; the best is the page cache's speed.
CAT=
for _ in 1 2 3; do
    start=$(date +%s%N)
    find "$DIR" -name '*.txt' -print0 | xargs -0 cat > /dev/null
    t=$(awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN { print ns / 1e9 }')
    CAT=$(awk -v a="${CAT:-$t}" -v b="$t" 'BEGIN { print (b < a ? b : a) }')
done
printf '%-28s %6.2f s (best of 3)\n' "cat of the same files" "$CAT"

measure() { # label, then the jxlint arguments; the median of three runs
    local label=$1; shift
    local stats runs secs kb
    stats=$(mktemp)
    runs=$(for _ in 1 2 3; do
        "$TIME" -f "%e %M" -o "$stats" target/release/jxlint "$@" > /dev/null 2>&1 || true
        tail -1 "$stats"
    done | sort -n | sed -n 2p)
    read -r secs kb <<< "$runs"
    rm -f "$stats"
    awk -v l="$label" -v s="$secs" -v kb="$kb" -v f="$FILES" -v b="$BYTES" -v c="$CAT" 'BEGIN {
        printf "%-28s %6.2f s  %8.0f files/s  %6.1f MB/s  peak RSS %5.0f MB  %5.1f× cat\n",
               l, s, f / s, b / 1e6 / s, kb / 1024, s / c }'
}

measure "check (json)" check --format json "$DIR"
RAYON_NUM_THREADS=1 measure "check (json, 1 thread)" check --format json "$DIR"
measure "check (short)" check --format short "$DIR"
measure "check (short, no cross-file)" check --format short --no-cross-file "$DIR"
# Where the JSON run's wall time goes, by leaving work out: the copy search, then every rule
# (table-structure only reports what reading left over), which leaves reading the tables.
measure "json, no duplicate-text" check --format json --ignore duplicate-text "$DIR"
measure "json, reading only" check --format json --select table-structure --no-cross-file "$DIR"
REPORT=$(mktemp --suffix .html)
measure "check (html report)" check --format html -o "$REPORT" "$DIR"
echo "html report: $(( $(stat -c %s "$REPORT") / 1000 )) KB"
# The report opened and filtered in headless Chromium (tests/browser/report.mjs), if present.
if command -v node > /dev/null && [ -d tests/browser/node_modules ]; then
    t0=$(date +%s%N)
    node tests/browser/report.mjs "$REPORT" amount-sum > "$REPORT.seen"
    awk -v ns=$(( $(date +%s%N) - t0 )) 'BEGIN { printf "html report opened, filtered twice, closed in Chromium: %.2f s\n", ns / 1e9 }'
    grep -o '"count":"[^"]*"' "$REPORT.seen" | head -2 | tr '\n' ' '; echo
    rm -f "$REPORT.seen"
fi
rm -f "$REPORT"

ONE=$(find "$DIR" -name '*.txt' | LC_ALL=C sort | sed -n 1p)
# A single process per table: the median of 51 runs, timed by bash's clock (no `date` process
# in the measure), beside the same for /bin/true, what starting any process costs here.
one_median() {
    for _ in $(seq 51); do
        local t0=$EPOCHREALTIME
        "$@" > /dev/null 2>&1 || true
        local t1=$EPOCHREALTIME
        echo $(( ${t1/[.,]/} - ${t0/[.,]/} ))
    done | sort -n | sed -n 26p
}
ONE_US=$(one_median target/release/jxlint check --format short "$ONE")
TRUE_US=$(one_median /bin/true)
awk -v us="$ONE_US" -v t="$TRUE_US" 'BEGIN {
    printf "one table, median of 51      %6.2f ms (/bin/true %.2f ms)\n", us / 1e3, t / 1e3 }'

target/release/examples/server_latency target/release/jxlint

echo
cargo bench --quiet --bench stages -- "$DIR" 1000
