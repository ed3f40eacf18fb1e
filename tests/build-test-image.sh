#!/usr/bin/env bash
# Builds shipshape-test:1, the image the engine tests run, without pulling anything: a root
# filesystem holding only a static busybox (Debian's busybox-static) and one symlink per applet,
# loaded with `docker import`.
#
# Usage: tests/build-test-image.sh [--force]
# An existing image is kept unless --force is given, so running it again is harmless.
set -euo pipefail

image=shipshape-test:1

die() {
    printf 'build-test-image.sh: %s\n' "$*" >&2
    exit 1
}

force=false
case "${1:-}" in
    --force) force=true ;;
    "") ;;
    *) die "usage: $0 [--force]" ;;
esac

command -v docker >/dev/null || die "the docker CLI is not installed (tests/run.sh installs docker.io)"
if ! $force && docker image inspect "$image" >/dev/null 2>&1; then
    echo "$image is present"
    exit 0
fi

busybox=/usr/bin/busybox
[[ -x $busybox ]] || busybox=/bin/busybox
[[ -x $busybox ]] || die "no busybox found; install it: apt-get install busybox-static"
# The image has no C library, so a dynamically linked busybox (Debian's `busybox`) cannot run.
ldd_says=$(ldd "$busybox" 2>&1 || true)
if ! grep -qE 'not a dynamic executable|statically linked' <<<"$ldd_says"; then
    die "$busybox is dynamically linked; install the static one: apt-get install busybox-static"
fi

rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
chmod 0755 "$rootfs"
mkdir -m 0755 "$rootfs/bin"
cp "$busybox" "$rootfs/bin/busybox"
for applet in $("$busybox" --list); do
    [[ $applet == busybox ]] || ln -s busybox "$rootfs/bin/$applet"
done

tar -C "$rootfs" -c . | docker import -c 'CMD ["/bin/sh"]' - "$image" >/dev/null
docker image inspect "$image" >/dev/null || die "docker import ran but $image is not there"
echo "built $image from $busybox ($("$busybox" --list | wc -l) applets)"
