# Mirrors nixpkgs lib/strings.nix (subset).
{ lib }:
let inherit (builtins) substring stringLength concatStringsSep filter isString genList elemAt length;
in rec {
  inherit (builtins) concatStringsSep stringLength substring replaceStrings toString match split;
  concatStrings = builtins.concatStringsSep "";
  concatMapStrings = f: list: concatStrings (map f list);
  concatMapStringsSep = sep: f: list: concatStringsSep sep (map f list);
  concatImapStringsSep = sep: f: list: concatStringsSep sep (lib.imap1 f list);
  concatLines = list: concatStrings (map (s: s + "\n") list);
  intersperse = sep: list:
    if list == [ ] then [ ] else builtins.tail (lib.concatMap (x: [ sep x ]) list);
  optionalString = cond: string: if cond then string else "";
  hasPrefix = pref: str: substring 0 (stringLength pref) str == pref;
  hasSuffix = suffix: content:
    let lenC = stringLength content; lenS = stringLength suffix;
    in lenC >= lenS && substring (lenC - lenS) lenC content == suffix;
  hasInfix = infix: content: builtins.match ".*${escapeRegex infix}.*" "${content}" != null;
  removePrefix = prefix: str:
    if hasPrefix prefix str then substring (stringLength prefix) (stringLength str) str else str;
  removeSuffix = suffix: str:
    if hasSuffix suffix str then substring 0 (stringLength str - stringLength suffix) str else str;
  stringToCharacters = s: genList (p: substring p 1 s) (stringLength s);
  escapeRegex = builtins.replaceStrings
    (stringToCharacters "\\[{()^$?*+|.") (map (c: "\\${c}") (stringToCharacters "\\[{()^$?*+|."));
  splitString = sep: s:
    let splits = filter isString (builtins.split (escapeRegex (toString sep)) (toString s));
    in map (v: addContextFrom s v) splits;
  addContextFrom = src: target: substring 0 0 src + target;
  toLower = builtins.replaceStrings (stringToCharacters "ABCDEFGHIJKLMNOPQRSTUVWXYZ") (stringToCharacters "abcdefghijklmnopqrstuvwxyz");
  toUpper = builtins.replaceStrings (stringToCharacters "abcdefghijklmnopqrstuvwxyz") (stringToCharacters "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  escapeShellArg = arg:
    let s = toString arg; in
    if builtins.match "[[:alnum:],._+:@%/=-]+" s != null then s
    else "'${builtins.replaceStrings [ "'" ] [ "'\\''" ] s}'";
  escapeShellArgs = concatMapStringsSep " " escapeShellArg;
  trim = s: let m = builtins.match "[[:space:]]*(.*[^[:space:]])[[:space:]]*" s; in if m == null then "" else builtins.head m;
  fixedWidthString = width: filler: str:
    let strw = stringLength str; in
    if strw >= width then str else fixedWidthString width filler (filler + str);
  makeSearchPath = subDir: paths: concatStringsSep ":" (map (p: "${p}/${subDir}") (filter (x: x != null) paths));
  makeSearchPathOutput = output: subDir: pkgs: makeSearchPath subDir (map (lib.getOutput output) pkgs);
  makeLibraryPath = makeSearchPathOutput "lib" "lib";
  makeBinPath = makeSearchPathOutput "bin" "bin";
  isStorePath = x:
    let s = toString x; in
    (builtins.isString x || builtins.isPath x || x ? outPath)
    && hasPrefix builtins.storeDir s && builtins.match "${builtins.storeDir}/[^/]+" s != null;
  isStringLike = x: builtins.isString x || builtins.isPath x || x ? outPath || x ? __toString;
  getName = x: (builtins.parseDrvName (x.name or x)).name;
  getVersion = x: (builtins.parseDrvName (x.name or x)).version;
  nameFromURL = url: sep: let parts = splitString "/" url; base = lib.last parts; in
    builtins.head (splitString sep base);
  readPathsFromFile = _: throw "readPathsFromFile is not offered by hostpkgs";
  enableFeature = flag: name: "--${if flag then "enable" else "disable"}-${name}";
  withFeature = flag: name: "--${if flag then "with" else "without"}-${name}";
  cmakeBool = name: value: "-D${name}:BOOL=${if value then "TRUE" else "FALSE"}";
  toInt = str:
    let m = builtins.match "[[:space:]]*(-?[0-9]+)[[:space:]]*" str; in
    if m == null then throw "Could not convert ${str} to int." else builtins.fromJSON (builtins.head m);
}
