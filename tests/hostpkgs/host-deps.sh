#!/usr/bin/env bash
# Installs the Debian packages hostpkgs wraps and checks that tests/hostpkgs/host.json
# (the versions hostpkgs reports at evaluation time) matches this host.
# Usage: tests/hostpkgs/host-deps.sh [--write]   (--write updates host.json)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Tools and base libraries; the wrapped libraries' packages come from libraries.json.
packages=(
  nix-bin python3.11 python3.11-venv bash coreutils findutils sed grep gawk tar gzip bzip2 xz-utils
  diffutils patch make file curl ca-certificates unzip zip patchelf binutils gcc g++
  libc6 libstdc++6 libgcc-s1 libgfortran5 proj-data proj-bin ninja-build
)
mapfile -t library_packages < <(/usr/bin/python3 -c '
import json, sys
for spec in json.load(open(sys.argv[1])).values():
    print(spec["debian"])
' "$here/libraries.json")
packages+=("${library_packages[@]}")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
actual="$(/usr/bin/python3 - "$here/libraries.json" <<'PY'
import json, re, subprocess, sys

def upstream(package: str) -> str:
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                             capture_output=True, text=True, check=True).stdout
    version = re.sub(r"^[0-9]+:", "", version)
    return re.split(r"[-+~]|\.dfsg", version)[0]

def command(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout

libraries = json.load(open(sys.argv[1]))
print(json.dumps({
    "glibc": upstream("libc6"),
    "python311": command("/usr/bin/python3.11", "-c",
                         "import platform; print(platform.python_version())").strip(),
    "gcc": command("gcc", "-dumpfullversion").strip(),
    "nix": command("nix", "--version").split()[-1],
    "libraries": {name: upstream(spec["debian"]) for name, spec in libraries.items()},
}, indent=2))
PY
)"
if [ "${1:-}" = --write ]; then
  printf '%s\n' "$actual" > "$here/host.json.tmp" && mv "$here/host.json.tmp" "$here/host.json"
elif ! diff <(printf '%s\n' "$actual") "$here/host.json"; then
  echo "tests/hostpkgs/host.json does not describe this host; rerun with --write" >&2
  exit 1
fi
