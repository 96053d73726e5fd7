# Option declarations and the generic merge functions (nixpkgs lib/options.nix).
{ h, types }:
let
  inherit (builtins) all concatLists concatStringsSep head length tail foldl';
  prioritySuggestion = ''
    Use `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.
  '';
in
rec {
  isOption = h.isType "option";

  mkOption =
    {
      default ? null,
      defaultText ? null,
      example ? null,
      description ? null,
      relatedPackages ? null,
      type ? null,
      apply ? null,
      internal ? null,
      visible ? null,
      readOnly ? null,
    }@attrs:
    attrs // { _type = "option"; };

  mkEnableOption = name:
    mkOption {
      default = false;
      example = true;
      description = "Whether to enable ${name}.";
      type = types.bool;
    };

  # The package at attribute path `default` (or `name`) of `pkgs`.
  mkPackageOption = pkgs: name:
    { nullable ? false, default ? name, example ? null, extraDescription ? "", pkgsText ? "pkgs" }:
    let
      shownName = if builtins.isList name then h.last name else name;
      path = h.toList default;
      pathText = concatStringsSep "." (map h.escapeNixIdentifier path);
      value = builtins.foldl' (
        set: attr: set.${attr} or (throw "${pathText} cannot be found in ${pkgsText}")
      ) pkgs path;
      defaults =
        if default != null then { default = value; defaultText = literalExpression "${pkgsText}.${pathText}"; }
        else if nullable then { default = null; }
        else { };
    in
    mkOption (
      defaults
      // {
        description = "The ${shownName} package to use." + (if extraDescription == "" then "" else " ${extraDescription}");
        type = if nullable then types.nullOr types.package else types.package;
      }
      // (if example == null then { } else {
        example = literalExpression (
          if builtins.isList example then "${pkgsText}.${concatStringsSep "." example}" else example
        );
      })
    );

  literalExpression = text:
    if !builtins.isString text then throw "literalExpression expects a string." else { _type = "literalExpression"; inherit text; };

  literalMD = text:
    if !builtins.isString text then throw "literalMD expects a string." else { _type = "literalMD"; inherit text; };

  getValues = builtins.catAttrs "value";
  getFiles = builtins.catAttrs "file";

  # "\n- In `file': value" per definition; a value that fails to evaluate is left out.
  showDefs = defs:
    concatStringsSep "" (
      map (
        def:
        let
          pretty = builtins.tryEval (h.toPretty def.value);
          lines = h.splitLines pretty.value;
          shown = concatStringsSep "\n    " (h.take 5 lines ++ h.optional (length lines > 5) "...");
          result =
            if !pretty.success then ""
            else if length lines > 1 then ":\n    " + shown
            else ": " + shown;
        in
        "\n- In `${def.file}'${result}"
      ) defs
    );

  mergeDefaultOption = loc: defs:
    let list = getValues defs; in
    if length list == 1 then head list
    else if all builtins.isFunction list then x: mergeDefaultOption loc (map (f: f x) list)
    else if all builtins.isList list then concatLists list
    else if all builtins.isAttrs list then foldl' (a: b: a // b) { } list
    else if all builtins.isBool list then builtins.any (x: x) list
    else if all builtins.isString list then concatStringsSep "" list
    else if all builtins.isInt list && all (x: x == head list) list then head list
    else throw "Cannot merge definitions of `${h.showOption loc}'. Definition values:${showDefs defs}";

  mergeUniqueOption = { message, merge ? loc: defs: (head defs).value }: loc: defs:
    if length defs == 1 then
      merge loc defs
    else
      throw "The option `${h.showOption loc}' is defined multiple times while it's expected to be unique.\n${message}\nDefinition values:${showDefs defs}\n${prioritySuggestion}";

  mergeOneOption = mergeUniqueOption { message = ""; };

  mergeEqualOption = loc: defs:
    if length defs == 1 then
      (head defs).value
    else
      (foldl' (
        first: def:
        if def.value != first.value then
          throw "The option `${h.showOption loc}' has conflicting definition values:${showDefs [ first def ]}\n${prioritySuggestion}"
        else
          first
      ) (head defs) (tail defs)).value;
}
