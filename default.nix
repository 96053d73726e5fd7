# mach-nix without flakes:
#   (import ./. { inherit pkgs; }).mkPython { requirements = "requests"; }
{ pkgs ? import <nixpkgs> { } }:
builtins.mapAttrs
  (name: f: if name == "mkOverlay" then f else args: f ({ inherit pkgs; } // args))
  (import ./lib)
