# The import-from-derivation: one derivation runs `mach-nix resolve` from this
# repository's source on plain-data inputs and writes the resolved set
# (docs/resolved-set.md); Nix reads it back at evaluation time.
#
# A resolution failure is the user's to fix, so it must read as the
# resolver's own explanation, not as a build-failure trace: the derivation
# records the message as {"error": ...} (exit codes 1 and 2 are the resolver's
# ResolutionError/UserError) and the evaluation throws it. Any other failure
# is a crash and fails the build as usual.
#
# requirementFiles: [ { name; file; siblings ? dir; } ]: each is copied into
# the build directory under `name` (after the files of `siblings`, which its
# -r/-c lines may name) and given to the resolver as it is, so its messages
# say "requirements.txt:3", not a store path; a name ending in .toml is read
# as a pyproject.toml.
#
# constraints: PEP 508 lines given to the resolver as a constraints file
# (pip's -c), named native-compat.txt (lib/native-compat.nix).
{ pkgs, python, database, rules, requirementFiles, providers, target, nixpkgsIndex, constraints ? [ ] }:
let
  source = builtins.path {
    name = "mach-nix-resolver-src";
    path = ../resolver;
    filter = path: type:
      let base = baseNameOf path; in
      base != "__pycache__" && builtins.match ".*\\.pyc" base == null
      && builtins.match ".*\\.egg-info" base == null;
  };
  resolverPython = (python.pythonOnBuildForHost or python).withPackages
    (ps: [ ps.packaging ps.resolvelib ps.zstandard ]);
  # Bytecode compiled once: the store is read-only, so without it every
  # resolution would recompile the whole package (~0.1 s per evaluation).
  # unchecked-hash: Nix resets mtimes, which would invalidate timestamp pycs.
  compiled = pkgs.runCommand "mach-nix-resolver-compiled" { } ''
    cp -r ${source} "$out"
    chmod -R u+w "$out"
    ${resolverPython.interpreter} -m compileall -q --invalidation-mode unchecked-hash "$out"
  '';
  json = name: value: builtins.toFile name (builtins.toJSON value);
  copyRequirements = builtins.concatStringsSep "\n"
    (map (r: "cp -r ${r.siblings}/. .; chmod -R u+w .") (builtins.filter (r: r ? siblings) requirementFiles)
      ++ map (r: "cp -f ${r.file} '${r.name}'") (requirementFiles ++ constraintFiles));
  constraintFiles = if constraints == [ ] then [ ] else [ {
    name = "native-compat.txt";
    file = builtins.toFile "native-compat.txt" (builtins.concatStringsSep "\n" constraints + "\n");
  } ];
  requirementFlags = builtins.concatStringsSep " "
    (map (r: "-r '${r.name}'") requirementFiles ++ map (c: "-c '${c.name}'") constraintFiles);

  # resolve and lock take the same inputs, so a lock written by the `lock`
  # derivation below holds exactly the set this evaluation resolved.
  inputs = ''
    ${requirementFlags} \
      --target ${json "target.json" target} \
      --providers ${json "providers.json" providers} \
      --nixpkgs-index ${json "nixpkgs-index.json" nixpkgsIndex} \
      --overrides ${rules} \
      --db ${database}'';

  drv = pkgs.runCommand "mach-nix-resolved-set.json" { } ''
    export PYTHONPATH=${compiled}
    ${copyRequirements}
    status=0
    ${resolverPython.interpreter} -m mach_nix.cli resolve --json ${inputs} \
      > resolved.json 2> stderr.txt || status=$?
    cat stderr.txt >&2
    case $status in
      0) mv resolved.json "$out" ;;
      1|2) ${resolverPython.interpreter} -c '
    import json, sys
    lines = [l for l in open(sys.argv[1]).read().splitlines() if not l.startswith("warning: ")]
    text = "\n".join(lines).strip()
    text = text[len("error: "):] if text.startswith("error: ") else text
    json.dump({"error": text}, open(sys.argv[2], "w"))
    ' stderr.txt "$out" ;;
      *) exit "$status" ;;
    esac
  '';

  # The output is plain data; messages in it may name store paths (the
  # database's), which fromJSON refuses to carry as references.
  output = builtins.fromJSON (builtins.unsafeDiscardStringContext (builtins.readFile drv));
in
{
  resolved =
    if output ? error then
      throw "mach-nix: cannot resolve the requirements: ${output.error}"
    else if (output.schema or null) != "mach-nix/resolved-set/1" then
      throw "mach-nix: the resolver wrote schema `${toString (output.schema or "none")}`, this library reads mach-nix/resolved-set/1"
    else
      output;

  # The same resolution as a pylock.toml (docs/lock.md), built on demand:
  # `nix build <env>.machNix.lock && cp result pylock.toml`. Offline: only
  # the database given here, as the resolution above.
  lock = pkgs.runCommand "pylock.toml" { } ''
    export PYTHONPATH=${compiled}
    ${copyRequirements}
    ${resolverPython.interpreter} -m mach_nix.cli lock ${inputs} \
      --offline --cache-db "$TMPDIR/no-cache" -o "$out"
  '';
}
