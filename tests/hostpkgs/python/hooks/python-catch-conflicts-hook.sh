# pythonCatchConflictsHook (nixpkgs: hooks/python-catch-conflicts-hook.sh): one
# copy of each distribution across $out and its propagated closure.
pythonCatchConflictsPhase() {
    @pythonInterpreter@ @catchConflicts@ "$out" "@pythonSitePackages@"
}

if [ -z "${dontUsePythonCatchConflicts:-}" ]; then
    preDistPhases+=" pythonCatchConflictsPhase"
fi
