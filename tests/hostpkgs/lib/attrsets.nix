# Mirrors nixpkgs lib/attrsets.nix (subset).
{ lib }:
let inherit (builtins) attrNames listToAttrs hasAttr getAttr isAttrs length head tail filter;
in rec {
  inherit (builtins) attrNames attrValues hasAttr getAttr mapAttrs listToAttrs removeAttrs
    intersectAttrs catAttrs zipAttrsWith;
  nameValuePair = name: value: { inherit name value; };
  attrByPath = attrPath: default: set:
    if attrPath == [ ] then set
    else let n = head attrPath; in
      if set ? ${n} then attrByPath (tail attrPath) default set.${n} else default;
  hasAttrByPath = attrPath: set:
    attrPath == [ ] || (let n = head attrPath; in isAttrs set && set ? ${n} && hasAttrByPath (tail attrPath) set.${n});
  getAttrFromPath = attrPath: set:
    let missing = throw "cannot find attribute `${lib.concatStringsSep "." attrPath}'";
    in attrByPath attrPath missing set;
  setAttrByPath = attrPath: value:
    if attrPath == [ ] then value else { ${head attrPath} = setAttrByPath (tail attrPath) value; };
  attrVals = nameList: set: map (x: set.${x}) nameList;
  getAttrs = names: attrs: listToAttrs (map (n: nameValuePair n attrs.${n}) names);
  filterAttrs = pred: set:
    listToAttrs (map (name: nameValuePair name set.${name}) (filter (name: pred name set.${name}) (attrNames set)));
  mapAttrs' = f: set: listToAttrs (map (attr: f attr set.${attr}) (attrNames set));
  mapAttrsToList = f: attrs: map (name: f name attrs.${name}) (attrNames attrs);
  attrsToList = mapAttrsToList nameValuePair;
  concatMapAttrs = f: v: builtins.foldl' (a: b: a // b) { } (mapAttrsToList f v);
  genAttrs = names: f: listToAttrs (map (n: nameValuePair n (f n)) names);
  foldlAttrs = f: init: set: builtins.foldl' (acc: name: f acc name set.${name}) init (attrNames set);
  zipAttrs = zipAttrsWith (_: values: values);
  optionalAttrs = cond: as: if cond then as else { };
  recursiveUpdateUntil = pred: lhs: rhs:
    let f = attrPath: builtins.zipAttrsWith (n: values:
      let here = attrPath ++ [ n ]; in
      if length values == 1 || pred here (builtins.elemAt values 1) (head values)
      then head values else f here values);
    in f [ ] [ rhs lhs ];
  recursiveUpdate = recursiveUpdateUntil (_: lhs: rhs: !(isAttrs lhs && isAttrs rhs));
  isDerivation = value: value.type or null == "derivation";
  toDerivation = path: { type = "derivation"; outPath = path; name = baseNameOf (toString path); };
  mapAttrsRecursiveCond = cond: f: set:
    let recurse = path: mapAttrs (name: value:
      if isAttrs value && cond value then recurse (path ++ [ name ]) value else f (path ++ [ name ]) value);
    in recurse [ ] set;
  mapAttrsRecursive = mapAttrsRecursiveCond (_: true);
  collect = pred: attrs:
    if pred attrs then [ attrs ]
    else if isAttrs attrs then lib.concatMap (collect pred) (builtins.attrValues attrs)
    else [ ];
  recurseIntoAttrs = attrs: attrs // { recurseForDerivations = true; };
  dontRecurseIntoAttrs = attrs: attrs // { recurseForDerivations = false; };
  unionOfDisjoint = x: y:
    let common = builtins.intersectAttrs x y; in
    if common == { } then x // y
    else throw "unionOfDisjoint: collision on ${lib.concatStringsSep ", " (attrNames common)}";
  getOutput = output: pkg: if !pkg ? outputSpecified || !pkg.outputSpecified then pkg.${output} or pkg.out or pkg else pkg;
  getLib = getOutput "lib";
  getDev = getOutput "dev";
  getBin = getOutput "bin";
  getExe = x: "${getBin x}/bin/${x.meta.mainProgram or (x.pname or (builtins.parseDrvName x.name).name)}";
  getExe' = x: y: "${getBin x}/bin/${y}";
  chooseDevOutputs = map getDev;
}
