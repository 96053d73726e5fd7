# setuptoolsBuildHook (nixpkgs: hooks/setuptools-build-hook.sh): bdist_wheel through
# a shim that runs setup.py, or setuptools.setup() when there is none.
setuptoolsBuildPhase() {
    runHook preBuild
    cat > nix_run_setup <<'PY'
import os, sys, tokenize
sys.argv[0] = "setup.py"
if os.path.exists("setup.py"):
    with tokenize.open("setup.py") as f:
        code = f.read()
    exec(compile(code, "setup.py", "exec"), {"__name__": "__main__", "__file__": "setup.py"})
else:
    import setuptools
    setuptools.setup()
PY
    local parallel=()
    [ -n "${enableParallelBuilding:-}" ] && parallel=(build_ext --parallel "$NIX_BUILD_CORES")
    # shellcheck disable=SC2086
    @pythonInterpreter@ nix_run_setup ${setupPyGlobalFlags:-} "${parallel[@]}" ${setupPyBuildFlags:+build_ext $setupPyBuildFlags} bdist_wheel
    runHook postBuild
}

if [ -z "${dontUseSetuptoolsBuild:-}" ] && [ -z "${buildPhase:-}" ]; then
    buildPhase=setuptoolsBuildPhase
fi
