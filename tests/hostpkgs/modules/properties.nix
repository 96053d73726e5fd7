# Definition properties (nixpkgs lib/modules.nix, "Properties"): mkIf,
# mkMerge, mkOverride and its priorities, mkOrder; and the functions that
# push them down the config tree and discharge them at an option.
{ h }:
let
  inherit (builtins) foldl' isBool sort;
  typeOf = x: x._type or "";
in
rec {
  mkIf = condition: content: { _type = "if"; inherit condition content; };

  mkMerge = contents: { _type = "merge"; inherit contents; };

  mkOverride = priority: content: { _type = "override"; inherit priority content; };

  # Lower number wins. Plain definitions have defaultOverridePriority.
  defaultOverridePriority = 100;
  mkOptionDefault = mkOverride 1500;
  mkDefault = mkOverride 1000;
  mkForce = mkOverride 50;
  mkVMOverride = mkOverride 10;

  mkOrder = priority: content: { _type = "order"; inherit priority content; };
  defaultOrderPriority = 1000;
  mkBefore = mkOrder 500;
  mkAfter = mkOrder 1500;

  # Split a config tree into property-free trees, moving mkIf/mkOverride
  # onto the children: conditions then never need to be evaluated to find
  # out which options a module defines (what lets mkIf refer to config).
  pushDownProperties = cfg:
    if typeOf cfg == "merge" then
      h.concatMap pushDownProperties cfg.contents
    else if typeOf cfg == "if" then
      map (builtins.mapAttrs (_: v: mkIf cfg.condition v)) (pushDownProperties cfg.content)
    else if typeOf cfg == "override" then
      map (builtins.mapAttrs (_: v: mkOverride cfg.priority v)) (pushDownProperties cfg.content)
    else
      [ cfg ];

  # At an option: expand mkMerge, evaluate mkIf conditions.
  dischargeProperties = def:
    if typeOf def == "merge" then
      h.concatMap dischargeProperties def.contents
    else if typeOf def == "if" then
      if isBool def.condition then
        (if def.condition then dischargeProperties def.content else [ ])
      else
        throw "mkIf called with a non-Boolean condition"
    else
      [ def ];

  # Keep only the definitions of the highest priority (lowest number).
  filterOverrides' = defs:
    let
      prio = def: if typeOf def.value == "override" then def.value.priority else defaultOverridePriority;
      highestPrio = foldl' (p: def: if prio def < p then prio def else p) 9999 defs;
      strip = def: if typeOf def.value == "override" then def // { value = def.value.content; } else def;
    in
    {
      values = h.concatMap (def: if prio def == highestPrio then [ (strip def) ] else [ ]) defs;
      inherit highestPrio;
    };

  sortProperties = defs:
    let
      strip = def:
        if typeOf def.value == "order" then
          def // { value = def.value.content; inherit (def.value) priority; }
        else
          def;
    in
    sort (a: b: (a.priority or defaultOrderPriority) < (b.priority or defaultOrderPriority)) (map strip defs);
}
