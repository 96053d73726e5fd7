# autoPatchelfHook: nixpkgs' pkgs/build-support/setup-hooks/auto-patchelf.sh
# interface (variables, functions, postFixupHooks) over hostpkgs' auto-patchelf.py.

declare -a autoPatchelfLibs=()
declare -a extraAutoPatchelfLibs=()

gatherLibraries() {
    if [ -d "$1/lib" ]; then autoPatchelfLibs+=("$1/lib"); fi
}
addEnvHooks "$targetOffset" gatherLibraries

# addAutoPatchelfSearchPath [--no-recurse] DIRS...
addAutoPatchelfSearchPath() {
    local recurse=1
    if [ "${1:-}" = --no-recurse ]; then recurse=""; shift; fi
    local dir
    for dir in "$@"; do
        if [ -n "$recurse" ]; then extraAutoPatchelfLibs+=("$dir"); else autoPatchelfNoRecurseLibs+=("$dir"); fi
    done
}
declare -a autoPatchelfNoRecurseLibs=()

# autoPatchelf [--] PATHS...
autoPatchelf() {
    [ "${1:-}" = -- ] && shift
    local ignoreMissing=()
    local ignoreValue="${autoPatchelfIgnoreMissingDeps[*]:-}"
    if [ "$ignoreValue" = 1 ]; then
        echo "autoPatchelfIgnoreMissingDeps = true is deprecated, use [ \"*\" ]" >&2
        ignoreValue='*'
    fi
    set -f
    # shellcheck disable=SC2206
    ignoreMissing=($ignoreValue)
    set +f
    local libcDirs=()
    if [ -n "${NIX_BINTOOLS:-}" ] && [ -f "$NIX_BINTOOLS/nix-support/orig-libc" ]; then
        libcDirs+=("$(< "$NIX_BINTOOLS/nix-support/orig-libc")/lib")
    fi
    local interpreter
    interpreter="$(< "$NIX_BINTOOLS/nix-support/dynamic-linker")"
    # shellcheck disable=SC2086
    @pythonInterpreter@ @autoPatchelfScript@ \
        --interpreter "$interpreter" \
        --paths "$@" \
        --libs "${autoPatchelfLibs[@]}" "${extraAutoPatchelfLibs[@]}" \
        --no-recurse-libs "${autoPatchelfNoRecurseLibs[@]}" \
        --libc-dirs "${libcDirs[@]}" \
        --ignore-missing "${ignoreMissing[@]}" \
        --runtime-dependencies ${runtimeDependencies:-} \
        --append-rpaths ${appendRunpaths:-} \
        ${autoPatchelfFlags:-}
}

autoPatchelfPostFixup() {
    if [ -n "${dontAutoPatchelf:-}" ]; then return 0; fi
    local output paths=()
    for output in $outputs; do
        [ "$output" = debug ] && continue
        [ -e "${!output}" ] && paths+=("${!output}")
    done
    autoPatchelf -- "${paths[@]}"
}
postFixupHooks+=(autoPatchelfPostFixup)
