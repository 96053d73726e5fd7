"""mach-nix: resolve Python requirements for a Nix target and build them with Nix."""

__version__ = "4.0.0.dev0"
