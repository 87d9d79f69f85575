#!/usr/bin/env bash
# Installs what cxtrace needs to build and test on Debian 12, then configures and builds
# build/. Safe to run again: it installs only what is missing and then only rebuilds.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ meson ninja-build pkg-config python3
  libcli11-dev libfmt-dev libspdlog-dev catch2 libre2-dev libunwind-dev
  strace groff-base bash bash-completion zsh fish jq
  # The fuzz build (tests/fuzz): clang and its runtimes (libFuzzer, ASan, UBSan). The gcc
  # sanitizer build needs nothing more: g++ brings libasan and libubsan.
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${cmd[@]}"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive "${cmd[@]}"
  else
    echo "bootstrap: these packages are missing; install them as root, then run this again:" >&2
    echo "  apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

if [ ! -f build/build.ninja ]; then
  meson setup build ${CXTRACE_MESON_ARGS:-}
fi
meson compile -C build
