# Mirrors nixpkgs python/with-packages.nix.
{ buildEnv, pythonPackages }:
f: buildEnv.override { extraLibs = f pythonPackages; }
