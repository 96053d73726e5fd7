# pythonRuntimeDepsCheckHook (nixpkgs: hooks/python-runtime-deps-check-hook.sh):
# every Requires-Dist of the built wheel must be met on the build's PYTHONPATH
# (which holds `packaging`: the hook propagates it, as in nixpkgs).
pythonRuntimeDepsCheckHook() {
    echo "Executing pythonRuntimeDepsCheck"
    local wheel
    for wheel in dist/*.whl; do
        echo "Checking runtime dependencies for $(basename "$wheel")"
        @pythonInterpreter@ @hook@ "$wheel"
    done
}

if [ -z "${dontCheckRuntimeDeps:-}" ]; then
    preInstallPhases+=" pythonRuntimeDepsCheckHook"
fi
