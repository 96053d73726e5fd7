# The heart of every entry point: mkPython's arguments -> the resolved set,
# the package-set extension built from it, the user's python composed with
# that extension, and the names that make up the environment.
{ pkgs
, python ? pkgs.python3
, requirements ? ""
, requirementsFile ? null
, pyproject ? null
, providers ? { }
, packagesExtra ? [ ]
, _ ? { }
, overridesPre ? [ ]
, overridesPost ? [ ]
, tests ? false
, lockFile ? null
  # A resolved set (docs/resolved-set.md) written by `mach-nix resolve --json`,
  # as a path or already parsed: skips resolution like lockFile does.
, resolvedSet ? null
, database ? null
  # Local packages (lib/local-package.nix) built in the scope, and the
  # builder they are made with; used by buildPythonPackage.
, locals ? [ ]
}:
let
  names = import ./names.nix;
  extensions = import ./extensions.nix;
  rules = builtins.fromJSON (builtins.readFile ../overrides/rules.json);
  overrides = import ./overrides.nix { inherit pkgs python rules; fixesDir = ../overrides/fixes; };

  toLocal = p:
    if builtins.isPath p || builtins.isString p then import ./local-package.nix { src = p; }
    else if builtins.isAttrs p && p ? machNix then p.machNix.local
    else throw "mach-nix: packagesExtra entries must be source paths or packages made with mach-nix's buildPythonPackage.";
  extras = map toLocal packagesExtra ++ locals;

  fromPyproject = if pyproject == null then [ ]
    else (builtins.fromTOML (builtins.readFile pyproject)).project.dependencies or [ ];
  userText = builtins.concatStringsSep "\n" ([ requirements ]
    ++ (if requirementsFile == null then [ ] else [ (builtins.readFile requirementsFile) ])
    ++ fromPyproject);

  # What the resolver reads, one file per source, named as the user knows it.
  nonEmpty = text: builtins.match "[[:space:]]*" text == null;
  requirementFiles =
    (if nonEmpty requirements then [ { name = "requirements"; file = builtins.toFile "requirements" requirements; } ] else [ ])
    ++ (if requirementsFile == null then [ ] else [ {
      name = baseNameOf (toString requirementsFile);
      file = requirementsFile;
      # its sibling requirement files, for the `-r other.txt` / `-c
      # constraints.txt` lines in it (only *.txt and *.in, not the project)
      siblings = builtins.path {
        name = "requirement-files";
        path = dirOf requirementsFile;
        filter = path: type: type == "regular" && builtins.match ".*\\.(txt|in)" (baseNameOf path) != null;
      };
    } ])
    ++ (if pyproject == null then [ ] else [ { name = "pyproject.toml"; file = pyproject; } ])
    ++ map (l: {
      name = "${l.name}.requirements";
      file = builtins.toFile "${l.name}.requirements"
        (builtins.concatStringsSep "\n" (l.dependencies ++ l.buildSystem) + "\n");
    }) (builtins.filter (l: l.dependencies ++ l.buildSystem != [ ]) extras);

  db = if database != null then database
    else if builtins.pathExists ../db then builtins.path { path = ../db; name = "mach-nix-db"; }
    else throw "mach-nix: no dependency database: this copy of mach-nix ships no db/ and no `database` was given.";

  providerOrders = import ./providers-arg.nix providers;
  # Listing python.pkgs costs an evaluation of every package in it; skip it
  # when no provider order (the resolver's default has nixpkgs) can use it.
  usesNixpkgs = builtins.any (order: builtins.match ".*nixpkgs.*" order != null)
    (builtins.attrValues ({ _default = "wheel,sdist,nixpkgs"; } // providerOrders));

  resolution = import ./resolve.nix {
    inherit pkgs python requirementFiles;
    database = db;
    rules = ../overrides/rules.json;
    providers = providerOrders;
    target = import ./target.nix { inherit pkgs python; };
    nixpkgsIndex = if usesNixpkgs then import ./nixpkgs-index.nix python else [ ];
    constraints = import ./native-compat.nix {
      inherit pkgs providerOrders;
      data = builtins.fromJSON (builtins.readFile ../overrides/native-compat.json);
    };
  };

  resolved =
    if resolvedSet != null then
      (if builtins.isAttrs resolvedSet then resolvedSet else builtins.fromJSON (builtins.readFile resolvedSet))
    else if lockFile != null then import ./lock.nix lockFile
    # Nothing to resolve (say, only local packages without requirements).
    else if requirementFiles == [ ] then { schema = "mach-nix/resolved-set/1"; packages = { }; }
    else resolution.resolved;

  ours = import ./overlay.nix {
    inherit pkgs python resolved tests;
    locals = builtins.listToAttrs (map
      (l: { inherit (l) name; value = l.build resolved (l.builder or "buildPythonPackage"); })
      extras);
  };
  extension = extensions.compose ours
    (overrides.userExtension { inherit overridesPre overridesPost; tweaks = _; });

  composed =
    let
      py = python.override (old: {
        packageOverrides = extensions.compose (old.packageOverrides or (_: _: { })) extension;
        self = py;
      });
    in
    py;

  # The environment: every top-level requirement's runtime closure (cycles
  # included: genericClosure visits each name once), plus the local packages.
  # Build requirements of local packages are resolved but stay out, unless
  # the user asked for them too.
  userNames = names.requirementNames userText;
  localBuildOnly = builtins.filter (n: !(builtins.elem n userNames))
    (builtins.filter (n: n != null) (map names.requirementName (builtins.concatMap (l: l.buildSystem) extras)));
  roots = builtins.filter (n: !(builtins.elem n localBuildOnly))
    (builtins.concatMap (p: p.roots or [ ]) (builtins.attrValues resolved.packages));
  closure = builtins.genericClosure {
    startSet = map (n: { key = n; }) roots;
    operator = e: map (n: { key = n; }) (resolved.packages.${e.key}.dependencies or [ ]);
  };
in
{
  inherit resolved extension;
  # pylock.toml of this resolution (lib/resolve.nix), or the one given.
  lock = if lockFile != null then lockFile else resolution.lock;
  python = composed;
  envNames = map (e: e.key) closure ++ map (l: l.name) extras;
}
