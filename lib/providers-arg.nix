# The `providers` argument, checked and normalised for the resolver:
# a string (the default order) or { _default = "wheel,sdist"; numpy = "nixpkgs"; }
# -> { "_default" = "..."; "<canonical name>" = "..."; }.
# A wrong value fails here with one line naming the key and the bad word.
providers:
let
  names = import ./names.nix;
  known = [ "wheel" "sdist" "nixpkgs" ];
  words = s: builtins.filter (w: w != "") (builtins.filter builtins.isString (builtins.split "[[:space:],]+" s));
  check = key: value:
    let
      bad = if builtins.isString value then builtins.filter (w: !(builtins.elem w known)) (words value) else [ ];
    in
    if !(builtins.isString value) then
      throw "mach-nix: providers.${key} must be a string like \"wheel,sdist,nixpkgs\"."
    else if words value == [ ] then
      throw "mach-nix: providers.${key} is empty; give one or more of wheel, sdist, nixpkgs."
    else if bad != [ ] then
      throw "mach-nix: providers.${key} = \"${value}\": unknown provider `${builtins.head bad}`; use a comma-separated list of wheel, sdist, nixpkgs."
    else builtins.concatStringsSep "," (words value);
  asSet = if builtins.isString providers then { _default = providers; } else providers;
in
builtins.listToAttrs (map
  (key: {
    name = if key == "_default" then key else names.canonical key;
    value = check key asSet.${key};
  })
  (builtins.attrNames asSet))
