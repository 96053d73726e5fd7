# nixpkgs provider: the package as nixpkgs defines it (native inputs, patches,
# flags kept), its Python dependencies replaced by the resolved ones from the
# final scope so that no second copy of anything enters the closure.
#
# `super.<attr>` is nixpkgs' definition called with the final scope, so its
# build-time Python inputs already come from the resolved set where it has
# them. Runtime Python dependencies are replaced, native ones kept.
{ pkgs }:
let
  fetchFile = import ../fetch-file.nix pkgs;
  isPythonModule = d: builtins.isAttrs d && d ? pythonModule;
  nonPython = builtins.filter (d: !(isPythonModule d));
in
{ super, spec, dependencies, tests, brokenCycle, ... }:
let
  base = super.${spec.nixpkgs_attr} or (throw
    "mach-nix: the resolver chose python.pkgs.${spec.nixpkgs_attr} for ${spec.name}, which this package set does not have.");
in
base.overridePythonAttrs (old: {
  dependencies = dependencies ++ nonPython (old.dependencies or [ ]);
  propagatedBuildInputs = nonPython (old.propagatedBuildInputs or [ ]);
  doCheck = tests;
} // (if brokenCycle then { dontCheckRuntimeDeps = true; } else { })
  // (if spec.file == null then { } else {
  # Another version than nixpkgs ships: its sdist replaces the source, and
  # nixpkgs' patches, written for nixpkgs' version, are dropped.
  inherit (spec) version;
  src = fetchFile spec.file;
  patches = [ ];
}))
