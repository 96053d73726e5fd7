# wrapPython (nixpkgs: python/wrap.sh): Python scripts in bin/ learn their
# dependencies' site-packages (a preamble of site.addsitedir calls) and get a
# wrapper with PATH and PYTHONNOUSERSITE.

buildPythonPath() {
    local pythonPath="$1" path
    declare -gA pythonPathsSeen=()
    program_PYTHONPATH=""
    program_PATH=""
    for path in $pythonPath; do
        _addToPythonPath "$path"
    done
}

_addToPythonPath() {
    local dir="$1"
    [ -n "${pythonPathsSeen[$dir]:-}" ] && return 0
    pythonPathsSeen[$dir]=1
    [ -d "$dir/@sitePackages@" ] && program_PYTHONPATH="${program_PYTHONPATH}${program_PYTHONPATH:+ }$dir/@sitePackages@"
    [ -d "$dir/bin" ] && program_PATH="${program_PATH}${program_PATH:+:}$dir/bin"
    local prop="$dir/nix-support/propagated-build-inputs" dep
    if [ -f "$prop" ]; then
        for dep in $(< "$prop"); do _addToPythonPath "$dep"; done
    fi
}

wrapPythonProgramsIn() {
    local dir="$1" pythonPath="$2" f
    buildPythonPath "$pythonPath"
    [ -d "$dir" ] || return 0
    for f in $(find "$dir" -type f -perm -0100); do
        [[ "$(basename "$f")" == .*-wrapped ]] && continue
        if head -n1 "$f" | grep -q '^#!.*python'; then
            @pythonInterpreter@ @preamble@ "$f" "@pythonInterpreter@" $program_PYTHONPATH
            local userSite=()
            [ -z "${permitUserSite:-}" ] && userSite=(--set PYTHONNOUSERSITE true)
            # shellcheck disable=SC2086
            wrapProgram "$f" --prefix PATH ':' "$program_PATH" "${userSite[@]}" ${makeWrapperArgs:-}
        fi
    done
}

wrapPythonPrograms() {
    wrapPythonProgramsIn "$out/bin" "$out ${pythonPath:-} ${propagatedBuildInputs:-}"
}
