# python.pkgs (nixpkgs: passthrufun.nix + python-packages-base.nix): a scope built
# from the base functions, the hooks, the package definitions, every
# pythonPackagesExtensions entry, then packageOverrides; members that are
# derivations but not modules of this interpreter throw on use.
{ lib, pkgs, pins, python, overrides }:
let
  inherit (pkgs) stdenv;

  hasPythonModule = drv: drv ? pythonModule && drv.pythonModule == python;

  requiredPythonModules = drvs:
    let modules = builtins.filter hasPythonModule drvs;
    in lib.unique ([ python ] ++ modules ++ lib.concatLists (lib.catAttrs "requiredPythonModules" modules));

  toPythonModule = drv:
    drv.overrideAttrs (old: {
      passthru = (old.passthru or { }) // {
        pythonModule = python;
        pythonPath = [ ];
        requiredPythonModules = builtins.addErrorContext
          "while calculating requiredPythonModules for ${drv.name or "<unnamed>"}:"
          (requiredPythonModules (old.propagatedBuildInputs or [ ]));
      };
    });

  toPythonApplication = drv:
    drv.overrideAttrs (old: { passthru = (old.passthru or { }) // { pythonModule = false; }; });

  base = final: {
    inherit lib pkgs stdenv hasPythonModule requiredPythonModules toPythonModule toPythonApplication;
    python = toPythonModule python;
    pythonPackages = final;
    makePythonPath = drvs: lib.makeSearchPath python.sitePackages (requiredPythonModules drvs);
    disabled = drv: throw "${drv.pname or drv.name} not supported for interpreter ${python.executable}";
    disabledIf = x: drv: if x then final.disabled drv else drv;
    pythonAtLeast = lib.versionAtLeast python.pythonVersion;
    pythonOlder = lib.versionOlder python.pythonVersion;
    isPy3k = true;
    isPyPy = false;
    inherit (pkgs) fetchPypi;
    buildPythonPackage = import ./mk-python-derivation.nix {
      inherit lib python stdenv toPythonModule;
      inherit (pkgs) unzip;
      hooks = final;
      namePrefix = "${python.libPrefix}-";
    };
    buildPythonApplication = args: toPythonApplication
      (import ./mk-python-derivation.nix {
        inherit lib python stdenv toPythonModule;
        inherit (pkgs) unzip;
        hooks = final;
        namePrefix = "";
      } args);
  };

  hooks = final: _prev: import ./hooks { inherit lib python pkgs final; };
  packages = final: _prev: import ./packages.nix { inherit lib pkgs pins python final; };

  # nixpkgs' ensurePythonModules: the last layer, so overrides are checked too.
  ensurePythonModules = _final: prev:
    builtins.mapAttrs (name: value:
      if lib.isDerivation value then
        lib.extendDerivation
          (hasPythonModule value || (value.provides.setupHook or false) || value == stdenv
            || throw "${name} should use `buildPythonPackage` or `toPythonModule` if it is to be part of the Python packages set.")
          { } value
      else value) prev;

  composed = lib.extends
    (lib.composeManyExtensions ([ hooks packages ] ++ pkgs.pythonPackagesExtensions ++ [ overrides ensurePythonModules ]))
    base;
in
lib.makeScope (extra: lib.callPackageWith (pkgs // extra)) composed
