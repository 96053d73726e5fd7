# Mirrors nixpkgs pkgs/development/interpreters/python/manylinux/default.nix:
# per policy, a list of derivations whose lib/ holds the libraries the policy allows.
{ lib, runCommand, glibc, stdenv }:
let
  # A symlink tree of the named libraries found in the given derivations' lib/;
  # fails on a missing one, as nixpkgs' manylinuxPackage does.
  libraryTree = name: libs: providers:
    runCommand "manylinux-${name}" { inherit libs providers; } ''
      mkdir -p "$out/lib"
      for l in $libs; do
        found=""
        for p in $providers; do
          if [ -e "$p/lib/$l" ]; then ln -s "$p/lib/$l" "$out/lib/$l"; found=1; break; fi
        done
        if [ -z "$found" ]; then
          echo "manylinux: library $l not found in: $providers" >&2
          exit 1
        fi
      done
    '';
  glibcLibs = [ "libc.so.6" "libm.so.6" "libdl.so.2" "librt.so.1" "libnsl.so.1" "libutil.so.1"
                "libpthread.so.0" "libresolv.so.2" ];
  gccLibs = [ "libstdc++.so.6" "libgcc_s.so.1" ];
  policy2014 = [
    (libraryTree "glibc" glibcLibs [ glibc ])
    (libraryTree "gcc" gccLibs [ stdenv.cc.cc.lib ])
  ];
in
{
  manylinux2014 = policy2014;
  manylinux2010 = policy2014;
  manylinux1 = policy2014;
}
