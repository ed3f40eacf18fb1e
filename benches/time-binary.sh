#!/usr/bin/env bash
# Times the real binary against the real engine: `shipshape report` end to end (connect,
# list, inspect, one usage sample), and its peak memory. Start some containers first to make the
# numbers meaningful, e.g. benches/time-binary.sh 50 (starts N idle test containers, removes them).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-0}
cargo build --release -q
bin=target/release/shipshape
cleanup() { docker ps -aq --filter label=shipshape.bench=1 | xargs -r docker rm -f >/dev/null; }
trap cleanup EXIT
for i in $(seq 1 "$n"); do
  docker run -d --label shipshape.bench=1 shipshape-test:1 sleep 3600 >/dev/null
done
echo "containers on the engine: $(docker ps -aq | wc -l)"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs 5 "$bin report --format json --no-kube"
else
  for run in 1 2 3; do
    /usr/bin/time -f "run $run: %e s wall, %M KiB max RSS" "$bin" report --format json --no-kube >/dev/null
  done
fi
/usr/bin/time -f "peak memory: %M KiB" "$bin" report --format json --no-kube >/dev/null
