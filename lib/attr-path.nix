# "stdenv.cc.cc.lib" -> pkgs.stdenv.cc.cc.lib, for the nixpkgs attribute paths
# that overrides/ data names. `what` says who asked, for the error message.
pkgs: what: path:
let
  parts = builtins.filter builtins.isString (builtins.split "\\." path);
  step = acc: part:
    if builtins.isAttrs acc && acc ? ${part} then acc.${part}
    else throw "mach-nix: ${what} names the nixpkgs attribute `${path}`, which this package set does not have (no `${part}`).";
in
builtins.foldl' step pkgs parts
