# pythonMetadataCheckHook (nixpkgs-unstable 2026: hooks/python-metadata-check-hook.sh):
# the installed distribution must be findable by `pname` and carry `version`.
pythonMetadataCheckPhase() {
    echo "Executing pythonMetadataCheckPhase"
    PYTHONPATH="@packagingPath@" @pythonInterpreter@ @metadataCheck@ "$out/@pythonSitePackages@" "$pname" "$version"
}

if [ -z "${dontCheckPythonMetadata:-}" ]; then
    preDistPhases+=" pythonMetadataCheckPhase"
fi
