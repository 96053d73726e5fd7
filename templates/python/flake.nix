{
  description = "A Python environment built by mach-nix";

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
      # The requirements, one per line as in requirements.txt.
      requirements = builtins.readFile ./requirements.txt;
    in
    {
      packages = forAllSystems (pkgs: {
        default = mach-nix.lib.mkPython { inherit pkgs requirements; };
      });
      devShells = forAllSystems (pkgs: {
        default = mach-nix.lib.mkPythonShell { inherit pkgs requirements; };
      });
    };
}
