# pypaBuildHook (nixpkgs: hooks/pypa-build-hook.sh): PyPA build without isolation,
# a wheel into dist/. `build` runs from the bootstrap set, off PYTHONPATH, so the
# backend sees only the build's own inputs.
pypaBuildPhase() {
    runHook preBuild
    echo "Creating a wheel..."
    # shellcheck disable=SC2086
    @pythonInterpreter@ -c 'import sys; sys.path[:0] = "@buildPath@".split(":"); from build.__main__ import entrypoint; entrypoint()' \
        --no-isolation --outdir dist/ --wheel ${pypaBuildFlags:-} .
    echo "Finished creating a wheel..."
    runHook postBuild
}

if [ -z "${dontUsePypaBuild:-}" ] && [ -z "${buildPhase:-}" ]; then
    buildPhase=pypaBuildPhase
fi
