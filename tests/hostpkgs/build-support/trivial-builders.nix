# Mirrors nixpkgs pkgs/build-support/trivial-builders/default.nix and
# pkgs/build-support/setup-hooks/make-setup-hook / symlink-join.
{ lib, stdenv, stdenvNoCC }:
rec {
  runCommandWith = { stdenv ? stdenvNoCC, name, runLocal ? false, derivationArgs ? { } }: buildCommand:
    stdenv.mkDerivation ({
      enableParallelBuilding = true;
      inherit buildCommand name;
      passAsFile = [ "buildCommand" ] ++ (derivationArgs.passAsFile or [ ]);
    } // lib.optionalAttrs runLocal { preferLocalBuild = true; allowSubstitutes = false; }
      // builtins.removeAttrs derivationArgs [ "passAsFile" ]);

  runCommand = name: env: runCommandWith { stdenv = stdenvNoCC; inherit name; derivationArgs = env; };
  runCommandLocal = name: env: runCommandWith { stdenv = stdenvNoCC; runLocal = true; inherit name; derivationArgs = env; };
  runCommandCC = name: env: runCommandWith { inherit stdenv name; derivationArgs = env; };
  runCommandNoCC = runCommand;

  writeTextFile = { name, text, executable ? false, destination ? "", checkPhase ? "", meta ? { },
                    passthru ? { }, allowSubstitutes ? false, preferLocalBuild ? true, derivationArgs ? { } }:
    runCommandWith {
      inherit name;
      derivationArgs = {
        inherit text executable checkPhase allowSubstitutes preferLocalBuild meta passthru;
        passAsFile = [ "text" ];
      } // derivationArgs;
    } ''
      target="$out${destination}"
      mkdir -p "$(dirname "$target")"
      if [ -e "$textPath" ]; then cp "$textPath" "$target"; else printf '%s' "$text" > "$target"; fi
      if [ -n "$executable" ]; then chmod +x "$target"; fi
      eval "$checkPhase"
    '';

  writeText = name: text: writeTextFile { inherit name text; };
  writeTextDir = path: text: writeTextFile { inherit text; name = builtins.baseNameOf path; destination = "/${path}"; };
  writeScript = name: text: writeTextFile { inherit name text; executable = true; };
  writeScriptBin = name: text: writeTextFile { inherit name text; executable = true; destination = "/bin/${name}"; meta.mainProgram = name; };
  writeShellScript = name: text: writeTextFile {
    inherit name;
    executable = true;
    text = ''
      #!${stdenv.shell}
      ${text}
    '';
    checkPhase = ''${stdenv.shell} -n "$target"'';
  };
  writeShellScriptBin = name: text: writeTextFile {
    inherit name;
    executable = true;
    destination = "/bin/${name}";
    text = ''
      #!${stdenv.shell}
      ${text}
    '';
    checkPhase = ''${stdenv.shell} -n "$target"'';
    meta.mainProgram = name;
  };
  writeShellApplication = { name, text, runtimeInputs ? [ ], runtimeEnv ? { }, meta ? { }, passthru ? { }, ... }:
    writeTextFile {
      inherit name meta passthru;
      executable = true;
      destination = "/bin/${name}";
      text = ''
        #!${stdenv.shell}
        set -o errexit
        set -o nounset
        set -o pipefail
      '' + lib.concatStrings (lib.mapAttrsToList (n: v: "export ${n}=${lib.escapeShellArg v}\n") runtimeEnv)
      + lib.optionalString (runtimeInputs != [ ]) ''
        export PATH="${lib.makeBinPath runtimeInputs}:$PATH"
      '' + text;
      checkPhase = ''${stdenv.shell} -n "$target"'';
    };

  # Later paths never replace files of earlier ones (nixpkgs: lndir -silent).
  symlinkJoin = args@{ name, paths, preferLocalBuild ? true, allowSubstitutes ? false, postBuild ? "", ... }:
    runCommand name (builtins.removeAttrs args [ "name" "postBuild" ] // {
      inherit preferLocalBuild allowSubstitutes;
      passAsFile = [ "paths" ];
    }) ''
      mkdir -p "$out"
      for i in $(cat "$pathsPath"); do
        if [ -d "$i" ]; then
          cp -rsn --no-preserve=mode "$i/." "$out/"
        fi
      done
      ${postBuild}
    '';

  linkFarm = name: entries:
    let list = if builtins.isList entries then entries else lib.mapAttrsToList (n: p: { name = n; path = p; }) entries;
    in runCommand name { preferLocalBuild = true; allowSubstitutes = false; } ''
      mkdir -p "$out"
      ${lib.concatMapStrings (e: ''
        mkdir -p "$(dirname ${lib.escapeShellArg "${builtins.placeholder "out"}/${e.name}"})"
        ln -s ${lib.escapeShellArg "${e.path}"} ${lib.escapeShellArg "${builtins.placeholder "out"}/${e.name}"}
      '') list}
    '';

  makeSetupHook = { name ? "hook", propagatedBuildInputs ? [ ], propagatedNativeBuildInputs ? [ ], depsTargetTargetPropagated ? [ ],
                    substitutions ? { }, passthru ? { }, meta ? { } }: script:
    runCommand name {
      inherit propagatedBuildInputs propagatedNativeBuildInputs meta;
      strictDeps = true;
      passthru = passthru // { provides = (passthru.provides or { }) // { setupHook = true; }; };
      substArgsShell = lib.escapeShellArgs (lib.concatLists (lib.mapAttrsToList
        (k: v: [ "--subst-var-by" k (if builtins.isList v then lib.concatMapStringsSep " " (x: "${x}") v else "${v}") ])
        substitutions));
      inherit script;
    } ''
      mkdir -p "$out/nix-support"
      cp "$script" "$out/nix-support/setup-hook"
      chmod u+w "$out/nix-support/setup-hook"
      eval "set -- $substArgsShell"
      ${lib.optionalString (substitutions != { }) ''substituteInPlace "$out/nix-support/setup-hook" "$@"''}
      ${lib.optionalString (propagatedBuildInputs != [ ]) ''printWords $propagatedBuildInputs > "$out/nix-support/propagated-build-inputs"''}
      ${lib.optionalString (propagatedNativeBuildInputs != [ ]) ''printWords $propagatedNativeBuildInputs > "$out/nix-support/propagated-native-build-inputs"''}
    '';
}
