# mkPythonShell: the mkPython environment as a development shell.
args:
let
  pkgs = args.pkgs;
  env = import ./mkPython.nix (removeAttrs args [ "shellHook" "packages" ]);
in
pkgs.mkShell {
  packages = [ env ] ++ (args.packages or [ ]);
  shellHook = args.shellHook or "";
}
