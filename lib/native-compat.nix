# Source builds that need a newer native library than the package set has:
# overrides/native-compat.json says, per package, from which release on it
# needs at least which version of a nixpkgs library. When the package will
# be built from source (its provider order puts sdist before wheel) and the
# package set's library is older, the resolver gets the constraint
# `<package><from`, so it picks a release that builds; a wheel bundles its
# own copy and needs no such constraint.
#
# -> list of PEP 508 constraint lines, each with a comment saying why.
{ pkgs, providerOrders, data }:
let
  names = import ./names.nix;
  attrPath = import ./attr-path.nix pkgs;
  words = order: builtins.filter (w: w != "") (builtins.filter builtins.isString (builtins.split "," order));
  firstOf = candidates: order:
    let found = builtins.filter (w: builtins.elem w candidates) (words order);
    in if found == [ ] then null else builtins.head found;
  orderOf = package: providerOrders.${package} or providerOrders._default or "wheel,sdist,nixpkgs";
  fromSource = package: firstOf [ "wheel" "sdist" ] (orderOf package) == "sdist";

  constraint = entry:
    let
      package = names.canonical entry.package;
      native = attrPath "overrides/native-compat.json" entry.native;
    in
    if fromSource package && builtins.compareVersions native.version entry.native-min < 0
    then [ "${package}<${entry.from}  # ${entry.native} ${native.version} < ${entry.native-min} (overrides/native-compat.json)" ]
    else [ ];
in
builtins.concatMap constraint data.entries
