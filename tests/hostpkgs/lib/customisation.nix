# Mirrors nixpkgs lib/customisation.nix: override machinery and package scopes.
{ lib }:
rec {
  makeOverridable = f:
    let
      wrapped = origArgs:
        let
          result = f origArgs;
          overrideWith = newArgs: origArgs // (if lib.isFunction newArgs then newArgs origArgs else newArgs);
          overrideResult = g: makeOverridable (args: g (f args)) origArgs;
        in
        if builtins.isAttrs result then
          result // {
            override = newArgs: makeOverridable f (overrideWith newArgs);
            overrideDerivation = fdrv: overrideResult (x: overrideDerivation x fdrv);
          } // lib.optionalAttrs (result ? overrideAttrs) {
            overrideAttrs = fdrv: overrideResult (x: x.overrideAttrs fdrv);
          }
        else if lib.isFunction result then
          lib.setFunctionArgs result (lib.functionArgs result) // {
            override = newArgs: makeOverridable f (overrideWith newArgs);
          }
        else result;
    in
    if builtins.isAttrs f && !(f ? __functor) then f
    else lib.setFunctionArgs wrapped (lib.functionArgs f);

  # Re-runs the derivation with edited low-level attributes; kept for old callers.
  overrideDerivation = drv: f:
    let newDrv = derivation (drv.drvAttrs // (f drv)); in
    newDrv // { meta = drv.meta or { }; passthru = drv.passthru or { }; };

  callPackageWith = autoArgs: fn: args:
    let
      f = if lib.isFunction fn then fn else import fn;
      fargs = lib.functionArgs f;
      allArgs = builtins.intersectAttrs fargs autoArgs // args;
      missing = builtins.filter (n: !(fargs.${n}) && !(allArgs ? ${n})) (builtins.attrNames fargs);
    in
    if missing != [ ] then
      throw "Function called without required argument \"${builtins.head missing}\" (hostpkgs callPackage)"
    else makeOverridable f allArgs;

  callPackagesWith = autoArgs: fn: args:
    let
      f = if lib.isFunction fn then fn else import fn;
      auto = builtins.intersectAttrs (lib.functionArgs f) autoArgs;
      origArgs = auto // args;
      pkgs = f origArgs;
      mkAttrOverridable = name: _: makeOverridable (newArgs: (f newArgs).${name}) origArgs;
    in
    if lib.isDerivation pkgs then throw "callPackages: function returned a derivation; use callPackage"
    else builtins.mapAttrs mkAttrOverridable pkgs;

  # Adds passthru to a derivation and guards every output behind `condition`,
  # so an invalid package throws only when something uses it (as nixpkgs does).
  extendDerivation = condition: passthru: drv:
    let
      outputs = drv.outputs or [ "out" ];
      commonAttrs = drv // passthru // builtins.listToAttrs (map (o: { name = o; value = outputToAttrListElement o; }) outputs)
        // { all = map (o: (outputToAttrListElement o)) outputs; };
      outputToAttrListElement = outputName:
        drv.${outputName} // passthru // {
          drvPath = assert condition; drv.${outputName}.drvPath;
          outPath = assert condition; drv.${outputName}.outPath;
        };
    in
    commonAttrs // {
      drvPath = assert condition; drv.drvPath;
      outPath = assert condition; drv.outPath;
    };

  hydraJob = drv: drv;

  makeScope = newScope: f:
    let
      self = f self // {
        newScope = scope: newScope (self // scope);
        callPackage = self.newScope { };
        overrideScope = g: makeScope newScope (lib.extends g f);
        packages = f;
      };
    in
    self;
}
