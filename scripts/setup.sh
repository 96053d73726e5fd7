#!/usr/bin/env bash
# Installs everything mach-nix's tests and examples need on a fresh Debian
# machine: Nix 2.8 (Debian's nix-bin), patchelf, the host libraries
# tests/hostpkgs wraps, and the Python package with its test dependencies.
# Idempotent: a second run installs nothing new.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v nix >/dev/null 2>&1 || need_apt+=(nix-bin)
command -v patchelf >/dev/null 2>&1 || need_apt+=(patchelf)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
if [ -f tests/hostpkgs/host-deps.sh ]; then
  # shellcheck disable=SC1091
  mapfile -t host_deps < <(bash tests/hostpkgs/host-deps.sh --list)
  for p in "${host_deps[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || need_apt+=("$p")
  done
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
