# What a local source tree declares about itself, read with builtins only:
# name, version, runtime and build requirements, from pyproject.toml
# ([project], [build-system]), else setup.cfg ([metadata], [options]), plus
# requirements.txt when the metadata lists no dependencies.
# Values given by the caller win; a missing name or version is an error that
# says which file to fix or which argument to pass.
src:
let
  names = import ./names.nix;
  has = file: builtins.pathExists (src + "/${file}");
  read = file: builtins.readFile (src + "/${file}");
  trim = s: let m = builtins.match "[[:space:]]*(.*[^[:space:]])[[:space:]]*" s; in if m == null then "" else builtins.head m;
  isRequirement = l: names.requirementName l != null;

  pyproject = if has "pyproject.toml" then builtins.fromTOML (read "pyproject.toml") else { };
  project = pyproject.project or { };

  # setup.cfg: `key = value` under [section], continuation lines indented.
  setupCfg =
    let
      lines = names.lines (read "setup.cfg");
      step = acc: line:
        let
          section = builtins.match "\\[(.*)][[:space:]]*" line;
          kv = builtins.match "([A-Za-z_][A-Za-z0-9_-]*)[[:space:]]*[=:](.*)" line;
          cont = builtins.match "[[:space:]]+([^[:space:]#;].*)" line;
          key = "${acc.section}.${acc.key}";
        in
        if section != null then acc // { section = builtins.head section; key = null; }
        else if kv != null then acc // {
          key = builtins.head kv;
          values = acc.values // { "${acc.section}.${builtins.head kv}" = [ (trim (builtins.elemAt kv 1)) ]; };
        }
        else if cont != null && acc.key != null then acc // {
          values = acc.values // { ${key} = acc.values.${key} ++ [ (trim (builtins.head cont)) ]; };
        }
        else acc;
    in
    if has "setup.cfg" then (builtins.foldl' step { section = ""; key = null; values = { }; } lines).values else { };
  cfg = key: builtins.filter (v: v != "") (setupCfg.${key} or [ ]);
  cfgOne = key: let v = cfg key; in if v == [ ] then null else builtins.head v;

  requirementsTxt = if has "requirements.txt"
    then builtins.filter isRequirement (map trim (names.lines (read "requirements.txt")))
    else [ ];

  declared = project.dependencies or (cfg "options.install_requires");
in
{
  name = project.name or (cfgOne "metadata.name");
  version = project.version or (cfgOne "metadata.version");
  dependencies = if declared != [ ] then declared else requirementsTxt;
  # PEP 517: no [build-system] means setuptools' legacy backend.
  buildSystem = pyproject.build-system.requires or [ "setuptools" ];
  hasPyproject = has "pyproject.toml";
}
