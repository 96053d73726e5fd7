# buildPythonPackage (nixpkgs: python/mk-python-derivation.nix): chooses hooks by
# `pyproject`/`format`, maps the Python argument names onto mkDerivation, turns
# tests into install checks, and makes the result a module of this interpreter.
{ lib, python, stdenv, toPythonModule, unzip, hooks, namePrefix }:
let
  isMismatchedModule = d: lib.isDerivation d && d ? pythonModule && d.pythonModule != false && d.pythonModule != python;

  build = attrs@{
    name ? "${attrs.pname}-${attrs.version}",
    format ? null,
    pyproject ? null,
    build-system ? [ ],
    dependencies ? [ ],
    optional-dependencies ? { },
    nativeBuildInputs ? [ ],
    buildInputs ? [ ],
    propagatedBuildInputs ? [ ],
    nativeCheckInputs ? [ ],
    checkInputs ? [ ],
    doCheck ? true,
    disabled ? false,
    catchConflicts ? true,
    dontWrapPythonPrograms ? false,
    permitUserSite ? false,
    makeWrapperArgs ? [ ],
    removeBinBytecode ? true,
    pythonRelaxDeps ? [ ],
    pythonRemoveDeps ? [ ],
    outputs ? [ "out" ],
    passthru ? { },
    meta ? { },
    ...
  }:
  let
    format' =
      if pyproject != null && format != null then
        throw "${name}: `pyproject` and `format` are mutually exclusive; set only one"
      else if pyproject != null then (if pyproject then "pyproject" else "other")
      else if format != null then format
      else throw "${name} does not configure a `format`. To build with setuptools as before, set `pyproject = true` and `build-system = [ setuptools ]`.";
    knownFormats = [ "pyproject" "setuptools" "wheel" "egg" "other" ];
    withDistOutput = builtins.elem format' [ "pyproject" "setuptools" "wheel" ];
    relaxOrRemove = pythonRelaxDeps != [ ] && pythonRelaxDeps != false || pythonRemoveDeps != [ ] && pythonRemoveDeps != false;
    isZip = lib.hasSuffix "zip" (attrs.src.name or "");
    mismatched = builtins.filter isMismatchedModule (buildInputs ++ propagatedBuildInputs ++ dependencies);
    checkedFormat =
      if !(builtins.elem format' knownFormats) then throw "${name}: unsupported format `${format'}'"
      else if format' == "egg" then throw "${name}: format `egg' is not offered by hostpkgs"
      else if mismatched != [ ] then
        throw "Python version mismatch in '${name}': The Python derivation '${name}' depends on a Python derivation named '${(builtins.head mismatched).name}', but the two were built with different Python versions. This is likely a bug in your package set."
      else format';

    drv = stdenv.mkDerivation ((builtins.removeAttrs attrs [
      "disabled" "checkPhase" "checkInputs" "nativeCheckInputs" "doCheck" "doInstallCheck" "pyproject" "format"
      "build-system" "dependencies" "optional-dependencies" "catchConflicts" "pythonRelaxDeps" "pythonRemoveDeps"
      "dontWrapPythonPrograms" "makeWrapperArgs" "permitUserSite"
    ]) // {
      name = namePrefix + name;
      nativeBuildInputs = [ python hooks.wrapPython hooks.pythonRemoveTestsDirHook ]
        ++ lib.optional removeBinBytecode hooks.pythonRemoveBinBytecodeHook
        ++ lib.optional catchConflicts hooks.pythonCatchConflictsHook
        ++ lib.optional relaxOrRemove hooks.pythonRelaxDepsHook
        ++ lib.optionals (checkedFormat == "pyproject") [ hooks.pypaBuildHook hooks.pythonRuntimeDepsCheckHook hooks.pypaInstallHook ]
        ++ lib.optionals (checkedFormat == "setuptools") [ hooks.setuptoolsBuildHook hooks.pypaInstallHook ]
        ++ lib.optionals (checkedFormat == "wheel") [ hooks.wheelUnpackHook hooks.pypaInstallHook ]
        ++ lib.optional withDistOutput hooks.pythonOutputDistHook
        ++ [ hooks.pythonImportsCheckHook ]
        ++ lib.optional (attrs ? pname) hooks.pythonMetadataCheckHook
        ++ lib.optional isZip unzip
        ++ nativeBuildInputs ++ build-system;
      inherit buildInputs;
      propagatedBuildInputs = propagatedBuildInputs ++ dependencies ++ [ python ];
      doCheck = false;
      doInstallCheck = attrs.doInstallCheck or doCheck;
      nativeInstallCheckInputs = nativeCheckInputs;
      installCheckInputs = checkInputs;
      outputs = outputs ++ lib.optional withDistOutput "dist";
      strictDeps = true;
      pythonRelaxDeps = if pythonRelaxDeps == true then "*" else pythonRelaxDeps;
      pythonRemoveDeps = if pythonRemoveDeps == true then "*" else pythonRemoveDeps;
      makeWrapperArgs = makeWrapperArgs;
      inherit permitUserSite;
      postFixup = lib.optionalString (!dontWrapPythonPrograms) ''
        wrapPythonPrograms
      '' + (attrs.postFixup or "");
      passthru = passthru // {
        inherit disabled dependencies optional-dependencies build-system;
      };
      meta = { platforms = python.meta.platforms; isBuildPythonPackage = python.meta.platforms; } // meta;
    } // lib.optionalAttrs (attrs ? checkPhase) { installCheckPhase = attrs.checkPhase; });
  in
  lib.extendDerivation
    (disabled -> throw "${name} not supported for interpreter ${python.executable}")
    { } (toPythonModule drv);

  # overridePythonAttrs re-runs buildPythonPackage with merged arguments; it lives
  # in passthru so it survives overrideAttrs, as in nixpkgs.
  makeOverridablePythonPackage = f: origArgs:
    let
      overrideWith = newArgs: origArgs // (if lib.isFunction newArgs then newArgs origArgs else newArgs);
      args = origArgs // {
        passthru = (origArgs.passthru or { }) // {
          overridePythonAttrs = newArgs: makeOverridablePythonPackage f (overrideWith newArgs);
        };
      };
    in
    f args;
in
makeOverridablePythonPackage build
