# The mach-nix NixOS module: named Python environments in a system
# configuration, each on PATH as `python-<name>`.
#
# This file is a function of the mach-nix library (any attrset with
# `mkPython`, e.g. the flake's `lib`), returning the module:
#
#   nixosModules.default = import ./nixos/module.nix { inherit (self.lib) mkPython; };
#
# It uses only what NixOS modules may rely on (lib.mkOption, lib.types,
# lib.literalExpression, the module arguments), pkgs.writeShellScriptBin
# and builtins.
{ mkPython, ... }:
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types;
  cfg = config.programs.mach-nix;

  environmentModule = { config, ... }: {
    options = {
      requirements = mkOption {
        type = types.lines;
        default = "";
        example = "requests\nnumpy>=1.26";
        description = ''
          Requirements of the environment, one per line (requirements.txt
          syntax). Added to those of `requirementsFile` and `pyproject`.
        '';
      };
      requirementsFile = mkOption {
        type = types.nullOr types.path;
        default = null;
        example = lib.literalExpression "./requirements.txt";
        description = "A requirements.txt whose requirements are added to `requirements`.";
      };
      pyproject = mkOption {
        type = types.nullOr types.path;
        default = null;
        example = lib.literalExpression "./pyproject.toml";
        description = "A pyproject.toml whose `project.dependencies` are added to `requirements`.";
      };
      providers = mkOption {
        type = types.attrsOf types.str;
        default = { };
        example = { _default = "wheel,sdist,nixpkgs"; numpy = "nixpkgs"; };
        description = ''
          Provider preference, globally (`_default`) and per package: a
          comma-separated list of `wheel`, `sdist`, `nixpkgs`.
        '';
      };
      python = mkOption {
        type = types.package;
        default = pkgs.python3;
        defaultText = lib.literalExpression "pkgs.python3";
        description = "The interpreter to build the environment for.";
      };
      packagesExtra = mkOption {
        type = types.listOf (types.either types.package types.path);
        default = [ ];
        description = ''
          Local Python projects added to the environment: source paths, or
          packages made with mach-nix's buildPythonPackage.
        '';
      };
      _ = mkOption {
        # Per package, per attribute: modules may tweak different attributes
        # of one package; each value goes to mkPython as written.
        type = types.attrsOf (types.attrsOf types.raw);
        default = { };
        example = lib.literalExpression "{ pillow.buildInputs.add = [ pkgs.libjpeg ]; }";
        description = "Attribute tweaks per package (mkPython's `_`): `<package>.<attribute> = value`, `{ add = ...; }` or `{ mod = old: ...; }`.";
      };
      overridesPre = mkOption {
        type = types.listOf types.raw;
        default = [ ];
        description = "Python package-set overlays applied before mach-nix's own (mkPython's `overridesPre`).";
      };
      overridesPost = mkOption {
        type = types.listOf types.raw;
        default = [ ];
        description = "Python package-set overlays applied last (mkPython's `overridesPost`).";
      };
      tests = mkOption {
        type = types.bool;
        default = false;
        description = "Whether to run the packages' test suites while building.";
      };
      lockFile = mkOption {
        type = types.nullOr types.path;
        default = null;
        example = lib.literalExpression "./pylock.toml";
        description = "A lock file written by `mach-nix lock`: resolve nothing at evaluation time.";
      };
      resolvedSet = mkOption {
        type = types.nullOr (types.either types.path types.attrs);
        default = null;
        description = "A resolved set (docs/resolved-set.md), as a file or an attribute set: resolve nothing.";
      };
      database = mkOption {
        type = types.nullOr types.path;
        default = null;
        description = "A mach-nix dependency database to resolve from instead of the one mach-nix ships.";
      };
      package = mkOption {
        type = types.package;
        readOnly = true;
        description = "The environment mkPython built from the options above.";
      };
    };

    config.package = mkPython {
      inherit pkgs;
      inherit (config)
        python requirements requirementsFile pyproject providers packagesExtra
        _ overridesPre overridesPost tests lockFile resolvedSet database;
    };
  };

  # bin/<command> runs the environment's interpreter by its own path: a
  # separate name per environment so any number of them share one PATH, and
  # a script rather than a symlink because the interpreter finds its
  # environment from the path it is started as.
  launcher = command: env: pkgs.writeShellScriptBin command ''
    exec ${env.interpreter} "$@"
  '';

  # The name becomes a command on PATH and part of a store path name, which
  # allow neither spaces nor slashes: say so instead of a store-path error.
  commandOf = name:
    if builtins.match "[A-Za-z0-9][A-Za-z0-9._+-]*" name != null then "python-${name}"
    else throw "programs.mach-nix.environments.\"${name}\": an environment's name must be usable as a command name (letters, digits, '.', '_', '+', '-'): it is on PATH as python-<name>.";

  # Wins over a plain python3 that another module installs (buildEnv
  # priority: lower is stronger, default 5).
  preferred = drv: drv // { meta = (drv.meta or { }) // { priority = 4; }; };

  defaultEnv =
    let name = cfg.defaultEnvironment; in
    if cfg.environments ? ${name} then
      cfg.environments.${name}.package
    else
      throw "programs.mach-nix.defaultEnvironment is \"${name}\", but programs.mach-nix.environments has no such environment (it has: ${builtins.concatStringsSep ", " (builtins.attrNames cfg.environments)}).";
in
{
  options.programs.mach-nix = {
    environments = mkOption {
      type = types.attrsOf (types.submodule environmentModule);
      default = { };
      example = lib.literalExpression ''
        {
          science = { requirements = "numpy\nscipy"; python = pkgs.python311; };
          web.requirements = "requests";
        }
      '';
      description = ''
        Python environments built by mach-nix. Each one's interpreter is on
        PATH as `python-<name>`.
      '';
    };
    defaultEnvironment = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "science";
      description = "An environment whose interpreter is also on PATH as `python3` and `python`.";
    };
  };

  config.environment.systemPackages =
    map (name: launcher (commandOf name) cfg.environments.${name}.package) (builtins.attrNames cfg.environments)
    ++ (if cfg.defaultEnvironment == null then [ ]
        else map (command: preferred (launcher command defaultEnv)) [ "python3" "python" ]);
}
