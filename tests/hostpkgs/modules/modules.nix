# Module evaluation (nixpkgs lib/modules.nix): collect modules through
# `imports`, match definitions to declarations, merge each option's
# definitions by priority and type. `ms` is the whole module system.
{ h, ms }:
let
  inherit (builtins)
    attrNames
    concatLists
    filter
    functionArgs
    head
    isAttrs
    isFunction
    length
    mapAttrs
    zipAttrsWith
    ;
  inherit (ms) isOption mkOption showDefs types;
  unknownModule = "<unknown-file>";
in
rec {
  evalModules =
    {
      modules,
      prefix ? [ ],
      # Arguments needed while collecting modules (e.g. in `imports`);
      # everything else belongs in `_module.args`.
      specialArgs ? { },
    }:
    let
      internalModule = {
        _file = "lib/modules.nix";
        key = "lib/modules.nix";
        options = {
          _module.args = mkOption {
            # Lazy per value: an argument no module uses is never evaluated.
            type = types.lazyAttrsOf types.raw;
            internal = true;
            description = "Arguments passed to each module.";
          };
          _module.check = mkOption {
            type = types.bool;
            internal = true;
            default = true;
            description = "Whether to check whether all option definitions have matching declarations.";
          };
        };
      };

      args = { lib = ms.moduleLib; inherit options config; } // specialArgs;
      collected = collectModules (modules ++ [ internalModule ]) args;
      # nixpkgs merges in reverse collection order; list options keep that order.
      merged = mergeModules prefix (h.reverseList collected);

      options = merged.matchedOptions;
      config = h.mapAttrsRecursiveCond (v: !isOption v) (_: v: v.value) options;

      checkUnmatched =
        if config._module.check && merged.unmatchedDefns != [ ] then
          let
            first = head merged.unmatchedDefns;
            optText = h.showOption (prefix ++ first.prefix);
            baseMsg = "The option `${optText}' does not exist. Definition values:${showDefs [ first ]}";
          in
          if attrNames options == [ "_module" ] then
            throw ''
              ${baseMsg}

              However there are no options defined in `${h.showOption prefix}'. Are you sure you've
              declared your options properly? This can happen if you e.g. declared your options in `types.submodule'
              under `config' rather than `options'.
            ''
          else
            throw baseMsg
        else
          null;
    in
    {
      inherit options;
      config = builtins.seq checkUnmatched (removeAttrs config [ "_module" ]);
      inherit (config) _module;
    };

  # Calls a function module with the arguments it names, each taken from
  # the evaluation's arguments or, lazily, from config._module.args.
  applyIfFunction = key: f: args:
    if isFunction f then
      f (args // mapAttrs (
        name: _:
        builtins.addErrorContext "while evaluating the module argument `${name}' in \"${key}\":"
          (args.${name} or args.config._module.args.${name})
      ) (functionArgs f))
    else
      f;

  # Canonical module form: { _file, key, imports, options, config }.
  unifyModuleSyntax = file: key: m:
    let
      allowed = [ "_file" "key" "imports" "options" "config" ];
      extra = removeAttrs m allowed;
    in
    if m ? config || m ? options then
      if extra != { } then
        throw "Module `${key}' has an unsupported attribute `${head (attrNames extra)}'. This is caused by introducing a top-level `config' or `options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: ${toString (attrNames extra)}) into the explicit `config' attribute."
      else
        {
          _file = toString (m._file or file);
          key = toString (m.key or key);
          imports = m.imports or [ ];
          options = m.options or { };
          config = m.config or { };
        }
    else
      {
        _file = toString (m._file or file);
        key = toString (m.key or key);
        imports = m.imports or [ ];
        options = { };
        config = removeAttrs m [ "_file" "key" "imports" ];
      };

  loadModule = args: fallbackFile: fallbackKey: m:
    if isFunction m || isAttrs m then
      unifyModuleSyntax fallbackFile fallbackKey (applyIfFunction fallbackKey m args)
    else
      unifyModuleSyntax (toString m) (toString m) (applyIfFunction (toString m) (import m) args);

  # All modules reachable through `imports`, each key once.
  collectModules = modules: args:
    let
      load = parentFile: parentKey: ms':
        h.imap1 (
          n: m:
          let module = loadModule args parentFile "${parentKey}:anon-${toString n}" m; in
          { inherit (module) key; inherit module; children = load module._file module.key module.imports; }
        ) ms';
    in
    map (entry: entry.module) (
      builtins.genericClosure {
        startSet = load unknownModule "" modules;
        operator = entry: entry.children;
      }
    );

  mergeModules = prefix: modules:
    mergeModules' prefix modules (
      h.concatMap (m: map (config: { file = m._file; inherit config; }) (ms.pushDownProperties m.config)) modules
    );

  # `decls`: [{ _file; options = subtree; }], `defs`: [{ file; config = subtree; }].
  mergeModules' = prefix: decls: defs:
    let
      byName = attr: f: items:
        zipAttrsWith (_: concatLists) (map (item: mapAttrs (_: f item) item.${attr}) items);
      declsByName = byName "options" (d: option: [ { inherit (d) _file; options = option; } ]) decls;
      # Below an option set, properties are pushed one level further down.
      defsByName = byName "config" (
        d: value: map (config: { inherit (d) file; inherit config; }) (ms.pushDownProperties value)
      ) defs;
      # At an option, the definitions as written (properties discharged there).
      defsByName' = byName "config" (d: value: [ { inherit (d) file; inherit value; } ]) defs;

      results = mapAttrs (
        name: decls:
        let
          loc = prefix ++ [ name ];
          nrOptions = h.count (d: isOption d.options) decls;
        in
        if nrOptions == length decls then
          {
            matchedOptions = evalOptionValue loc (mergeOptionDecls loc decls) (defsByName'.${name} or [ ]);
            unmatchedDefns = [ ];
          }
        else if nrOptions != 0 then
          let
            opt = h.findFirst (d: isOption d.options) null decls;
            nonOpt = h.findFirst (d: !isOption d.options) null decls;
          in
          throw "The option `${h.showOption loc}' in `${opt._file}' is a prefix of options in `${nonOpt._file}'."
        else
          mergeModules' loc decls (defsByName.${name} or [ ])
      ) declsByName;

      unmatchedByName = mapAttrs (_: r: r.unmatchedDefns) results // removeAttrs defsByName' (attrNames results);
    in
    {
      matchedOptions = mapAttrs (_: r: r.matchedOptions) results;
      unmatchedDefns = concatLists (
        h.mapAttrsToList (name: map (def: def // { prefix = [ name ] ++ (def.prefix or [ ]); })) unmatchedByName
      );
    };

  # One option from its declarations: a second declaration may only add
  # sub-options to a submodule-bearing type of the same kind.
  mergeOptionDecls = loc: decls:
    let
      merged = builtins.foldl' (
        res: d:
        let
          opt = d.options;
          both = k: opt ? ${k} && res ? ${k};
          sameSubmoduleType =
            both "type" && res.type.getSubModules != null && opt.type.getSubModules != null
            && res.type.name == opt.type.name;
        in
        if both "default" || both "example" || both "description" || both "apply" || (both "type" && !sameSubmoduleType) then
          throw "The option `${h.showOption loc}' in `${d._file}' is already declared in ${h.showFiles res.declarations}."
        else
          opt // res // {
            declarations = res.declarations ++ [ d._file ];
            subModules = res.subModules ++ map (m: { _file = d._file; imports = [ m ]; }) (
              if opt ? type && opt.type.getSubModules != null then opt.type.getSubModules else [ ]
            );
          }
      ) { declarations = [ ]; subModules = [ ]; } decls;
      type = merged.type or types.unspecified;
    in
    removeAttrs merged [ "subModules" ] // {
      inherit loc;
      type = if type.getSubModules != null then type.substSubModules merged.subModules else type;
    };

  evalOptionValue = loc: opt: defs:
    let
      withDefault = h.optional (opt ? default) { file = head opt.declarations; value = ms.mkOptionDefault opt.default; } ++ defs;
      res =
        if opt.readOnly or false && length withDefault > 1 then
          let
            separate = map (def: def // { value = (mergeDefinitions loc opt.type [ def ]).mergedValue; }) withDefault;
          in
          throw "The option `${h.showOption loc}' is read-only, but it's set multiple times. Definition values:${showDefs separate}"
        else
          mergeDefinitions loc opt.type withDefault;
      value = if opt.apply or null != null then opt.apply res.mergedValue else res.mergedValue;
    in
    opt // {
      value = builtins.addErrorContext "while evaluating the option `${h.showOption loc}':" value;
      inherit (res.defsFinal') highestPrio;
      definitions = map (def: def.value) res.defsFinal;
      files = map (def: def.file) res.defsFinal;
      definitionsWithLocations = res.defsFinal;
      inherit (res) isDefined;
    };

  # Discharge properties, keep the highest priority, type-check, merge.
  mergeDefinitions = loc: type: defs: rec {
    defsFinal' =
      let
        discharged = h.concatMap (
          def:
          map (value: { inherit (def) file; inherit value; }) (
            builtins.addErrorContext "while evaluating definitions from `${def.file}':" (ms.dischargeProperties def.value)
          )
        ) defs;
        filtered = ms.filterOverrides' discharged;
        ordered =
          if builtins.any (def: (def.value._type or "") == "order") filtered.values
          then ms.sortProperties filtered.values
          else filtered.values;
      in
      { values = ordered; inherit (filtered) highestPrio; };
    defsFinal = defsFinal'.values;
    isDefined = defsFinal != [ ];
    mergedValue =
      if !isDefined then
        throw "The option `${h.showOption loc}' was accessed but has no value defined. Try setting the option."
      else if builtins.all (def: type.check def.value) defsFinal then
        type.merge loc defsFinal
      else
        let invalid = filter (def: !type.check def.value) defsFinal; in
        throw "A definition for option `${h.showOption loc}' is not of type `${type.description}'. Definition values:${showDefs invalid}";
    optionalValue = if isDefined then { value = mergedValue; } else { };
  };
}
