# The public functions. Each takes one attribute set of arguments that
# includes `pkgs` (flake.nix and ../default.nix supply it); `python`
# defaults to pkgs.python3.
let
  withPython = args: { python = args.pkgs.python3; } // args;
  build = import ./buildPythonPackage.nix;
in
{
  mkPython = args: import ./mkPython.nix (withPython args);
  mkPythonShell = args: import ./mkPythonShell.nix (withPython args);
  mkPythonOverrides = args: import ./mkPythonOverrides.nix (withPython args);
  mkOverlay = import ./mkOverlay.nix;
  buildPythonPackage = args: build "buildPythonPackage" (withPython args);
  buildPythonApplication = args: build "buildPythonApplication" (withPython args);
}
