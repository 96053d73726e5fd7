# The `lib` subset of nixpkgs that hostpkgs offers; one file per concern, as in
# nixpkgs/lib. Every function follows the nixpkgs function of the same name.
# The module system comes from ../modules (lib/modules.nix, options.nix, types.nix).
let
  lib = builtins.foldl' (acc: f: acc // f) { } (map (file: import file { inherit lib; }) [
    ./trivial.nix
    ./fixed-points.nix
    ./lists.nix
    ./attrsets.nix
    ./strings.nix
    ./versions.nix
    ./customisation.nix
    ./meta.nix
    ./sources.nix
  ])
  # The module system (evalModules, mkOption, types, ...) lives in ../modules.
  // import ../modules { inherit lib; }
  // {
    trivial = import ./trivial.nix { inherit lib; };
    lists = import ./lists.nix { inherit lib; };
    attrsets = import ./attrsets.nix { inherit lib; };
    strings = import ./strings.nix { inherit lib; };
    versions = import ./versions.nix { inherit lib; };
    customisation = import ./customisation.nix { inherit lib; };
    fixedPoints = import ./fixed-points.nix { inherit lib; };
    sources = import ./sources.nix { inherit lib; };
    systems = import ./systems.nix { inherit lib; };
  };
in
lib
