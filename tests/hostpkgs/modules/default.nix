# A NixOS-style module system from builtins alone, following nixpkgs'
# lib/modules.nix, lib/options.nix and lib/types.nix for what mach-nix's
# NixOS module and its tests use (see ../README.md for the list).
#
# `lib`: the library handed to modules as their `lib` argument; this
# module system's own functions are added to it. Hostpkgs passes its lib.
{ lib ? { } }:
let
  h = import ./helpers.nix;
  ms =
    import ./properties.nix { inherit h; }
    // import ./options.nix { inherit h; inherit (ms) types; }
    // import ./types.nix { inherit h ms; }
    // import ./modules.nix { inherit h ms; }
    // {
      inherit (h) showOption showFiles;
      # What modules see as `lib` (`lib.types`, `lib.mkIf`, ... and the caller's lib).
      moduleLib = lib // exported;
    };
  exported = {
    inherit (ms)
      evalModules
      mkOption
      mkEnableOption
      mkPackageOption
      literalExpression
      literalMD
      isOption
      mkIf
      mkMerge
      mkOverride
      mkOptionDefault
      mkDefault
      mkForce
      mkVMOverride
      mkOrder
      mkBefore
      mkAfter
      defaultOverridePriority
      mergeDefinitions
      mergeEqualOption
      mergeOneOption
      mergeUniqueOption
      mergeDefaultOption
      getValues
      getFiles
      showDefs
      showOption
      showFiles
      mkOptionType
      isOptionType
      types
      ;
  };
in
exported
