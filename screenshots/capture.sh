#!/usr/bin/env bash
# Makes the README screenshots from the real binary against the real engine, in tmux.
# Usage: screenshots/capture.sh   (needs tmux, python3 with Pillow, fonts-dejavu-core)
# Each step sends keys, waits, and saves the pane as ANSI text and as PNG.
# Learned profiles go to a throwaway data folder: `shipshape learn` runs first, then one
# `nc` is exec'd into the container `web` (if it runs) so the drift screens have something.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin=target/release/shipshape
sock=shipshape-shots
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export SHIPSHAPE_DATA=$data
"$bin" learn --duration 5s --no-kube >/dev/null
if docker inspect -f '{{.State.Running}}' web 2>/dev/null | grep -q true; then
  docker exec -d web nc -l -p 4444
  drift=true
else
  drift=false
fi
tmux -L "$sock" kill-server 2>/dev/null || true
tmux -L "$sock" new-session -d -s shots -x 120 -y 36 "SHIPSHAPE_DATA=$data $bin --no-kube"
shot() {
  sleep "${2:-1}"
  tmux -L "$sock" capture-pane -e -p -t shots > "screenshots/$1.ansi"
  python3 screenshots/ansi2png.py "screenshots/$1.ansi" "screenshots/$1.png"
  rm "screenshots/$1.ansi"
}
keys() { tmux -L "$sock" send-keys -t shots "$@"; }
shot dashboard 7
keys / node-agent Enter; sleep 0.3; keys Enter; shot detail-findings
keys 2; shot detail-mounts 0.5
keys 3; shot detail-capabilities 0.5
keys 1; sleep 0.2; keys j Enter; shot finding 0.5
keys Escape; sleep 0.3; keys Escape; sleep 0.3
if $drift; then
  keys c; sleep 0.2; keys / web Enter; sleep 0.3; keys Enter; sleep 0.3; keys 6; shot processes-drift 0.5
  keys Escape; sleep 0.3; keys c; sleep 0.3
fi
keys E; shot engine 0.5
keys Escape; sleep 0.3; keys q
tmux -L "$sock" kill-server 2>/dev/null || true
if $drift; then
  docker exec web sh -c 'kill $(pidof nc)' || true
fi
# Several engines at once, one of them production: the local engine a second time under a
# Docker context named prod-local (in a throwaway DOCKER_CONFIG), and the question that pausing
# one of its containers asks (answered with Esc: nothing is paused).
docker_config=$(mktemp -d)
DOCKER_CONFIG=$docker_config docker context create prod-local \
  --docker host=unix:///var/run/docker.sock >/dev/null
tmux -L "$sock" new-session -d -s shots -x 120 -y 36 \
  "DOCKER_CONFIG=$docker_config SHIPSHAPE_DATA=$data $bin --no-kube --docker-context default,prod-local"
shot multi-source 7
if docker inspect -f '{{.State.Running}}' web 2>/dev/null | grep -q true; then
  keys / web Enter; sleep 0.3; keys G p; shot production-confirm 0.5
  keys Escape
fi
keys q
tmux -L "$sock" kill-server 2>/dev/null || true
rm -rf "$docker_config"
# Over SSH on a C locale: ASCII only; `y` on a fix copies it through OSC 52.
tmux -L "$sock" new-session -d -s shots -x 120 -y 36 "env LANG=C TERM=screen $bin --demo"
shot ascii 2
keys Enter; sleep 0.3; keys Enter; sleep 0.3; keys y; shot copy-fix 0.5
keys q
tmux -L "$sock" kill-server 2>/dev/null || true
# Kubernetes: the bundled demo snapshot (a Docker host and a cluster), as `--demo` shows it.
tmux -L "$sock" new-session -d -s shots -x 120 -y 36 "$bin --demo"
shot demo-kubernetes 2
keys C; shot cluster 0.5
keys q
tmux -L "$sock" kill-server 2>/dev/null || true
echo "screenshots written to screenshots/*.png"
