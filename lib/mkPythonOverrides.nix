# mkPythonOverrides: the package-set extension (`self: super: { ... }`) with
# every resolved package and the user's layers, for composing into a python
# of one's own (`python.override (old: { packageOverrides = ...; })`).
args: (import ./scope.nix args).extension
