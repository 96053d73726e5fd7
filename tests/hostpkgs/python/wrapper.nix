# python.buildEnv (nixpkgs: python/wrapper.nix): one tree over the interpreter and
# the module closure of extraLibs. The tree is itself a venv of the host python, so
# `<env>/bin/python3.11` takes the env as sys.prefix and sees the merged
# site-packages (what nixpkgs' binary wrapper achieves). Other programs are wrapped.
{ lib, stdenv, makeWrapper, python, requiredPythonModules,
  extraLibs ? [ ], extraOutputsToInstall ? [ ], postBuild ? "", ignoreCollisions ? false,
  permitUserSite ? false, makeWrapperArgs ? [ ] }:
let
  paths = requiredPythonModules (extraLibs ++ [ python ]);
  env = stdenv.mkDerivation {
    name = "${python.pname}-${python.version}-env";
    inherit paths ignoreCollisions permitUserSite makeWrapperArgs postBuild;
    inherit (python) executable sitePackages;
    nativeBuildInputs = [ makeWrapper ];
    mergeScript = ./build_env.py;
    buildCommand = ''
      /usr/bin/python3 "$mergeScript" "$out" $paths
      # The env is a venv of the same host interpreter.
      cp ${python}/pyvenv.cfg "$out/pyvenv.cfg.tmp"
      rm -f "$out/pyvenv.cfg"
      mv "$out/pyvenv.cfg.tmp" "$out/pyvenv.cfg"
      for exe in python python3 ${python.executable}; do
        rm -f "$out/bin/$exe"
        ln -s "$(readlink "${python}/bin/$exe")" "$out/bin/$exe"
      done
      userSite=()
      [ -z "$permitUserSite" ] && userSite=(--set PYTHONNOUSERSITE true)
      for prog in "$out"/bin/*; do
        name="$(basename "$prog")"
        case "$name" in python | python3 | ${python.executable}) continue ;; esac
        [ -x "$prog" ] && [ ! -d "$prog" ] || continue
        target="$(readlink -f "$prog")"
        rm -f "$prog"
        # shellcheck disable=SC2086
        makeWrapper "$target" "$prog" "''${userSite[@]}" \
          --set NIX_PYTHONPREFIX "$out" \
          --set NIX_PYTHONEXECUTABLE "$out/bin/${python.executable}" \
          --set NIX_PYTHONPATH "$out/${python.sitePackages}" \
          $makeWrapperArgs
      done
      eval "$postBuild"
    '';
    passthru = python.passthru // {
      interpreter = "${env}/bin/${python.executable}";
      inherit python;
      env = stdenv.mkDerivation {
        name = "interactive-${python.name}-environment";
        nativeBuildInputs = [ env ];
        buildCommand = ''echo >&2 ""; echo >&2 "*** Python 'env' attributes are intended for interactive nix-shell sessions, not for building! ***"; exit 1'';
      };
    };
  };
in
env
