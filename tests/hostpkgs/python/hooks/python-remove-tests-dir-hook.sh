# pythonRemoveTestsDirHook (nixpkgs: hooks/python-remove-tests-dir-hook.sh): a
# top-level `tests`/`test` package would collide between distributions.
pythonRemoveTestsDir() {
    rm -rf "$out/@pythonSitePackages@/tests" "$out/@pythonSitePackages@/test"
}

if [ -z "${dontUsePythonRemoveTestsDir:-}" ]; then
    postFixupHooks+=(pythonRemoveTestsDir)
fi
