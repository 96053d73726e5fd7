# Derivations exposing single host programs under the nixpkgs attribute names
# (unzip, patchelf, ...), with the setup hooks nixpkgs gives them.
{ lib, system }:
{ pname, version ? "host", programs, setupHook ? null }:
let
  drv = derivation ({
    name = "${pname}-${version}";
    inherit system programs;
    builder = "/bin/bash";
    args = [ "-c" ''
      set -eu
      /bin/mkdir -p $out/bin
      for p in $programs; do
        if [ ! -x /usr/bin/$p ]; then echo "hostpkgs: /usr/bin/$p is missing; run tests/hostpkgs/host-deps.sh" >&2; exit 1; fi
        /bin/ln -s /usr/bin/$p $out/bin/$p
      done
      if [ -n "$hook" ]; then /bin/mkdir -p $out/nix-support && /bin/cp $hook $out/nix-support/setup-hook; fi
    '' ];
    hook = if setupHook == null then "" else setupHook;
  });
in
lib.extendDerivation true { inherit pname version; meta.mainProgram = builtins.head programs; } drv
