# The builtins-level helpers the module system needs: the small subset of
# nixpkgs' lib (lists, attrsets, strings, generators.toPretty) it relies on,
# so the evaluator takes nothing but builtins.
let
  inherit (builtins)
    attrNames
    concatLists
    concatStringsSep
    elemAt
    filter
    foldl'
    genList
    isAttrs
    isFunction
    isList
    isString
    length
    ;
in
rec {
  concatMap = f: list: concatLists (map f list);

  imap1 = f: list: genList (i: f (i + 1) (elemAt list i)) (length list);

  reverseList = list: let n = length list; in genList (i: elemAt list (n - 1 - i)) n;

  last = list: elemAt list (length list - 1);

  take = n: list: genList (elemAt list) (if n < length list then n else length list);

  optional = cond: x: if cond then [ x ] else [ ];

  toList = x: if isList x then x else [ x ];

  count = pred: foldl' (n: x: if pred x then n + 1 else n) 0;

  findFirst = pred: fallback: list:
    let found = filter pred list; in if found == [ ] then fallback else builtins.head found;

  mapAttrsToList = f: attrs: map (name: f name attrs.${name}) (attrNames attrs);

  filterAttrs = pred: attrs:
    removeAttrs attrs (filter (name: !pred name attrs.${name}) (attrNames attrs));

  # Recurse into attrsets while `cond` holds; `f path leaf` on everything else.
  mapAttrsRecursiveCond = cond: f:
    let
      go = path: attrs:
        builtins.mapAttrs (
          name: value:
          if isAttrs value && cond value then go (path ++ [ name ]) value else f (path ++ [ name ]) value
        ) attrs;
    in
    go [ ];

  isType = tag: x: isAttrs x && (x._type or null) == tag;

  isDerivation = x: isAttrs x && (x.type or null) == "derivation";

  isStringLike = x: isString x || builtins.isPath x || x ? outPath || x ? __toString;

  isStorePath = x:
    if !(isStringLike x) then
      false
    else
      let str = toString x; in builtins.substring 0 1 str == "/" && dirOf str == builtins.storeDir;

  splitLines = s: filter isString (builtins.split "\n" s);

  escapeNixString = s: builtins.replaceStrings [ "$" ] [ "\\$" ] (builtins.toJSON s);

  nixKeywords = [ "assert" "else" "if" "in" "inherit" "let" "or" "rec" "then" "with" ];

  escapeNixIdentifier = s:
    if builtins.match "[a-zA-Z_][a-zA-Z0-9_'-]*" s != null && !(builtins.elem s nixKeywords) then
      s
    else
      escapeNixString s;

  # Option paths as nixpkgs prints them; `*` and `<placeholder>` stay bare.
  showOption = parts:
    concatStringsSep "." (
      map (p: if p == "*" || builtins.match "<.*>" p != null then p else escapeNixIdentifier p) parts
    );

  showFiles = files: concatStringsSep " and " (map (f: "`${f}'") files);

  # Nix-syntax rendering of a value for error messages (nixpkgs'
  # generators.toPretty with multiline = true); deep values are cut at
  # `depthLimit` so that printing a definition never walks a package set.
  toPretty =
    let
      depthLimit = 10;
      showFunction = f:
        let
          args = builtins.functionArgs f;
          shown = map (n: if args.${n} then "${n}?" else n) (attrNames args);
        in
        if args == { } then "<function>" else "<function, args: {${concatStringsSep ", " shown}}>";
      showString = indent: s:
        let
          lines = splitLines s;
          escaped = map (builtins.replaceStrings [ "''" "\${" ] [ "'''" "''\${" ]) lines;
          intro = "\n${indent}  ";
          lastLine = last escaped;
          body = genList (elemAt escaped) (length escaped - 1);
        in
        if length lines > 1 then
          "''" + intro + concatStringsSep intro body
          + (if lastLine == "" then "\n${indent}" else intro + lastLine) + "''"
        else
          escapeNixString s;
      go = depth: indent: v:
        let
          intro = "\n${indent}  ";
          outro = "\n${indent}";
          inner = go (depth + 1) "${indent}  ";
        in
        if isString v then
          showString indent v
        else if builtins.isInt v || builtins.isFloat v then
          toString v
        else if builtins.isBool v then
          (if v then "true" else "false")
        else if v == null then
          "null"
        else if builtins.isPath v then
          toString v
        else if isFunction v then
          showFunction v
        else if isList v then
          if v == [ ] then "[ ]"
          else if depth >= depthLimit then "[ ... ]"
          else "[" + intro + concatStringsSep intro (map inner v) + outro + "]"
        else if isDerivation v then
          "<derivation ${v.name or "<unknown>"}>"
        else if v == { } then
          "{ }"
        else if depth >= depthLimit then
          "{ ... }"
        else
          "{" + intro
          + concatStringsSep intro (mapAttrsToList (n: x: "${escapeNixIdentifier n} = ${inner x};") v)
          + outro + "}";
    in
    go 0 "";
}
