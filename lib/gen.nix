# `gen`: environments named by an attribute path, for trying packages
# without writing a file:
#
#   nix build mach-nix#gen.python.requests.numpy
#   nix shell mach-nix#gen.python311.requests
#
# Every level is a derivation (the environment of the names so far) that
# also has one attribute per package in the database, each the next level.
# Nix cannot intercept the lookup of a missing attribute, so the names on
# offer are the database's packages (db/manifest.json); resolving them
# (versions, dependencies, conflicts) is mkPython's, with its messages.
{ mkPython, pkgs, database ? null }:
let
  dbDir = if database != null then database else ../db;
  manifest = builtins.fromJSON (builtins.readFile (dbDir + "/manifest.json"));
  packageNames = builtins.concatMap (shard: shard.packages) (builtins.attrValues manifest.shard_table);

  # The attributes a level has before its environment is evaluated, so that
  # walking `a.b.c` resolves only the last level (as nixpkgs' lazyDerivation).
  facade = env: {
    type = "derivation";
    inherit (env) name drvPath outPath;
    outputName = "out";
    outputs = [ "out" ];
    out = facade env;
    meta = env.meta or { };
    inherit (env) interpreter;
    environment = env;
  };

  # Sorted, each name once (attrNames of a set): `six.idna`, `idna.six` and
  # `six.six.idna` are one environment, resolved once.
  requirementsOf = chosen:
    builtins.concatStringsSep "\n"
      (builtins.attrNames (builtins.listToAttrs (map (n: { name = n; value = null; }) chosen)));

  level = python: chosen:
    let
      env = mkPython ({
        inherit pkgs python;
        requirements = requirementsOf chosen;
      } // (if database != null then { inherit database; } else { }));
      next = builtins.listToAttrs (map (n: { name = n; value = level python (chosen ++ [ n ]); }) packageNames);
    in
    # The derivation's own attributes win over a package of the same name.
    next // facade env;

  interpreters = builtins.filter (a: pkgs ? ${a}) [ "python3" "python310" "python311" "python312" "python313" ];
in
{ python = level pkgs.python3 [ ]; }
// builtins.listToAttrs (map (a: { name = a; value = level pkgs.${a} [ ]; }) interpreters)
