# Mirrors nixpkgs lib/sources.nix (cleanSource and friends).
{ lib }:
rec {
  cleanSourceFilter = name: type:
    let baseName = baseNameOf (toString name); in
    !((type == "directory" && (baseName == ".git" || baseName == ".svn" || baseName == "__pycache__"))
      || lib.hasSuffix "~" baseName
      || builtins.match "^\\.sw[a-z]$" baseName != null
      || builtins.match "^\\..*\\.sw[a-z]$" baseName != null
      || lib.hasSuffix ".o" baseName || lib.hasSuffix ".so" baseName
      || (type == "symlink" && lib.hasPrefix "result" baseName));
  cleanSourceWith = { src, filter ? _: _: true, name ? null }:
    let
      origSrc = src.origSrc or src;
      prevFilter = src.filter or (_: _: true);
      combined = path: type: prevFilter path type && filter path type;
    in
    {
      origSrc = origSrc;
      filter = combined;
      name = if name != null then name else src.name or "source";
      outPath = builtins.path {
        path = origSrc;
        name = if name != null then name else src.name or "source";
        filter = combined;
      };
    };
  cleanSource = src: cleanSourceWith { filter = cleanSourceFilter; inherit src; };
  sourceByRegex = src: regexes:
    let
      isFiltered = src ? _isLibCleanSourceWith;
      origSrc = if isFiltered then src.origSrc else src;
    in
    cleanSourceWith {
      filter = path: type:
        let relPath = lib.removePrefix (toString origSrc + "/") (toString path);
        in lib.any (re: builtins.match re relPath != null) regexes;
      inherit src;
    };
  pathExists = builtins.pathExists;
}
