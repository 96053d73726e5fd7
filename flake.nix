{
  description = "mach-nix: reproducible Python environments from plain requirements";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      machNix = import ./lib;
      systems = builtins.filter (s: nixpkgs.legacyPackages ? ${s})
        [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      forAllSystems = f: builtins.listToAttrs (map (system: { name = system; value = f system; }) systems);

      # Every lib function takes `pkgs`, or `system` to use this flake's nixpkgs.
      withPkgs = f: args:
        let
          pkgs = args.pkgs or (if args ? system then nixpkgs.legacyPackages.${args.system}
            else throw "mach-nix: pass `pkgs` (your nixpkgs) or `system` (to use mach-nix's own nixpkgs).");
        in
        f (removeAttrs args [ "system" ] // { inherit pkgs; });

      cliSource = builtins.path {
        name = "mach-nix-source";
        path = ./.;
        filter = path: type:
          let rel = builtins.substring (builtins.stringLength (toString ./.) + 1) (-1) (toString path); in
          (rel == "pyproject.toml" || rel == "resolver" || builtins.match "resolver/.*" rel != null)
          && baseNameOf path != "__pycache__" && builtins.match ".*\\.(pyc|egg-info)" (baseNameOf path) == null;
      };
      cli = pkgs: pkgs.python3.pkgs.buildPythonApplication {
        pname = "mach-nix";
        version = (builtins.fromTOML (builtins.readFile ./pyproject.toml)).project.version;
        pyproject = true;
        src = cliSource;
        build-system = [ pkgs.python3.pkgs.setuptools ];
        dependencies = with pkgs.python3.pkgs; [ packaging resolvelib zstandard ];
        # The shipped snapshot, unless the user points MACH_NIX_DB elsewhere.
        makeWrapperArgs = [ "--set-default" "MACH_NIX_DB" "${builtins.path { path = ./db; name = "mach-nix-db"; }}" ];
      };
    in
    {
      lib = {
        mkPython = withPkgs machNix.mkPython;
        mkPythonShell = withPkgs machNix.mkPythonShell;
        mkPythonOverrides = withPkgs machNix.mkPythonOverrides;
        mkOverlay = machNix.mkOverlay;
        buildPythonPackage = withPkgs machNix.buildPythonPackage;
        buildPythonApplication = withPkgs machNix.buildPythonApplication;
      };

      packages = forAllSystems (system: {
        default = cli nixpkgs.legacyPackages.${system};
      });

      # `nix build .#gen.python.requests.numpy` (lib/gen.nix).
      legacyPackages = forAllSystems (system: {
        gen = import ./lib/gen.nix {
          inherit (machNix) mkPython;
          pkgs = nixpkgs.legacyPackages.${system};
        };
      });

      nixosModules.default = import ./nixos/module.nix { inherit (self.lib) mkPython; };

      templates = {
        python = {
          path = ./templates/python;
          description = "A Python environment from a requirements list";
        };
        app = {
          path = ./templates/app;
          description = "A Python application with its dependencies resolved by mach-nix";
        };
        default = self.templates.python;
      };

      checks = forAllSystems (system: {
        cli = self.packages.${system}.default;
        # From a given resolved set of pure-Python wheels: no IFD, so
        # `nix flake check` evaluates every system's checks on any machine.
        requests = self.lib.mkPython { inherit system; resolvedSet = ./tests/nix/fixtures/resolved-pure.json; };
      });
    };
}
