{
  description = "The Python packaging rodeo: tensorflow, cartopy and xgcm in one environment";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    mach-nix.url = "github:DavHau/mach-nix";
    mach-nix.inputs.nixpkgs.follows = "nixpkgs";
  };

  outputs = { self, nixpkgs, mach-nix }:
    let
      systems = builtins.filter (s: nixpkgs.legacyPackages ? ${s}) [ "x86_64-linux" "aarch64-linux" ];
      forAllSystems = f: builtins.listToAttrs (map (system: { name = system; value = f nixpkgs.legacyPackages.${system}; }) systems);
      requirements = ''
        tensorflow
        cartopy
        xgcm
      '';
    in
    {
      packages = forAllSystems (pkgs: {
        # Binary wheels wherever PyPI has them.
        default = mach-nix.lib.mkPython { inherit pkgs requirements; };
        # The geometry stack's native part built from source against
        # nixpkgs' GEOS and PROJ (the fixes live in mach-nix's overrides/).
        sdist = mach-nix.lib.mkPython {
          inherit pkgs requirements;
          providers = { shapely = "sdist"; pyproj = "sdist"; };
        };
      });
    };
}
