# The resolved set as a Python package-set extension (`self: super: {...}`):
# one builder per package by its provider, then its matching override rules.
# Every dependency is taken from `self`, the final scope, so each package
# exists once in the closure whatever later layers change.
#
# locals: name -> (context -> derivation), for packages built from local
# sources (packagesExtra, buildPythonPackage); they draw from the same scope.
{ pkgs, python, resolved, tests ? false, locals ? { } }:
let
  sonames = builtins.fromJSON (builtins.readFile ../overrides/sonames.json);
  rules = builtins.fromJSON (builtins.readFile ../overrides/rules.json);
  overrides = import ./overrides.nix { inherit pkgs python rules; fixesDir = ../overrides/fixes; };

  providers = {
    wheel = import ./providers/wheel.nix { inherit pkgs sonames; };
    sdist = import ./providers/sdist.nix { inherit pkgs; };
    nixpkgs = import ./providers/nixpkgs.nix { inherit pkgs; };
  };

  packages = resolved.packages;
  dropped = import ./cycles.nix (builtins.mapAttrs
    (_: spec: { runtime = spec.dependencies; build = spec.build_system; })
    packages);

  without = drop: builtins.filter (n: !(builtins.elem n drop));

  # nixpkgs' build hooks take packaging tools from the scope: wheelUnpackHook
  # propagates `wheel`, the runtime-deps check `packaging`, and nixpkgs'
  # `wheel` itself depends on `packaging`. Replaced by wheels of the resolved
  # set, such tools would be installed by hooks that need themselves, so they
  # are unpacked directly (providers/wheel.nix). The names are those
  # nixpkgs' builder treats as bootstrap packages (mk-python-derivation.nix),
  # plus whatever our own `wheel` depends on.
  bootstrapNames = [ "build" "flit-core" "installer" "packaging" "pyproject-hooks" "tomli" "wheel" ];
  unpackedNames = bootstrapNames ++ (if packages ? wheel then
    map (e: e.key) (builtins.genericClosure {
      startSet = [ { key = "wheel"; } ];
      operator = e: map (n: { key = n; }) (packages.${e.key}.dependencies or [ ]);
    })
  else [ ]);

  build = self: super: name: spec:
    let
      drop = dropped.${name} or [ ];
      builder = providers.${spec.provider} or (throw
        "mach-nix: the resolved set gives ${name} the unknown provider `${spec.provider}`.");
      drv = builder {
        inherit self super spec tests;
        dependencies = map (n: self.${n}) (without drop spec.dependencies);
        buildSystem = map (n: self.${n}) spec.build_system;
        brokenCycle = drop != [ ];
        unpackDirectly = builtins.elem name unpackedNames;
      };
    in
    overrides.applyRules { inherit self super name; } spec.overrides drv;
in
self: super:
builtins.mapAttrs (build self super) packages
// builtins.mapAttrs (_: local: local { inherit self super tests; }) locals
