# The hooks of python.pkgs (nixpkgs: python/hooks/default.nix), as setup-hook
# derivations; scripts here are hostpkgs' own.
{ lib, python, pkgs, final }:
let
  makePythonHook = pkgs.makeSetupHook;
  site = drv: "${drv}/${python.sitePackages}";
  inherit (final) bootstrap;
  common = {
    pythonInterpreter = python.interpreter;
    pythonSitePackages = python.sitePackages;
  };
in
{
  pypaBuildHook = makePythonHook {
    name = "pypa-build-hook";
    propagatedBuildInputs = [ final.wheel ];
    substitutions = common // {
      buildPath = lib.concatMapStringsSep ":" site [ bootstrap.build bootstrap.packaging bootstrap.pyproject-hooks ];
    };
  } ./pypa-build-hook.sh;

  pypaInstallHook = makePythonHook {
    name = "pypa-install-hook";
    propagatedBuildInputs = [ final.installer ];
    substitutions = common;
  } ./pypa-install-hook.sh;

  wheelUnpackHook = makePythonHook {
    name = "wheel-unpack-hook";
    propagatedBuildInputs = [ final.wheel ];
  } ./wheel-unpack-hook.sh;

  setuptoolsBuildHook = makePythonHook {
    name = "setuptools-build-hook";
    propagatedBuildInputs = [ final.setuptools final.wheel ];
    substitutions = common;
  } ./setuptools-build-hook.sh;

  pythonRuntimeDepsCheckHook = makePythonHook {
    name = "python-runtime-deps-check-hook";
    propagatedBuildInputs = [ final.packaging ];
    substitutions = common // { hook = ./runtime_deps_check.py; };
  } ./python-runtime-deps-check-hook.sh;

  pythonCatchConflictsHook = makePythonHook {
    name = "python-catch-conflicts-hook";
    substitutions = common // { catchConflicts = ./catch_conflicts.py; };
  } ./python-catch-conflicts-hook.sh;

  pythonMetadataCheckHook = makePythonHook {
    name = "python-metadata-check-hook";
    substitutions = common // {
      metadataCheck = ./metadata_check.py;
      packagingPath = site bootstrap.packaging;
    };
  } ./python-metadata-check-hook.sh;

  pythonImportsCheckHook = makePythonHook {
    name = "python-imports-check-hook";
    substitutions = common;
  } ./python-imports-check-hook.sh;

  pythonRelaxDepsHook = makePythonHook {
    name = "python-relax-deps-hook";
    substitutions = common // { relaxDeps = ./relax_deps.py; };
  } ./python-relax-deps-hook.sh;

  pythonRemoveTestsDirHook = makePythonHook {
    name = "python-remove-tests-dir-hook";
    substitutions = common;
  } ./python-remove-tests-dir-hook.sh;

  pythonRemoveBinBytecodeHook = makePythonHook { name = "python-remove-bin-bytecode-hook"; } ./python-remove-bin-bytecode-hook.sh;

  pythonOutputDistHook = makePythonHook { name = "python-output-dist-hook"; } ./python-output-dist-hook.sh;

  wrapPython = makePythonHook {
    name = "wrap-python-hook";
    propagatedBuildInputs = [ pkgs.makeWrapper ];
    substitutions = common // {
      inherit (python) sitePackages;
      preamble = ./wrap_preamble.py;
    };
  } ./wrap-python.sh;
}
