#!/usr/bin/env bash
# Installs everything mach-nix's tests and examples need on a fresh Debian
# machine: Nix 2.8 (Debian's nix-bin), patchelf, the host libraries
# tests/hostpkgs wraps, and the Python package with its test dependencies.
# Idempotent: a second run installs nothing new.
set -euo pipefail
cd "$(dirname "$0")/.."

# Nix first (hostpkgs' own script needs apt lists too); then the Debian
# packages tests/hostpkgs wraps, installed and checked by its own script.
if ! command -v nix >/dev/null 2>&1 || ! command -v patchelf >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
  echo "setup: apt-get install nix-bin patchelf curl" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nix-bin patchelf curl >/dev/null
fi
bash tests/hostpkgs/host-deps.sh

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
