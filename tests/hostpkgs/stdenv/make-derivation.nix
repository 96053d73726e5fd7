# stdenv.mkDerivation as in nixpkgs pkgs/stdenv/generic/make-derivation.nix:
# attributes or `finalAttrs: {...}`, passthru, meta, env, overrideAttrs (both
# `old: {...}` and `final: prev: {...}`), outputs.
{ lib, system, shell, setup, initialPath, defaultNativeBuildInputs }:
let
  # Never exported to the builder: Nix structures with no string form.
  notInEnvironment = [ "passthru" "meta" "env" "pos" "finalPackage" "overrideAttrs" "__structuredAttrs" ];

  toOutputs = attrs:
    let
      passthru = attrs.passthru or { };
      name = attrs.name or "${attrs.pname}-${attrs.version}";
      doCheck = attrs.doCheck or false;
      doInstallCheck = attrs.doInstallCheck or false;
      # Check inputs are inputs only when their checks run (nixpkgs does the same).
      withChecks = plain: check: installCheck:
        (attrs.${plain} or [ ])
        ++ lib.optionals doCheck (attrs.${check} or [ ])
        ++ lib.optionals doInstallCheck (attrs.${installCheck} or [ ]);
      drvAttrs = builtins.removeAttrs attrs notInEnvironment // (attrs.env or { }) // {
        nativeBuildInputs = withChecks "nativeBuildInputs" "nativeCheckInputs" "nativeInstallCheckInputs";
        buildInputs = withChecks "buildInputs" "checkInputs" "installCheckInputs";
        inherit name system;
        outputs = attrs.outputs or [ "out" ];
        builder = attrs.builder or shell;
        args = attrs.args or [ "-e" ./default-builder.sh ];
        stdenv = setup;
        initialPath = initialPath;
        defaultNativeBuildInputs = defaultNativeBuildInputs;
        SHELL = shell;
        inherit doCheck doInstallCheck;
      };
    in
    { inherit drvAttrs passthru; meta = attrs.meta or { }; };

  makeDerivationExtensible = rattrs:
    let
      args = rattrs (args // { inherit finalPackage overrideAttrs; });
      built = toOutputs args;
      drv = derivation built.drvAttrs;
      finalPackage = lib.extendDerivation true
        (built.passthru // {
          inherit overrideAttrs;
          inherit (built) meta passthru;
          drvAttrs = built.drvAttrs;
        } // lib.optionalAttrs (args ? pname) { inherit (args) pname; }
          // lib.optionalAttrs (args ? version) { inherit (args) version; })
        drv;
      overrideAttrs = f0:
        let
          f = final: prev:
            let x = f0 prev; in if lib.isFunction x then f0 final prev else x;
        in
        makeDerivationExtensible (final: let prev = rattrs final; in prev // f final prev);
    in
    finalPackage;
in
fnOrAttrs:
if lib.isFunction fnOrAttrs then makeDerivationExtensible fnOrAttrs
else makeDerivationExtensible (_: fnOrAttrs)
