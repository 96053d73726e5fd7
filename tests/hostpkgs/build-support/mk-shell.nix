# Mirrors nixpkgs pkgs/build-support/mkshell/default.nix: a derivation for
# `nix develop`/`nix-shell` whose inputs are `packages` plus those of `inputsFrom`;
# building it records the environment so `nix build` also works.
{ lib, stdenv }:
{ name ? "nix-shell", packages ? [ ], inputsFrom ? [ ], buildInputs ? [ ], nativeBuildInputs ? [ ],
  propagatedBuildInputs ? [ ], propagatedNativeBuildInputs ? [ ], shellHook ? "", ... }@attrs:
let
  mergeInputs = attr:
    (attrs.${attr} or [ ])
    ++ lib.subtractLists inputsFrom (lib.concatMap (drv: drv.${attr} or [ ]) inputsFrom);
  rest = builtins.removeAttrs attrs [ "name" "packages" "inputsFrom" "buildInputs" "nativeBuildInputs"
    "propagatedBuildInputs" "propagatedNativeBuildInputs" "shellHook" ];
in
stdenv.mkDerivation ({
  inherit name;
  buildInputs = mergeInputs "buildInputs";
  nativeBuildInputs = packages ++ mergeInputs "nativeBuildInputs";
  propagatedBuildInputs = mergeInputs "propagatedBuildInputs";
  propagatedNativeBuildInputs = mergeInputs "propagatedNativeBuildInputs";
  shellHook = lib.concatStringsSep "\n" (lib.catAttrs "shellHook" (lib.reverseList inputsFrom ++ [ attrs ]));
  phases = [ "buildPhase" ];
  buildPhase = ''
    { echo "------------------------------------------------------------";
      echo " WARNING: the existence of this path is not guaranteed.";
      echo " It is an internal implementation detail for pkgs.mkShell.";
      echo "------------------------------------------------------------";
      echo;
      export;
    } >> "$out"
  '';
  preferLocalBuild = true;
} // rest)
