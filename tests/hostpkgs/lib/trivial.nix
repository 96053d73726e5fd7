# Mirrors nixpkgs lib/trivial.nix (the subset mach-nix uses).
{ lib }:
rec {
  id = x: x;
  const = x: _: x;
  flip = f: a: b: f b a;
  pipe = builtins.foldl' (x: f: f x);
  concat = a: b: a ++ b;
  or = a: b: a || b;
  and = a: b: a && b;
  boolToString = b: if b then "true" else "false";
  mergeAttrs = a: b: a // b;
  isFunction = f: builtins.isFunction f || (f ? __functor);
  functionArgs = f:
    if f ? __functor then f.__functionArgs or (functionArgs (f.__functor f))
    else builtins.functionArgs f;
  setFunctionArgs = f: args: { __functor = _: f; __functionArgs = args; };
  warn = msg: builtins.trace "[1;31mwarning: ${msg}[0m";
  warnIf = cond: msg: if cond then warn msg else id;
  throwIf = cond: msg: if cond then throw msg else id;
  throwIfNot = cond: msg: if cond then id else throw msg;
  inherit (builtins) seq deepSeq;
  version = "26.05-hostpkgs";
  release = "26.05";
  oldestSupportedRelease = 2505;
  isInOldestRelease = _: true;
  importJSON = path: builtins.fromJSON (builtins.readFile path);
  min = a: b: if a < b then a else b;
  max = a: b: if a > b then a else b;
  mod = a: b: a - (a / b) * b;
}
