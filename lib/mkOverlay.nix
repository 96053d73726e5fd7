# mkOverlay: a nixpkgs overlay that replaces one interpreter attribute
# (pythonAttr, default "python3") by that interpreter composed with the
# resolved packages; resolution uses the interpreter and platform of the
# package set it is applied to.
args:
let
  attr = args.pythonAttr or "python3";
  rest = removeAttrs args [ "pythonAttr" "pkgs" "python" ];
in
final: prev: {
  ${attr} = (import ./scope.nix (rest // { pkgs = prev; python = prev.${attr}; })).python;
}
