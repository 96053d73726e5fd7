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
