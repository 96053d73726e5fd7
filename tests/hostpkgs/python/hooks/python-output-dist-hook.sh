# pythonOutputDistHook (nixpkgs: hooks/python-output-dist-hook.sh): the built
# wheel goes to the `dist` output.
pythonOutputDistPhase() {
    mkdir -p "$dist"
    cp dist/* "$dist/"
}

preFixupHooks+=(pythonOutputDistPhase)
