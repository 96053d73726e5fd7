# pythonRelaxDepsHook (nixpkgs: hooks/python-relax-deps-hook.sh): rewrites the
# Requires-Dist lines of the wheels in dist/ before they are checked and installed.
pythonRelaxDepsHook() {
    local wheel
    for wheel in dist/*.whl; do
        @pythonInterpreter@ @relaxDeps@ "$wheel" "${pythonRelaxDeps:-}" "${pythonRemoveDeps:-}"
    done
}

postBuildHooks+=(pythonRelaxDepsHook)
