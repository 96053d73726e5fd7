# `import ./tests/hostpkgs { }` gives the package set, like `import <nixpkgs> { }`.
{ system ? builtins.currentSystem, overlays ? [ ], config ? { }, ... }:
import ./top-level.nix { inherit system overlays config; }
