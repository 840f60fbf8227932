#!/usr/bin/env bash
# Instructions a byte of the full lint: a figure the machine's other tenants do not move,
# for telling apart two versions of the engine on a shared machine, where wall-clock runs
# of the same build differ by 30% or more (docs/PERFORMANCE.md).
#
#   scripts/instructions.sh [PASSES]      (default: 10)
#
# callgrind (apt-get install valgrind) runs the `throughput` example, release build, over
# the Wikinews stories twice: for PASSES passes and for half as many. The difference is
# divided by the bytes of the passes it holds, so the one-off work (reading the stories,
# building the word lists and automata) cancels out. Instructions are not time: a change
# that trades instructions for cache misses or allocation can still be slower, so a
# wall-clock comparison (alternating runs, best of each) goes with this.
set -euo pipefail
cd "$(dirname "$0")/.."

passes=${1:-10}
half=$((passes / 2))
if ((half < 1)); then
    echo "scripts/instructions.sh: PASSES must be at least 2" >&2
    exit 2
fi
command -v valgrind >/dev/null || {
    echo "scripts/instructions.sh: valgrind is not installed (apt-get install valgrind)" >&2
    exit 2
}

cargo build --release --quiet --example throughput
target=${CARGO_TARGET_DIR:-target}
example="$target/release/examples/throughput"

dir=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-instructions.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# Prints "<instructions> <bytes>" for a run of $1 passes.
count() {
    if ! valgrind --tool=callgrind --callgrind-out-file="$dir/out" "$example" --passes "$1" \
        >"$dir/stdout" 2>"$dir/log"; then
        echo "scripts/instructions.sh: callgrind failed on $example --passes $1:" >&2
        cat "$dir/log" >&2
        exit 1
    fi
    echo "$(awk '/^totals:/ { print $2 }' "$dir/out") $(sed -n 's/.*(\([0-9]*\) bytes.*/\1/p' "$dir/stdout")"
}

line=$(count "$passes")
read -r many many_bytes <<<"$line"
line=$(count "$half")
read -r few few_bytes <<<"$line"
awk -v i=$((many - few)) -v b=$((many_bytes - few_bytes)) -v p=$((passes - half)) \
    -v c="$(git describe --always --dirty 2>/dev/null || echo unknown)" 'BEGIN {
    printf "full lint, %d passes over %d bytes (%s): %.2f instructions a byte\n", p, b, c, i / b
}'
