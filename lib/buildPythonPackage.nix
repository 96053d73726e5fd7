# buildPythonPackage / buildPythonApplication: a local source tree built with
# its requirements resolved like mkPython's. Name, version and requirements
# come from the tree (lib/project-meta.nix) unless given.
#
# A package is made inside the composed scope (so mkPython's packagesExtra
# can rebuild it in another scope from passthru.machNix.local); an
# application is not a Python module and so cannot live in the scope: it is
# made beside it, from the same scope's packages.
builder: args:
let
  local = import ./local-package.nix args;
  # mkPython's arguments go to the scope; the rest (meta, postInstall, ...)
  # to nixpkgs' builder (lib/local-package.nix).
  scopeArgs = builtins.intersectAttrs (builtins.functionArgs (import ./scope.nix))
    (removeAttrs args [ "requirements" ]);
  asPackage = builder == "buildPythonPackage";
  scope = import ./scope.nix (scopeArgs // { locals = if asPackage then [ local ] else [ ]; }
    // (if asPackage then { } else {
    requirements = builtins.concatStringsSep "\n" (local.dependencies ++ local.buildSystem);
  }));
  ps = scope.python.pkgs;
  drv = if asPackage then ps.${local.name}
    else local.build scope.resolved builder { self = ps; tests = args.tests or false; };
in
drv // { machNix = { inherit local; inherit (scope) resolved python; }; }
