# Interpreters of hostpkgs (nixpkgs: python/default.nix, cpython/default.nix and
# passthrufun.nix): the derivation plus the passthru the Python tooling reads.
{ lib, pkgs, pins }:
{
  interpreter = { attr, version }:
    lib.makeOverridable ({ packageOverrides ? (_: _: { }), self ? pkgs.${attr} }:
      let
        inherit (pkgs) stdenv;
        parts = lib.splitVersion version;
        sourceVersion = {
          major = builtins.elemAt parts 0;
          minor = builtins.elemAt parts 1;
          patch = builtins.elemAt parts 2;
          suffix = "";
        };
        pythonVersion = "${sourceVersion.major}.${sourceVersion.minor}";
        executable = "python${pythonVersion}";
        sitePackages = "lib/${executable}/site-packages";
        pythonPackages = import ./scope.nix {
          inherit lib pkgs pins;
          python = self;
          overrides = packageOverrides;
        };
        passthru = {
          inherit version pythonVersion sourceVersion executable sitePackages;
          implementation = "cpython";
          libPrefix = executable;
          interpreter = "${self}/bin/${executable}";
          pythonAttr = attr;
          isPy3k = true;
          isPyPy = false;
          isPy310 = pythonVersion == "3.10";
          isPy311 = pythonVersion == "3.11";
          isPy312 = pythonVersion == "3.12";
          isPy313 = pythonVersion == "3.13";
          pythonAtLeast = lib.versionAtLeast pythonVersion;
          pythonOlder = lib.versionOlder pythonVersion;
          hasDistutilsCxxPatch = true;
          pythonABITags = [ "abi3" "none" "cp${sourceVersion.major}${sourceVersion.minor}" ];
          pkgs = pythonPackages;
          withPackages = import ./with-packages.nix { inherit (passthru) buildEnv; inherit pythonPackages; };
          buildEnv = lib.makeOverridable (import ./wrapper.nix) {
            inherit lib stdenv;
            inherit (pkgs) makeWrapper;
            python = self;
            inherit (pythonPackages) requiredPythonModules;
          };
          pythonOnBuildForBuild = self;
          pythonOnBuildForHost = self;
          pythonOnBuildForTarget = self;
          pythonOnHostForHost = self;
          pythonOnTargetForTarget = self;
          stdenv = stdenv;
          tests = { };
        };
      in
      stdenv.mkDerivation {
        pname = "python3";
        inherit version pythonVersion sitePackages;
        builder = "/bin/bash";
        args = [ "-e" (builtins.toFile "python-builder.sh" ''
          source "$stdenv/setup"
          source ${./interpreter.sh}
        '') ];
        nixSite = ./nix_site.py;
        setupHookScript = ./setup-hook.sh;
        inherit passthru;
        meta = {
          description = "CPython ${version} from the host, as a venv in the store (hostpkgs)";
          platforms = lib.platforms.linux;
          mainProgram = executable;
        };
      }) { };
}
