# Option types (nixpkgs lib/types.nix): check, merge and description of each
# type the module system offers. `ms` is the whole module system (fixpoint),
# for mergeDefinitions and evalModules, which submodules recurse into.
{ h, ms }:
let
  inherit (builtins) all concatStringsSep filter head isAttrs isFunction length;
  inherit (ms) mergeDefinitions mergeEqualOption mergeOneOption mergeDefaultOption;

  # Parenthesise a nested type's description unless its phrase class fits.
  phrase = fits: t: if fits (t.descriptionClass or null) then t.description else "(${t.description})";
  nounOr = classes: c: builtins.elem c classes;
in
rec {
  isOptionType = h.isType "option-type";

  mkOptionType =
    {
      name,
      description ? null,
      descriptionClass ? null,
      check ? (_: true),
      merge ? mergeDefaultOption,
      emptyValue ? { },
      getSubOptions ? _: { },
      # Modules of a submodule-bearing type, null otherwise; with
      # substSubModules this lets two declarations of one option add
      # sub-options to the same submodule.
      getSubModules ? null,
      substSubModules ? _: null,
      nestedTypes ? { },
    }:
    {
      _type = "option-type";
      inherit name descriptionClass check merge emptyValue getSubOptions getSubModules substSubModules nestedTypes;
      description = if description == null then name else description;
    };

  types = rec {
    raw = mkOptionType {
      name = "raw";
      description = "raw value";
      descriptionClass = "noun";
      merge = mergeOneOption;
    };

    unspecified = mkOptionType {
      name = "unspecified";
      description = "unspecified value";
      descriptionClass = "noun";
    };

    anything = mkOptionType {
      name = "anything";
      description = "anything";
      descriptionClass = "noun";
      merge = loc: defs:
        let
          kind = v: if isAttrs v && h.isStringLike v then "stringCoercibleSet" else builtins.typeOf v;
          common = builtins.foldl' (
            k: def:
            if kind def.value == k then k
            else throw "The option `${h.showOption loc}' has conflicting option types in ${h.showFiles (ms.getFiles defs)}"
          ) (kind (head defs).value) defs;
          byKind = {
            set = (attrsOf anything).merge;
            stringCoercibleSet = mergeOneOption;
            lambda = loc: defs: arg:
              anything.merge (loc ++ [ "<function body>" ]) (map (def: { inherit (def) file; value = def.value arg; }) defs);
          };
        in
        (byKind.${common} or mergeEqualOption) loc defs;
    };

    bool = mkOptionType {
      name = "bool";
      description = "boolean";
      descriptionClass = "noun";
      check = builtins.isBool;
      merge = mergeEqualOption;
    };

    int = mkOptionType {
      name = "int";
      description = "signed integer";
      descriptionClass = "noun";
      check = builtins.isInt;
      merge = mergeEqualOption;
    };

    str = mkOptionType {
      name = "str";
      description = "string";
      descriptionClass = "noun";
      check = builtins.isString;
      merge = mergeEqualOption;
    };

    separatedString = sep: mkOptionType {
      name = "separatedString";
      description = if sep == "" then "Concatenated string" else "strings concatenated with ${builtins.toJSON sep}";
      descriptionClass = "noun";
      check = builtins.isString;
      merge = _: defs: concatStringsSep sep (ms.getValues defs);
    };

    lines = separatedString "\n";
    commas = separatedString ",";

    attrs = mkOptionType {
      name = "attrs";
      description = "attribute set";
      check = isAttrs;
      merge = _: defs: builtins.foldl' (res: def: res // def.value) { } defs;
      emptyValue = { value = { }; };
    };

    # A derivation, or a store path (turned into a derivation-like attrset).
    package = mkOptionType {
      name = "package";
      descriptionClass = "noun";
      check = x: h.isDerivation x || h.isStorePath x;
      merge = loc: defs:
        let res = mergeOneOption loc defs; in
        if builtins.isPath res || (builtins.isString res && !builtins.hasContext res) then toDerivation res else res;
    };

    path = mkOptionType {
      name = "path";
      descriptionClass = "noun";
      check = x: h.isStringLike x && builtins.substring 0 1 (toString x) == "/";
      merge = mergeEqualOption;
    };

    listOf = elemType: mkOptionType {
      name = "listOf";
      description = "list of ${phrase (nounOr [ "noun" "composite" ]) elemType}";
      descriptionClass = "composite";
      check = builtins.isList;
      merge = loc: defs:
        map (x: x.value) (
          filter (x: x ? value) (
            builtins.concatLists (
              h.imap1 (
                n: def:
                h.imap1 (
                  m: elem:
                  (mergeDefinitions (loc ++ [ "[definition ${toString n}-entry ${toString m}]" ]) elemType [
                    { inherit (def) file; value = elem; }
                  ]).optionalValue
                ) def.value
              ) defs
            )
          )
        );
      emptyValue = { value = [ ]; };
      getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "*" ]);
      getSubModules = elemType.getSubModules;
      substSubModules = m: listOf (elemType.substSubModules m);
      nestedTypes.elemType = elemType;
    };

    attrsWith = { elemType, lazy ? false }:
      let
        # Each definition's attributes become definitions of their own.
        pushPositions = map (def: builtins.mapAttrs (_: v: { inherit (def) file; value = v; }) def.value);
      in
      mkOptionType {
        name = if lazy then "lazyAttrsOf" else "attrsOf";
        description =
          (if lazy then "lazy attribute set" else "attribute set")
          + " of ${phrase (nounOr [ "noun" "composite" ]) elemType}";
        descriptionClass = "composite";
        check = isAttrs;
        merge =
          if lazy then
            loc: defs:
            builtins.zipAttrsWith (
              name: defs:
              let merged = mergeDefinitions (loc ++ [ name ]) elemType defs; in
              merged.optionalValue.value or elemType.emptyValue.value or merged.mergedValue
            ) (pushPositions defs)
          else
            loc: defs:
            builtins.mapAttrs (_: v: v.value) (
              h.filterAttrs (_: v: v ? value) (
                builtins.zipAttrsWith (name: defs: (mergeDefinitions (loc ++ [ name ]) elemType defs).optionalValue)
                  (pushPositions defs)
              )
            );
        emptyValue = { value = { }; };
        getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "<name>" ]);
        getSubModules = elemType.getSubModules;
        substSubModules = m: attrsWith { elemType = elemType.substSubModules m; inherit lazy; };
        nestedTypes.elemType = elemType;
      };

    attrsOf = elemType: attrsWith { inherit elemType; };
    lazyAttrsOf = elemType: attrsWith { inherit elemType; lazy = true; };

    uniq = elemType: mkOptionType {
      name = "unique";
      inherit (elemType) description descriptionClass check emptyValue getSubOptions getSubModules;
      merge = ms.mergeUniqueOption { message = ""; inherit (elemType) merge; };
      substSubModules = m: uniq (elemType.substSubModules m);
      nestedTypes.elemType = elemType;
    };

    nullOr = elemType: mkOptionType {
      name = "nullOr";
      description = "null or ${phrase (nounOr [ "noun" "conjunction" ]) elemType}";
      descriptionClass = "conjunction";
      check = x: x == null || elemType.check x;
      merge = loc: defs:
        let nulls = h.count (def: def.value == null) defs; in
        if nulls == length defs then null
        else if nulls != 0 then
          throw "The option `${h.showOption loc}` is defined both null and not null, in ${h.showFiles (ms.getFiles defs)}."
        else elemType.merge loc defs;
      emptyValue = { value = null; };
      inherit (elemType) getSubOptions getSubModules;
      substSubModules = m: nullOr (elemType.substSubModules m);
      nestedTypes.elemType = elemType;
    };

    functionTo = elemType: mkOptionType {
      name = "functionTo";
      description = "function that evaluates to a(n) ${phrase (nounOr [ "noun" "composite" ]) elemType}";
      descriptionClass = "composite";
      check = isFunction;
      merge = loc: defs: args:
        (mergeDefinitions (loc ++ [ "<function body>" ]) elemType (
          map (def: { inherit (def) file; value = def.value args; }) defs
        )).mergedValue;
      getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "<function body>" ]);
      getSubModules = elemType.getSubModules;
      substSubModules = m: functionTo (elemType.substSubModules m);
      nestedTypes.elemType = elemType;
    };

    enum = values:
      let
        show = v:
          if builtins.isString v then ''"${v}"''
          else if builtins.isInt v then toString v
          else if builtins.isBool v then (if v then "true" else "false")
          else "<${builtins.typeOf v}>";
      in
      mkOptionType {
        name = "enum";
        description =
          if values == [ ] then "impossible (empty enum)"
          else if length values == 1 then "value ${show (head values)} (singular enum)"
          else "one of ${concatStringsSep ", " (map show values)}";
        descriptionClass = if length values < 2 then "noun" else "conjunction";
        check = v: builtins.elem v values;
        merge = mergeEqualOption;
      };

    either = t1: t2: mkOptionType {
      name = "either";
      description =
        if t1.descriptionClass or null == "nonRestrictiveClause" then
          "${t1.description}, or ${phrase (nounOr [ "noun" "conjunction" ]) t2}"
        else
          "${phrase (nounOr [ "noun" "conjunction" ]) t1} or ${phrase (nounOr [ "noun" "conjunction" "composite" ]) t2}";
      descriptionClass = "conjunction";
      check = x: t1.check x || t2.check x;
      merge = loc: defs:
        let values = ms.getValues defs; in
        if all t1.check values then t1.merge loc defs
        else if all t2.check values then t2.merge loc defs
        else mergeOneOption loc defs;
      nestedTypes = { left = t1; right = t2; };
    };

    oneOf = ts:
      if ts == [ ] then throw "types.oneOf needs to get at least one type in its argument"
      else builtins.foldl' either (head ts) (builtins.tail ts);

    submodule = modules: submoduleWith { shorthandOnlyDefinesConfig = true; modules = h.toList modules; };

    submoduleWith =
      { modules, specialArgs ? { }, shorthandOnlyDefinesConfig ? false, description ? null }@attrs:
      let
        # A definition is a module of its own; a plain attrset is only config
        # when shorthandOnlyDefinesConfig (so `options` stays a config key).
        asModules = map (
          { value, file }:
          if isAttrs value && shorthandOnlyDefinesConfig then
            { _file = file; config = value; }
          else
            { _file = file; imports = [ value ]; }
        );
        evalAt = prefix: extra: ms.evalModules { inherit specialArgs prefix; modules = modules ++ extra; };
      in
      mkOptionType {
        name = "submodule";
        description = if description != null then description else "submodule";
        check = x: isAttrs x || isFunction x || path.check x;
        merge = loc: defs: (evalAt loc ([ { _module.args.name = h.last loc; } ] ++ asModules defs)).config;
        emptyValue = { value = { }; };
        getSubOptions = prefix: (evalAt prefix [ { _module.args.name = ms.mkOptionDefault "‹name›"; } ]).options;
        getSubModules = modules;
        substSubModules = m: submoduleWith (attrs // { modules = m; });
      };
  };

  # What types.package makes of a bare store path.
  toDerivation = path:
    let
      path' = builtins.storePath path;
      res = {
        type = "derivation";
        name = builtins.substring 33 (-1) (baseNameOf path');
        outPath = path';
        outputs = [ "out" ];
        out = res;
        outputName = "out";
      };
    in
    res;
}
