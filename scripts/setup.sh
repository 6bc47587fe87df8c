#!/usr/bin/env bash
# Installs every Debian package vdsoconf needs on a Debian 12 machine. Idempotent: when all of
# them are present it changes nothing and does not touch the network. Kernel material (linux-source
# tarballs, Debian's kernel packages) is not installed here: `vdsoconf kernels` fetches it on
# demand into its own cache through a private apt configuration.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ pkg-config git
  # libraries found by CMake
  libgtest-dev libgmock-dev nlohmann-json3-dev libcli11-dev libarchive-dev libbpf-dev libelf-dev
  zlib1g-dev
  # fuzzing
  clang-14 libfuzzer-14-dev libclang-rt-14-dev
  # building kernels from linux-source, reading BTF
  make bc flex bison libssl-dev dwarves cpio xz-utils gzip
  # private apt for foreign suites (apt-get itself), dpkg-deb for .deb unpacking
  apt dpkg
  # report checks: HTML rendering, JUnit XSD validation, KCIDB JSON schema validation
  chromium libxml2-utils python3-jsonschema
)

# Each architecture's own packages (cross toolchain, QEMU): targets/<arch>/debian-packages.txt,
# one package a line, # comments.
for list in "$(dirname "$0")"/../targets/*/debian-packages.txt; do
  mapfile -t arch_packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$list" | grep -v '^$')
  packages+=("${arch_packages[@]}")
done

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "setup: done"
