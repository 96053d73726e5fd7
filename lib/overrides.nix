# The fixes layered on the resolved packages, in this order:
#   1. the override rules (overrides/rules.json) whose ids the resolved set
#      lists for a package, in that order (docs/overrides.md);
#   2. the user's overridesPre (package-set extensions);
#   3. the user's `_` tweaks;
#   4. the user's overridesPost.
{ pkgs, python, rules, fixesDir }:
let
  attrPath = import ./attr-path.nix pkgs;
  names = import ./names.nix;
  extensions = import ./extensions.nix;

  rulesById = builtins.listToAttrs (map (r: { name = r.id; value = r; }) rules.rules);

  # One rule as an overridePythonAttrs function.
  ruleAttrs = { self, super, name }: id: old:
    let
      rule = rulesById.${id} or (throw
        "mach-nix: the resolved set applies override rule `${id}` to ${name}, which overrides/rules.json does not define.");
      native = rule.native or { };
      what = kind: "override rule `${id}` (native.${kind})";
      inputs = kind: map (attrPath (what kind)) (native.${kind} or [ ]);
      data = (rule.attrs or { }) // {
        buildInputs = (old.buildInputs or [ ]) ++ inputs "buildInputs";
        nativeBuildInputs = (old.nativeBuildInputs or [ ]) ++ inputs "nativeBuildInputs";
      };
      fix = if rule ? nix
        then import (fixesDir + "/${rule.nix}") { inherit pkgs python self super rule; } (old // data)
        else { };
    in
    data // fix;

  # Apply the rules `ids` to `drv`, one overridePythonAttrs each, so a later
  # rule (and a fix function) sees what the earlier ones set.
  applyRules = { self, super, name }: ids: drv:
    builtins.foldl' (d: id: d.overridePythonAttrs (ruleAttrs { inherit self super name; } id)) drv ids;

  # `_.<package>.<attribute> = value | { add = ...; } | { mod = old: ...; }`
  isTweakOp = v: builtins.isAttrs v && !(v ? type && v.type == "derivation")
    && (v ? add || v ? mod);
  tweakValue = pkg: attr: old: v:
    if !isTweakOp v then v
    else if v ? mod then v.mod (old.${attr} or null)
    else if builtins.isList v.add then (old.${attr} or [ ]) ++ v.add
    else if builtins.isString v.add then (old.${attr} or "") + v.add
    else if builtins.isAttrs v.add then (old.${attr} or { }) // v.add
    else throw "mach-nix: _.${pkg}.${attr}.add must be a list, a string or an attribute set.";

  # Keys spelled differently but naming the same package (`Shapely`,
  # `shapely`) apply one after the other, in attribute-name order.
  tweaksExtension = tweaks: self: super:
    let
      keys = builtins.attrNames tweaks;
      canonicalNames = builtins.attrNames (builtins.listToAttrs
        (map (k: { name = names.canonical k; value = null; }) keys));
      apply = name: drv: key:
        drv.overridePythonAttrs (old: builtins.mapAttrs (attr: v: tweakValue key attr old v) tweaks.${key});
      tweaked = name:
        let ks = builtins.filter (k: names.canonical k == name) keys; in
        if !(super ? ${name}) then
          throw "mach-nix: `_.${builtins.head ks}` tweaks ${name}, which is not in the resolved environment."
        else builtins.foldl' (apply name) super.${name} ks;
    in
    builtins.listToAttrs (map (name: { inherit name; value = tweaked name; }) canonicalNames);

  asList = x: if builtins.isList x then x else [ x ];
in
{
  inherit applyRules;

  # The user's layers as one extension.
  userExtension = { overridesPre ? [ ], tweaks ? { }, overridesPost ? [ ] }:
    extensions.composeMany (asList overridesPre ++ [ (tweaksExtension tweaks) ] ++ asList overridesPost);
}
