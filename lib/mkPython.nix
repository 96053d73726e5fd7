# mkPython: requirements -> a Python environment (python.withPackages).
# Arguments: see lib/scope.nix and docs/nix-library.md.
args:
let
  scope = import ./scope.nix args;
  env = scope.python.withPackages (ps: map (n: ps.${n}) scope.envNames);
in
env // {
  # The composed interpreter (its .pkgs holds every resolved package) and the
  # resolved set, for users who build on top of the environment.
  # `lock`: this resolution as a pylock.toml, for `lockFile`.
  machNix = { inherit (scope) resolved python extension lock; };
}
