#!/usr/bin/env bash
# Benchmark `copydesk check` over many stories, end to end: walking, reading, linting on every
# core, and writing the report.
#
#   scripts/bench-check.sh [STORIES] [RUNS]      (defaults: 10000 stories, 3 runs)
#
# The stories are the Wikinews corpus copied round-robin into a temporary folder, as
# scripts/make-stories.sh writes them. The release binary is built first
# ($CARGO_TARGET_DIR is honoured). Each format is run RUNS times after one warm-up run; the
# best run is reported, in stories per second and MB/s (10^6 bytes of story text per second).
# Set COPYDESK_BENCH_FORMATS to choose the formats (default: "json github sarif human").
set -euo pipefail
cd "$(dirname "$0")/.."

stories=${1:-10000}
runs=${2:-3}
formats=${COPYDESK_BENCH_FORMATS:-json github sarif human}

cargo build --release --quiet
target=${CARGO_TARGET_DIR:-target}
binary="$target/release/copydesk"

dir=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

bytes=$(scripts/make-stories.sh "$dir/stories" "$stories")
cores=$(nproc)
printf 'copydesk check: %d stories, %.1f MB, %d cores, %s\n' \
    "$stories" "$(echo "$bytes / 1000000" | bc -l)" "$cores" "$(git rev-parse --short HEAD)"
printf '%-8s %10s %12s %10s %s\n' format seconds stories/s MB/s exit

for format in $formats; do
    "$binary" check "$dir/stories" --format "$format" >/dev/null 2>&1 || true # warm-up
    best=
    for ((run = 0; run < runs; run++)); do
        start=$(date +%s.%N)
        status=0
        "$binary" check "$dir/stories" --format "$format" >"$dir/out" 2>/dev/null || status=$?
        end=$(date +%s.%N)
        seconds=$(echo "$end - $start" | bc -l)
        if [[ -z $best ]] || (($(echo "$seconds < $best" | bc -l))); then best=$seconds; fi
    done
    printf '%-8s %10.3f %12.0f %10.1f %s\n' "$format" "$best" \
        "$(echo "$stories / $best" | bc -l)" "$(echo "$bytes / 1000000 / $best" | bc -l)" "$status"
done
