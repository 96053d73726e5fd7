# Ties the package set's knot with the overlays, as nixpkgs' pkgs/top-level/stage.nix
# does: base set first, then each overlay `final: prev:` in order.
{ system, overlays, config }:
let
  lib = import ./lib;
  base = import ./all-packages.nix {
    inherit lib system;
    hostInfo = lib.importJSON ./host.json;
    pins = lib.importJSON ./pins.json;
  };
  withOverlays = extraOverlays:
    let
      allOverlays = overlays ++ extraOverlays;
      pkgs = lib.fix (builtins.foldl' (f: o: lib.extends o f) (final: base final { }) allOverlays);
    in
    pkgs // {
      config = pkgs.config // config;
      overlays = allOverlays;
      extend = o: (withOverlays (extraOverlays ++ [ o ]));
      appendOverlays = os: withOverlays (extraOverlays ++ os);
    };
in
withOverlays [ ]
