#!/usr/bin/env bash
# Peak resident memory of `copydesk check` over many stories, end to end.
#
#   scripts/peak-memory.sh [STORIES]      (default: 10000 stories)
#
# The stories are written by scripts/make-stories.sh (the Wikinews corpus repeated, as
# scripts/bench-check.sh times them). The release binary is built first ($CARGO_TARGET_DIR
# is honoured), then run once per format on the whole folder, on every core, output to
# /dev/null. The peak is the process's maximum resident set size, from GNU time's `-v`
# (apt-get install time); without it, from VmHWM in /proc/PID/status, read every 10 ms
# until the process ends, which can miss growth in its last 10 ms.
# Set COPYDESK_BENCH_FORMATS to choose the formats (default: "json github sarif human").
set -euo pipefail
cd "$(dirname "$0")/.."

stories=${1:-10000}
formats=${COPYDESK_BENCH_FORMATS:-json github sarif human}

cargo build --release --quiet
target=${CARGO_TARGET_DIR:-target}
binary="$target/release/copydesk"

dir=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-memory.XXXXXX")
trap 'rm -rf "$dir"' EXIT
bytes=$(scripts/make-stories.sh "$dir/stories" "$stories")

# The peak RSS in KiB of `$binary check "$dir/stories" --format $1`, and its exit code.
peak_kib() {
    local status=0
    if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
        /usr/bin/time -v -o "$dir/time" "$binary" check "$dir/stories" --format "$1" \
            >/dev/null 2>/dev/null || status=$?
        echo "$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$dir/time") $status"
    else
        "$binary" check "$dir/stories" --format "$1" >/dev/null 2>&1 &
        local pid=$! peak=0 now
        while kill -0 "$pid" 2>/dev/null; do
            now=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
            [[ -n $now && $now -gt $peak ]] && peak=$now
            sleep 0.01
        done
        wait "$pid" || status=$?
        echo "$peak $status"
    fi
}

printf 'copydesk check: %d stories, %.1f MB, %d cores, %s\n' \
    "$stories" "$(echo "$bytes / 1000000" | bc -l)" "$(nproc)" "$(git rev-parse --short HEAD)"
printf '%-8s %14s %s\n' format 'peak RSS MiB' exit
for format in $formats; do
    read -r kib status < <(peak_kib "$format")
    printf '%-8s %14.1f %s\n' "$format" "$(echo "$kib / 1024" | bc -l)" "$status"
done
