# sdist provider: the PyPI source release built with buildPythonPackage as a
# PEP 517 project; every build requirement comes from the resolved set, so
# setuptools is there only when the project (or a rule) asks for it.
{ pkgs }:
let
  fetchFile = import ../fetch-file.nix pkgs;
in
{ self, spec, dependencies, buildSystem, tests, brokenCycle, ... }:
self.buildPythonPackage {
  pname = spec.name;
  inherit (spec) version;
  pyproject = true;
  src = fetchFile spec.file;
  build-system = buildSystem;
  inherit dependencies;
  doCheck = tests;
  # `build` also checks what the backend asks for at build time
  # (get_requires_for_build_wheel), which no metadata declares and the
  # resolver cannot know; a module really missing still fails the build.
  pypaBuildFlags = [ "--skip-dependency-check" ];
  # A dependency dropped to break a cycle is in the environment but not in
  # this build's inputs; only then is the runtime-deps check skipped.
  dontCheckRuntimeDeps = brokenCycle;
}
