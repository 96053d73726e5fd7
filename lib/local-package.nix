# A package built from a local source tree, described for the scope:
# its requirements go into the resolution, and `build` makes it inside the
# final package scope from the resolved set.
#
# args: src plus optional pname, version, dependencies / build-system (PEP 508
# strings; read from the tree when absent), and any buildPythonPackage
# attribute, passed through.
args:
let
  names = import ./names.nix;
  src = args.src or (throw "mach-nix: buildPythonPackage needs `src`, the project's source tree.");
  meta = import ./project-meta.nix src;
  where = toString src;
  pname = if args ? pname then args.pname else meta.name;
  version = if args ? version then args.version else meta.version;
  requirements = args.requirements or null;
  dependencies =
    if requirements != null
    then builtins.filter (l: names.requirementName l != null) (names.lines requirements)
    else meta.dependencies;
  buildSystem = args.build-system or meta.buildSystem;
  # Everything that is not mkPython's or ours goes to nixpkgs' builder.
  passThrough = removeAttrs args ([ "src" "pname" "version" "requirements" "build-system"
    "dependencies" "system" ] ++ builtins.attrNames (builtins.functionArgs (import ./scope.nix)));
  resolvedNames = resolved: reqs:
    builtins.filter (n: n != null && resolved.packages ? ${n}) (map names.requirementName reqs);
in
if pname == null then
  throw "mach-nix: cannot tell the name of the project in ${where}: pyproject.toml has no [project] name and setup.cfg no [metadata] name; pass pname = \"...\"."
else if version == null then
  throw "mach-nix: cannot tell the version of ${pname} in ${where} (dynamic or missing); pass version = \"...\"."
else
{
  name = names.canonical pname;
  inherit version dependencies buildSystem;
  # resolved: the resolved set; ctx: { self, tests, ... } from the overlay.
  build = resolved: builder: { self, tests, ... }:
    self.${builder} ({
      pname = names.canonical pname;
      inherit version src;
      pyproject = true;
      build-system = map (n: self.${n}) (resolvedNames resolved buildSystem);
      dependencies = map (n: self.${n}) (resolvedNames resolved dependencies);
      doCheck = tests;
    } // passThrough);
}
