#!/bin/sh
# install-deps.sh - install the Debian packages axon needs, if missing.
#
#   scripts/install-deps.sh          build + test packages
#   scripts/install-deps.sh --bench  also the peer simulator for benchmarks (Brian2)
#   scripts/install-deps.sh --fuzz   also clang, its fuzzer runtime and OpenMP runtime
#
# As root it runs apt-get; otherwise it prints the command to run.  It
# fetches nothing else from the network.
set -eu

need="gcc make libc6-dev libcriterion-dev librandom123-dev libcairo2-dev libgif-dev libzip-dev libfftw3-dev liblapack-dev libgccjit-12-dev pkg-config
      python3 python3-dev python3-numpy python3-scipy python3-pytest python3-pynn python3-neo python3-quantities python3-pyspike
      python3-sklearn python3-matplotlib libopenmpi-dev openmpi-bin"
case "${1:-}" in
    --bench) need="$need python3-brian python3-numpy python3-scipy python3-dev g++" ;;
    --fuzz) need="$need clang libclang-rt-14-dev libomp-dev" ;;
esac

missing=""
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "install-deps: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing >/dev/null
else
    echo "install-deps: missing Debian packages:$missing" >&2
    echo "install-deps: run as root:  apt-get install -y$missing" >&2
    exit 1
fi
