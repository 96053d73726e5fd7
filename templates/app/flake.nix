{
  description = "A Python application built by mach-nix";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    mach-nix.url = "github:DavHau/mach-nix";
    mach-nix.inputs.nixpkgs.follows = "nixpkgs";
  };

  outputs = { self, nixpkgs, mach-nix }:
    let
      systems = builtins.filter (s: nixpkgs.legacyPackages ? ${s})
        [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      forAllSystems = f: builtins.listToAttrs (map (system: { name = system; value = f nixpkgs.legacyPackages.${system}; }) systems);
    in
    {
      # Name, version and dependencies come from pyproject.toml.
      packages = forAllSystems (pkgs: {
        default = mach-nix.lib.buildPythonApplication { inherit pkgs; src = ./.; };
      });
      devShells = forAllSystems (pkgs: {
        default = mach-nix.lib.mkPythonShell {
          inherit pkgs;
          packagesExtra = [ ./. ];
        };
      });
    };
}
