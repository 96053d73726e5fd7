"""One module per `mach-nix` subcommand, each with `register(subparsers)`."""
