# A lock file written by `mach-nix lock` (docs/lock.md, PEP 751 pylock.toml
# with mach-nix's fields under [tool.mach-nix]) -> the resolved set it holds
# (docs/resolved-set.md), with builtins.fromTOML: no IFD, so the overlay and
# the store paths are those of the resolution it was written from.
lockFile:
let
  schema = "mach-nix/resolved-set/1";
  where = toString lockFile;
  lock = builtins.fromTOML (builtins.readFile lockFile);
  tool = lock.tool.mach-nix or null;

  package = entry: ptool: file: dependencies: {
    inherit (entry) name version;
    inherit file dependencies;
    provider = ptool.provider;
    nixpkgs_attr = ptool.nixpkgs_attr or null;
    extras = ptool.extras or [ ];
    build_system = ptool.build_system or [ ];
    needs = ptool.needs or [ ];
    overrides = ptool.overrides or [ ];
    roots = ptool.roots or [ ];
  };

  fromPackages = entry:
    let
      ptool = entry.tool.mach-nix or (throw
        "mach-nix: ${where}: package ${entry.name or "?"} has no [packages.tool.mach-nix]; only lock files written by `mach-nix lock` can be evaluated.");
      source = if (entry.wheels or [ ]) != [ ] then builtins.head entry.wheels else entry.sdist;
    in
    {
      name = entry.name;
      value = package entry ptool
        { filename = source.name; inherit (source) url; sha256 = source.hashes.sha256; }
        (map (d: d.name) (entry.dependencies or [ ]));
    };

  fromNixpkgs = entry: {
    name = entry.name;
    value = package entry entry null entry.dependencies;
  };

  targetKeys = [ "python" "implementation" "system" "libc" "libc_version" "macos" ];
in
if tool == null || (tool.schema or null) != schema then
  throw "mach-nix: ${where}: no [tool.mach-nix] of schema ${schema}; only lock files written by `mach-nix lock` can be evaluated."
else
{
  inherit schema;
  target = builtins.listToAttrs (map (k: { name = k; value = tool.target.${k} or null; }) targetKeys);
  requirements = tool.requirements;
  packages = builtins.listToAttrs
    (map fromPackages (lock.packages or [ ]) ++ map fromNixpkgs (tool.nixpkgs or [ ]));
  warnings = tool.warnings;
}
