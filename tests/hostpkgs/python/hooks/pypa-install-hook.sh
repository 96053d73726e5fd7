# pypaInstallHook (nixpkgs: hooks/pypa-install-hook.sh): installs dist/*.whl into
# $out with `installer` (which the hook propagates), then puts the result on PYTHONPATH for later phases.
pypaInstallPhase() {
    runHook preInstall
    local wheel
    for wheel in dist/*.whl; do
        @pythonInterpreter@ -m installer --prefix "$out" "$wheel"
    done
    export PYTHONPATH="$out/@pythonSitePackages@${PYTHONPATH:+:$PYTHONPATH}"
    runHook postInstall
}

if [ -z "${dontUsePypaInstall:-}" ] && [ -z "${installPhase:-}" ]; then
    installPhase=pypaInstallPhase
fi
