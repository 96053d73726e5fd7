# Builder of a derivation wrapping a host library: links the matching files of the
# host's library directories into $lib/lib (or $out/lib), headers into
# $dev/include (or $out/include), programs into $out/bin and data into $out/share.
set -eu
export PATH=/usr/bin:/bin
libOut="${lib:-$out}"
devOut="${dev:-$out}"
mkdir -p "$out" "$libOut/lib" "$devOut/include"
missing() {
  echo "hostpkgs: $1 is missing for $name_; run tests/hostpkgs/host-deps.sh" >&2
  exit 1
}
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
  [ -n "$matched" ] || missing "a library matching '$pattern'"
done
for header in $headers; do
  found=""
  for dir in $includeDirs; do
    if [ -d "$dir/$header" ]; then
      mkdir -p "$devOut/include/$header"
      cp -rsn "$dir/$header/." "$devOut/include/$header/"
      found=1
    elif [ -e "$dir/$header" ] && [ ! -e "$devOut/include/$header" ]; then
      ln -s "$dir/$header" "$devOut/include/$header"
      found=1
    fi
  done
  [ -n "$found" ] || missing "header $header"
done
for program in $programs; do
  [ -x "/usr/bin/$program" ] || missing "/usr/bin/$program"
  mkdir -p "$out/bin"
  ln -s "/usr/bin/$program" "$out/bin/$program"
done
for data in $share; do
  [ -e "/usr/share/$data" ] || missing "/usr/share/$data"
  mkdir -p "$out/share"
  ln -s "/usr/share/$data" "$out/share/$data"
done
if [ -n "$versionCommand" ]; then
  actual="$(eval "$versionCommand")"
  if [ "$actual" != "$version" ]; then
    echo "hostpkgs: host $name_ is $actual but tests/hostpkgs/host.json says $version; run tests/hostpkgs/host-deps.sh --write" >&2
    exit 1
  fi
fi
