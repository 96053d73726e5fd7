# pythonRuntimeDepsCheckHook (nixpkgs: hooks/python-runtime-deps-check-hook.sh):
# every Requires-Dist of the built wheel must be met on the build's PYTHONPATH.
pythonRuntimeDepsCheckHook() {
    echo "Executing pythonRuntimeDepsCheck"
    local wheel
    for wheel in dist/*.whl; do
        echo "Checking runtime dependencies for $(basename "$wheel")"
        @pythonInterpreter@ @hook@ @packagingPath@ "$wheel"
    done
}

if [ -z "${dontCheckRuntimeDeps:-}" ]; then
    preInstallPhases+=" pythonRuntimeDepsCheckHook"
fi
