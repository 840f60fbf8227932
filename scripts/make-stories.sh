#!/usr/bin/env bash
# Write a folder of stories for the end-to-end measurements of `copydesk check`
# (scripts/bench-check.sh, scripts/peak-memory.sh).
#
#   scripts/make-stories.sh DIR [STORIES]      (default: 10000 stories)
#
# The stories are the Wikinews corpus (tests/corpus/wikinews/*.txt) copied round-robin into
# DIR, 100 stories to a subfolder, each copy with its number prepended as a first line so
# that no two files are the same. Prints the total size of the stories in bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${1:?usage: scripts/make-stories.sh DIR [STORIES]}
stories=${2:-10000}

mapfile -t corpus < <(ls tests/corpus/wikinews/*.txt | sort)
for ((n = 0; n < stories; n++)); do
    folder="$dir/$((n / 100))"
    [[ -d $folder ]] || mkdir -p "$folder"
    source=${corpus[n % ${#corpus[@]}]}
    { printf 'Story %d\n' "$n"; cat "$source"; } >"$folder/$(printf '%05d' "$n")_$(basename "$source")"
done
find "$dir" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }'
