# Builder of hostpkgs' initial PATH: links the named host programs into $out/bin,
# so builds see these tools and nothing else of the host (no python, no pip).
set -eu
/bin/mkdir -p "$out/bin"
for tool in $tools; do
  found=""
  for dir in /usr/bin /bin /usr/sbin /sbin; do
    if [ -x "$dir/$tool" ]; then found="$dir/$tool"; break; fi
  done
  if [ -z "$found" ]; then
    echo "hostpkgs: host program '$tool' is missing; run tests/hostpkgs/host-deps.sh" >&2
    exit 1
  fi
  /bin/ln -s "$found" "$out/bin/$tool"
done
