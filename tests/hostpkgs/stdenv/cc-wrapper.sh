# Builder of stdenv.cc: the host compiler and binutils behind the attributes and
# nix-support files of nixpkgs' cc-wrapper and bintools-wrapper.
set -eu
export PATH=/usr/bin:/bin
mkdir -p "$out/bin" "$out/nix-support"
for tool in $tools; do
  if [ ! -x "/usr/bin/$tool" ]; then
    echo "hostpkgs: /usr/bin/$tool is missing; run tests/hostpkgs/host-deps.sh" >&2
    exit 1
  fi
  ln -s "/usr/bin/$tool" "$out/bin/$tool"
done
ln -s gcc "$out/bin/cc"
ln -s g++ "$out/bin/c++"
echo "$dynamicLinker" > "$out/nix-support/dynamic-linker"
echo "$libc" > "$out/nix-support/orig-libc"
echo "$libc" > "$out/nix-support/orig-libc-dev"
cat > "$out/nix-support/setup-hook" <<HOOK
export NIX_CC=$out
export NIX_BINTOOLS=$out
export CC=cc CXX=c++ LD=ld AR=ar NM=nm RANLIB=ranlib STRIP=strip OBJCOPY=objcopy
HOOK
