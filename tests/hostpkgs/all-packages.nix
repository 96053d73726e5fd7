# The package set: nixpkgs attribute names over the host's tools and libraries.
# `final: prev:` so that overlays (and pythonPackagesExtensions) compose as in nixpkgs.
{ lib, system, hostInfo, pins }:
final: _prev:
let
  stdenvs = import ./stdenv { inherit lib system hostInfo; };
  inherit (stdenvs) hostLibrary;
  hostProgram = import ./build-support/host-programs.nix { inherit lib system; };
  builders = import ./build-support/trivial-builders.nix { inherit lib; inherit (stdenvs) stdenv stdenvNoCC; };
  python = import ./python { inherit lib pins; pkgs = final; };
in
builders
# Host libraries under their nixpkgs names (libraries.json: files, headers, programs).
// builtins.mapAttrs (pname: spec: hostLibrary ({
  inherit pname;
  version = hostInfo.libraries.${pname};
} // builtins.removeAttrs spec [ "debian" ])) (lib.importJSON ./libraries.json)
// {
  inherit lib system hostInfo;
  inherit (stdenvs) stdenv stdenvNoCC glibc;
  pkgs = final;
  buildPackages = final;
  pkgsBuildHost = final;
  pkgsBuildBuild = final;
  pkgsHostHost = final;
  pkgsHostTarget = final;
  __splicedPackages = final;
  config = { allowAliases = true; };
  callPackage = lib.callPackageWith final;
  newScope = extra: lib.callPackageWith (final // extra);
  gcc = stdenvs.cc;
  libgcc = stdenvs.gccUnwrapped;

  mkShell = import ./build-support/mk-shell.nix { inherit lib; inherit (stdenvs) stdenv; };
  mkShellNoCC = import ./build-support/mk-shell.nix { inherit lib; stdenv = stdenvs.stdenvNoCC; };
  nix = hostProgram {
    pname = "nix"; version = hostInfo.nix;
    programs = [ "nix" "nix-build" "nix-instantiate" "nix-store" "nix-shell" "nix-env" "nix-hash" ];
  };

  fetchurl = import ./build-support/fetchurl.nix { inherit lib; inherit (stdenvs) stdenvNoCC; };
  fetchPypi = import ./build-support/fetchpypi.nix { inherit lib; inherit (final) fetchurl; };

  makeWrapper = final.makeSetupHook { name = "make-wrapper-hook"; } ./build-support/make-wrapper.sh;
  makeBinaryWrapper = final.makeWrapper;
  autoPatchelfHook = final.makeSetupHook {
    name = "auto-patchelf-hook";
    propagatedBuildInputs = [ final.patchelf ];
    substitutions = {
      pythonInterpreter = "/usr/bin/python3";
      autoPatchelfScript = ./build-support/auto-patchelf.py;
    };
  } ./build-support/auto-patchelf.sh;

  unzip = hostProgram { pname = "unzip"; programs = [ "unzip" ]; setupHook = ./build-support/unzip-setup-hook.sh; };
  zip = hostProgram { pname = "zip"; programs = [ "zip" ]; };
  patchelf = hostProgram { pname = "patchelf"; programs = [ "patchelf" ]; };
  curl = hostProgram { pname = "curl"; programs = [ "curl" ]; };
  which = hostProgram { pname = "which"; programs = [ "which" ]; };
  gnumake = hostProgram { pname = "gnumake"; programs = [ "make" ]; };
  pkg-config = hostProgram { pname = "pkg-config"; programs = [ "pkg-config" ]; };
  ninja = hostProgram { pname = "ninja"; programs = [ "ninja" ]; setupHook = ./build-support/ninja-setup-hook.sh; };
  # What `nix develop` runs the shell with (it looks up nixpkgs#bashInteractive);
  # Debian's bash has readline, as nixpkgs' bashInteractive does.
  bashInteractive = hostProgram { pname = "bash-interactive"; programs = [ "bash" ]; };

  gfortran = stdenvs.cc // {
    cc = hostLibrary {
      pname = "gfortran"; version = hostInfo.gcc; outputs = [ "out" "lib" ];
      libraries = [ "libgfortran.so.5*" "libquadmath.so.0*" ];
    };
  };

  pythonManylinuxPackages = import ./build-support/manylinux.nix { inherit lib; inherit (final) runCommand glibc stdenv; };

  pythonPackagesExtensions = [ ];
  python311 = python.interpreter { attr = "python311"; version = hostInfo.python311; };
  python3 = final.python311;
  python311Packages = final.python311.pkgs;
  python3Packages = final.python3.pkgs;
}
