#!/usr/bin/env bash
# The live benchmark: shipshape's dashboard against N real containers, next to `docker stats`
# (or another command) measured in the same run.
#
# Usage: benches/live.sh [-n N] [-w SECONDS] [-c COMMAND] [-b BINARY] [-k]
#   -n  containers to start (default 100); they run `sleep` from shipshape-test:1
#   -w  measuring window per command, seconds (default 60)
#   -c  the command to compare with (default: docker stats), run in the same tmux geometry
#   -b  the shipshape binary (default: cargo build --release, target/release/shipshape)
#   -k  keep the containers afterwards (they are removed by default)
#
# What it prints, for the engine alone (baseline), shipshape, and the other command:
#   * CPU of the command itself, percent of one core, over the window
#   * extra CPU of dockerd + containerd + the shims over the idle baseline, percent of one core
#   * peak RSS (VmHWM) of the command
#   * for shipshape: launch to first frame, and launch to every container on screen with its
#     risk badge (the header's workload count reaches the engine's container count)
# Needs: docker (a running engine), tmux, the image shipshape-test:1 (tests/build-test-image.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

n=100
window=60
compare="docker stats"
bin=""
keep=false
while getopts "n:w:c:b:k" opt; do
    case $opt in
        n) n=$OPTARG ;;
        w) window=$OPTARG ;;
        c) compare=$OPTARG ;;
        b) bin=$OPTARG ;;
        k) keep=true ;;
        *) sed -n '2,19p' "$0" >&2; exit 2 ;;
    esac
done

die() { printf 'live.sh: %s\n' "$*" >&2; exit 1; }
command -v tmux >/dev/null || die "tmux is not installed"
docker info >/dev/null 2>&1 || die "no Docker engine answers (start dockerd first)"
docker image inspect shipshape-test:1 >/dev/null 2>&1 || tests/build-test-image.sh
if [[ -z $bin ]]; then
    cargo build --release -q
    bin=target/release/shipshape
fi
[[ -x $bin ]] || die "$bin is not an executable"

# One tmux server per measured command, so one's shutdown cannot race the next one's start.
sock="shipshape-live-$$-0"
tm() { tmux -L "$sock" "$@"; }
cleanup() {
    for s in "shipshape-live-$$-1" "shipshape-live-$$-2"; do tmux -L "$s" kill-server 2>/dev/null || true; done
    if ! $keep; then
        docker ps -aq --filter label=shipshape.bench=live | xargs -r docker rm -f >/dev/null
    fi
}
trap cleanup EXIT

hz=$(getconf CLK_TCK)
# CPU ticks (user + system) of the given PIDs; PIDs that are gone count as 0.
ticks() {
    local total=0 pid stat
    for pid in "$@"; do
        stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
        stat=${stat##*) }   # fields after the command name, which may hold spaces
        read -r -a f <<<"$stat"
        total=$((total + f[11] + f[12]))
    done
    echo "$total"
}
engine_pids() { pgrep -x dockerd; pgrep -x containerd; pgrep -f containerd-shim || true; }
now_ms() { date +%s%3N; }
percent() { awk -v t="$1" -v hz="$hz" -v w="$2" 'BEGIN { printf "%.2f", 100 * t / hz / w }'; }
hwm_mb() { awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }

echo "starting $n containers…"
existing=$(docker ps -q | wc -l)
seq 1 "$n" | xargs -P 4 -I{} docker run -d --label shipshape.bench=live \
    --name "shipshape-live-{}" shipshape-test:1 sleep 100000 >/dev/null
running=$(docker ps -q | wc -l)
total=$(docker ps -aq | wc -l)
echo "containers: $running running ($existing before), $total in all"
sleep 10   # let the engine settle after the starts

# The engine's own CPU with nobody watching.
pids=$(engine_pids)
t0=$(ticks $pids)
sleep "$window"
idle=$(( $(ticks $pids) - t0 ))

# `launch N COMMAND…` runs the command in a fresh 200x50 tmux pane on server N; sets `pid`.
launch() {
    sock="shipshape-live-$$-$1"
    shift
    tm new-session -d -x 200 -y 50 "$*"
    pid=$(tm display-message -p '#{pane_pid}')
}

# Measures the window for the process `pid`: sets own, extra (percent of a core) and rss.
measure() {
    local pids e0 s0 e1 s1
    pids=$(engine_pids)
    e0=$(ticks $pids)
    s0=$(ticks "$pid")
    sleep "$window"
    s1=$(ticks "$pid")
    e1=$(ticks $pids)
    own=$(percent $((s1 - s0)) "$window")
    extra=$(percent $((e1 - e0 - idle)) "$window")
    rss=$(hwm_mb "$pid")
}

# shipshape: first frame, full view, then the window.
start=$(now_ms)
launch 1 "exec $bin --no-kube"
first=""
full=""
while [[ -z $full ]]; do
    screen=$(tm capture-pane -p 2>/dev/null || true)
    if [[ -z $first && $screen == *shipshape* ]]; then first=$(( $(now_ms) - start )); fi
    if [[ $screen == *" $total workloads"* ]]; then full=$(( $(now_ms) - start )); fi
    (( $(now_ms) - start > 60000 )) && die "shipshape did not show $total workloads within 60 s"
    sleep 0.005
done
measure
ship_own=$own ship_extra=$extra ship_rss=$rss
tm send-keys q

# The other command, same geometry, same window.
launch 2 "exec $compare"
sleep 3   # its first samples
measure
other_own=$own other_extra=$extra other_rss=$rss

printf '\n%s containers running, window %s s, %s, %s\n' "$running" "$window" \
    "$(nproc) cores" "$(docker version -f 'Docker {{.Server.Version}}' 2>/dev/null)"
printf 'engine idle (dockerd + containerd + shims): %s%% of a core\n' "$(percent "$idle" "$window")"
printf '%-22s %10s %16s %10s\n' "command" "own CPU" "extra engine CPU" "peak RSS"
printf '%-22s %9s%% %15s%% %7s MB\n' "shipshape" "$ship_own" "$ship_extra" "$ship_rss"
printf '%-22s %9s%% %15s%% %7s MB\n' "$compare" "$other_own" "$other_extra" "$other_rss"
printf 'shipshape: first frame %s ms, all %s containers with risk %s ms\n' "$first" "$total" "$full"
awk -v a="$ship_extra" -v b="$other_extra" 'BEGIN {
    if (b > 0) printf "engine load ratio shipshape / %s: %.2f\n", "other", a / b }'
