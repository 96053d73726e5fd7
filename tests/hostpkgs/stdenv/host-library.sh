# Builder of a derivation wrapping host libraries: links the matching files of the
# host's library directories into $lib/lib (or $out/lib) and headers into $dev/include.
set -eu
export PATH=/usr/bin:/bin
libOut="${lib:-$out}"
devOut="${dev:-$out}"
mkdir -p "$out" "$libOut/lib" "$devOut/include"
for pattern in $libraries; do
  matched=""
  for dir in $libDirs; do
    for f in "$dir"/$pattern; do
      [ -e "$f" ] || continue
      matched=1
      name="$(basename "$f")"
      [ -e "$libOut/lib/$name" ] || ln -s "$f" "$libOut/lib/$name"
    done
  done
  if [ -z "$matched" ]; then
    echo "hostpkgs: no host library matches '$pattern' for $name_; run tests/hostpkgs/host-deps.sh" >&2
    exit 1
  fi
done
for header in $headers; do
  if [ ! -e "/usr/include/$header" ]; then
    echo "hostpkgs: header /usr/include/$header is missing for $name_; run tests/hostpkgs/host-deps.sh" >&2
    exit 1
  fi
  mkdir -p "$devOut/include/$(dirname "$header")"
  ln -s "/usr/include/$header" "$devOut/include/$header"
done
if [ -n "$versionCommand" ]; then
  actual="$(eval "$versionCommand")"
  if [ "$actual" != "$version" ]; then
    echo "hostpkgs: host $name_ is $actual but tests/hostpkgs/host.json says $version; run tests/hostpkgs/host-deps.sh --write" >&2
    exit 1
  fi
fi
