#!/usr/bin/env bash
# Installs the Debian packages hostpkgs wraps and checks that tests/hostpkgs/host.json
# (the versions hostpkgs reports at evaluation time) matches this host.
# Usage: tests/hostpkgs/host-deps.sh [--write]   (--write updates host.json)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
packages=(
  nix-bin python3.11 python3.11-venv bash coreutils findutils sed grep gawk tar gzip bzip2 xz-utils
  diffutils patch make file curl ca-certificates unzip zip patchelf binutils gcc g++
  libc6 libstdc++6 libgcc-s1 libgfortran5
  zlib1g-dev libgeos-dev libproj-dev libssl-dev libffi-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
upstream() { dpkg-query -W -f='${Version}' "$1" | sed -E 's/^[0-9]+://; s/[-+~].*$//; s/\.dfsg.*$//'; }
actual="$(/usr/bin/python3 - "$(upstream libc6)" "$(/usr/bin/python3.11 -c 'import platform; print(platform.python_version())')" \
  "$(upstream gcc-12 2>/dev/null || gcc -dumpfullversion)" "$(nix --version | sed -E 's/.* ([0-9.]+)$/\1/')" "$(upstream zlib1g-dev)" "$(upstream libgeos-dev)" \
  "$(upstream libproj-dev)" "$(upstream libssl-dev)" "$(upstream libffi-dev)" <<'PY'
import json, sys
glibc, py, gcc, nix, zlib, geos, proj, openssl, libffi = sys.argv[1:]
print(json.dumps({"glibc": glibc, "python311": py, "gcc": gcc, "nix": nix,
                  "libraries": {"zlib": zlib, "geos": geos, "proj": proj,
                                "openssl": openssl, "libffi": libffi}}, indent=2))
PY
)"
if [ "${1:-}" = --write ]; then
  printf '%s\n' "$actual" > "$here/host.json.tmp" && mv "$here/host.json.tmp" "$here/host.json"
elif ! diff <(printf '%s\n' "$actual") "$here/host.json"; then
  echo "tests/hostpkgs/host.json does not describe this host; rerun with --write" >&2
  exit 1
fi
