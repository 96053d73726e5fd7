{
  description = "hostpkgs: a nixpkgs-shaped package set over this host's tools, for offline tests of mach-nix";

  outputs = { self }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forSystems = f: builtins.listToAttrs (map (system: { name = system; value = f system; }) systems);
    in
    {
      lib = import ./lib;
      legacyPackages = forSystems (system: import ./. { inherit system; });
    };
}
