#!/usr/bin/env bash
# Makes the README screenshots from the real binary against the real engine, in tmux.
# Usage: screenshots/capture.sh   (needs tmux, python3 with Pillow, fonts-dejavu-core)
# Each step sends keys, waits, and saves the pane as ANSI text and as PNG.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin=target/release/shipshape
sock=shipshape-shots
tmux -L "$sock" kill-server 2>/dev/null || true
tmux -L "$sock" new-session -d -s shots -x 120 -y 36 "$bin --no-kube"
shot() {
  sleep "${2:-1}"
  tmux -L "$sock" capture-pane -e -p -t shots > "screenshots/$1.ansi"
  python3 screenshots/ansi2png.py "screenshots/$1.ansi" "screenshots/$1.png"
  rm "screenshots/$1.ansi"
}
keys() { tmux -L "$sock" send-keys -t shots "$@"; }
shot dashboard 3
keys / node-agent Enter; sleep 0.3; keys Enter; shot detail-findings
keys 2; shot detail-mounts 0.5
keys 3; shot detail-capabilities 0.5
keys 1; sleep 0.2; keys j Enter; shot finding 0.5
keys Escape; sleep 0.3; keys Escape; sleep 0.3; keys q
tmux -L "$sock" kill-server 2>/dev/null || true
# Kubernetes: the bundled demo snapshot (a Docker host and a cluster), as `--demo` shows it.
tmux -L "$sock" new-session -d -s shots -x 120 -y 36 "$bin --demo"
shot demo-kubernetes 2
keys C; shot cluster 0.5
keys q
tmux -L "$sock" kill-server 2>/dev/null || true
echo "screenshots written to screenshots/*.png"
