# Mirrors nixpkgs lib/fixed-points.nix.
{ lib }:
rec {
  fix = f: let x = f x; in x;
  extends = overlay: f: final: let prev = f final; in prev // overlay final prev;
  composeExtensions = f: g: final: prev:
    let fApplied = f final prev; in fApplied // g final (prev // fApplied);
  composeManyExtensions = builtins.foldl' composeExtensions (_: _: { });
  makeExtensible = makeExtensibleWithCustomName "extend";
  makeExtensibleWithCustomName = extenderName: rattrs:
    fix (self: rattrs self // {
      ${extenderName} = f: makeExtensibleWithCustomName extenderName (extends f rattrs);
    });
  toExtension = f:
    if lib.isFunction f then final: prev:
      let fPrev = f prev; in if lib.isFunction fPrev then f final prev else fPrev
    else _: _: f;
}
