# Composition of package-set extensions (`self: super: { ... }`), as nixpkgs'
# lib.composeExtensions defines it, in builtins so the library needs no lib.
let
  compose = f: g: self: super:
    let
      fApplied = f self super;
      super' = super // fApplied;
    in
    fApplied // g self super';
in
{
  inherit compose;
  composeMany = builtins.foldl' compose (_: _: { });
}
