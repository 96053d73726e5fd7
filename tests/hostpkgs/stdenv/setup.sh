# hostpkgs' generic builder: the phase machinery of nixpkgs'
# pkgs/stdenv/generic/setup.sh (written anew, same variables and hook names).
# Sourced by default-builder.sh or by a custom builder (`source $stdenv/setup`).

# Strict while setting up; the caller's options come back at the end (nix-shell
# and `nix develop` source this file into shells that do not expect `set -u`).
__setup_original_options=$-
set -eu
set -o pipefail
shopt -s extglob

: "${outputs:=out}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-315532800}"
export NIX_BUILD_CORES="${NIX_BUILD_CORES:-1}"
export HOME="${HOME:-/homeless-shelter}"
export LC_ALL=C.UTF-8

######################################################################
# Hooks

# Runs the implicit hook (a string variable evaluated, or a function of the
# same name) and then every entry of the array `<hook>Hooks`.
runHook() {
    local hookName="$1"
    shift
    local arrayName="${hookName}Hooks"
    _callImplicitHook "$hookName" "$@"
    if declare -p "$arrayName" >/dev/null 2>&1; then
        local -n _hooks="$arrayName"
        local hook
        for hook in "${_hooks[@]}"; do
            _evalHook "$hook" "$@"
        done
        unset -n _hooks
    fi
    return 0
}

# Like runHook, but stops at the first hook that succeeds.
runOneHook() {
    local hookName="$1"
    shift
    local arrayName="${hookName}Hooks"
    if declare -p "$arrayName" >/dev/null 2>&1; then
        local -n _hooks="$arrayName"
        local hook
        for hook in "${_hooks[@]}"; do
            if _evalHook "$hook" "$@"; then
                unset -n _hooks
                return 0
            fi
        done
        unset -n _hooks
    fi
    return 1
}

_callImplicitHook() {
    local hookName="$1"
    shift
    if declare -F "$hookName" >/dev/null; then
        "$hookName" "$@"
    elif [ -n "${!hookName:-}" ]; then
        eval "${!hookName}"
    fi
}

_evalHook() {
    local hook="$1"
    shift
    if declare -F "$hook" >/dev/null; then
        "$hook" "$@"
    else
        eval "$hook"
    fi
}

# nixpkgs passes the host offset first; hostpkgs has no cross-compilation.
addEnvHooks() {
    shift
    envHooks+=("$@")
}

addToSearchPathWithCustomDelimiter() {
    local delimiter="$1" varName="$2" dir="$3"
    if [ -d "$dir" ]; then
        local current="${!varName:-}"
        case "$delimiter$current$delimiter" in
            *"$delimiter$dir$delimiter"*) return 0 ;;
        esac
        export "${varName}=${current:+${current}${delimiter}}${dir}"
    fi
}

addToSearchPath() {
    addToSearchPathWithCustomDelimiter ":" "$@"
}

prependToSearchPath() {
    local varName="$1" dir="$2"
    if [ -d "$dir" ]; then
        local current="${!varName:-}"
        export "${varName}=${dir}${current:+:${current}}"
    fi
}

######################################################################
# Inputs: closure over nix-support/propagated-*, setup hooks, PATH, env hooks

declare -a envHooks=()
declare -a pkgsInClosure=()
declare -A _visited=()

_findInputs() {
    local pkg="$1" file dep
    [ -n "${_visited[$pkg]:-}" ] && return 0
    _visited[$pkg]=1
    if [ ! -e "$pkg" ]; then
        echo "build input $pkg does not exist" >&2
        exit 1
    fi
    pkgsInClosure+=("$pkg")
    for file in propagated-native-build-inputs propagated-build-inputs; do
        if [ -f "$pkg/nix-support/$file" ]; then
            for dep in $(< "$pkg/nix-support/$file"); do
                _findInputs "$dep"
            done
        fi
    done
}

_activatePkg() {
    local pkg="$1"
    # A plain file given as an input is a setup hook (nixpkgs does the same).
    if [ -f "$pkg" ]; then
        hostOffset=0 targetOffset=1 source "$pkg"
        return 0
    fi
    if [ -f "$pkg/nix-support/setup-hook" ]; then
        local hostOffset=0 targetOffset=1
        source "$pkg/nix-support/setup-hook"
    fi
    addToSearchPath _inputPath "$pkg/bin"
}

_activateInputs() {
    local pkg hook _inputPath=""
    for pkg in ${defaultNativeBuildInputs:-} ${depsBuildBuild:-} ${nativeBuildInputs:-} \
               ${propagatedNativeBuildInputs:-} ${buildInputs:-} ${propagatedBuildInputs:-}; do
        _findInputs "$pkg"
    done
    for pkg in "${pkgsInClosure[@]}"; do
        _activatePkg "$pkg"
    done
    # Inputs' bin directories come before the host tools, as in nixpkgs.
    export PATH="${_inputPath}${_inputPath:+:}${PATH}"
    for pkg in "${pkgsInClosure[@]}"; do
        for hook in "${envHooks[@]}"; do
            "$hook" "$pkg"
        done
    done
}

######################################################################
# Text substitution (nixpkgs: substitute, substituteInPlace, substituteAll)

substitute() {
    local input="$1" output="$2"
    shift 2
    if [ ! -f "$input" ]; then
        echo "substitute(): ERROR: file '$input' does not exist" >&2
        return 1
    fi
    local content
    content="$(< "$input")"
    [ -z "$(tail -c1 "$input")" ] && content+=$'\n'
    while [ $# -gt 0 ]; do
        local mode="$1" pattern replacement
        case "$mode" in
            --replace | --replace-fail | --replace-warn | --replace-quiet)
                pattern="$2" replacement="$3"
                shift 3
                if [ "$mode" = --replace-fail ] && [[ "$content" != *"$pattern"* ]]; then
                    echo "substitute(): ERROR: pattern '$pattern' doesn't match anything in file '$input'" >&2
                    return 1
                fi
                content="${content//"$pattern"/"$replacement"}"
                ;;
            --subst-var)
                local varName="$2"
                shift 2
                content="${content//"@$varName@"/"${!varName:-}"}"
                ;;
            --subst-var-by)
                pattern="@$2@" replacement="$3"
                shift 3
                content="${content//"$pattern"/"$replacement"}"
                ;;
            *)
                echo "substitute(): ERROR: invalid argument '$mode'" >&2
                return 1
                ;;
        esac
    done
    local tmp="$output.tmp.$$"
    printf '%s' "$content" > "$tmp"
    if [ -e "$input" ] && [ -x "$input" ]; then chmod +x "$tmp"; fi
    mv "$tmp" "$output"
}

substituteInPlace() {
    local file="$1"
    shift
    substitute "$file" "$file" "$@"
}

# Replaces @name@ by the value of every environment variable `name` that is a
# valid identifier.
substituteAll() {
    local input="$1" output="$2" name args=()
    for name in $(compgen -e); do
        [[ "$name" =~ ^[a-z][a-zA-Z0-9_]*$ ]] && args+=(--subst-var "$name")
    done
    substitute "$input" "$output" "${args[@]}"
}

substituteAllInPlace() {
    substituteAll "$1" "$1"
}

######################################################################
# Misc helpers from setup.sh

stripHash() {
    local base
    base="$(basename "$1")"
    if [[ "$base" =~ ^[a-z0-9]{32}- ]]; then
        echo "${base:33}"
    else
        echo "$base"
    fi
}

isELF() {
    local fn="$1" magic
    [ -f "$fn" ] || return 1
    magic="$(head -c4 "$fn" 2>/dev/null | od -An -tx1 | tr -d ' \n')"
    [ "$magic" = "7f454c46" ]
}

isScript() {
    local fn="$1" magic
    [ -f "$fn" ] || return 1
    magic="$(head -c2 "$fn" 2>/dev/null)"
    [ "$magic" = "#!" ]
}

printLines() {
    [ $# -gt 0 ] && printf '%s\n' "$@"
    return 0
}

printWords() {
    [ $# -gt 0 ] && printf '%s ' "$@"
    return 0
}

######################################################################
# Phases

_unpackFile() {
    local file="$1"
    echo "unpacking source archive $file"
    if runOneHook unpackCmd "$file"; then
        return 0
    fi
    if [ -d "$file" ]; then
        cp -pr --reflink=auto -- "$file" "$(stripHash "$file")"
        return 0
    fi
    case "$file" in
        *.tar.gz | *.tgz | *.tar.bz2 | *.tbz2 | *.tar.xz | *.txz | *.tar | *.tar.zst)
            tar xf "$file" --mode=+w --warning=no-timestamp
            ;;
        *)
            echo "do not know how to unpack source archive $file" >&2
            exit 1
            ;;
    esac
}

unpackPhase() {
    runHook preUnpack
    if [ -z "${srcs:-}" ]; then
        if [ -z "${src:-}" ]; then
            echo 'variable $src or $srcs should point to the source' >&2
            exit 1
        fi
        srcs="$src"
    fi
    local dirsBefore="" dirsAfter="" i
    for i in *; do [ -d "$i" ] && dirsBefore="$dirsBefore $i "; done
    for i in $srcs; do _unpackFile "$i"; done
    : "${sourceRoot=}"
    if [ -n "${setSourceRoot:-}" ]; then
        runOneHook setSourceRoot
    elif [ -z "$sourceRoot" ]; then
        for i in *; do
            if [ -d "$i" ]; then
                case "$dirsBefore" in
                    *" $i "*) ;;
                    *)
                        if [ -n "$sourceRoot" ]; then
                            echo "unpacker produced multiple directories" >&2
                            exit 1
                        fi
                        sourceRoot="$i"
                        ;;
                esac
            fi
        done
    fi
    if [ -z "$sourceRoot" ]; then
        echo "unpacker appears to have produced no directories" >&2
        exit 1
    fi
    echo "source root is $sourceRoot"
    if [ -z "${dontMakeSourcesWritable:-}" ]; then
        chmod -R u+w -- "$sourceRoot"
    fi
    runHook postUnpack
}

patchPhase() {
    runHook prePatch
    local i
    for i in ${patches:-}; do
        echo "applying patch $i"
        local uncompress=cat
        case "$i" in
            *.gz) uncompress="gzip -d" ;;
            *.bz2) uncompress="bzip2 -d" ;;
            *.xz) uncompress="xz -d" ;;
        esac
        $uncompress < "$i" 2>&1 | patch ${patchFlags:--p1}
    done
    runHook postPatch
}

configurePhase() {
    runHook preConfigure
    : "${configureScript=}"
    if [ -z "$configureScript" ] && [ -x ./configure ]; then
        configureScript=./configure
    fi
    if [ -n "$configureScript" ]; then
        local flags=()
        [ -z "${dontAddPrefix:-}" ] && flags+=("${prefixKey:---prefix=}$out")
        # shellcheck disable=SC2206
        flags+=(${configureFlags:-})
        echo "configure flags: ${flags[*]}"
        $configureScript "${flags[@]}"
    else
        echo "no configure script, doing nothing"
    fi
    runHook postConfigure
}

_hasMakefile() {
    [ -n "${makefile:-}" ] || [ -e Makefile ] || [ -e makefile ] || [ -e GNUmakefile ]
}

buildPhase() {
    runHook preBuild
    if _hasMakefile; then
        local jobs=()
        [ -n "${enableParallelBuilding:-}" ] && jobs=(-j"$NIX_BUILD_CORES")
        # shellcheck disable=SC2086
        make ${makefile:+-f $makefile} "${jobs[@]}" SHELL="$SHELL" ${makeFlags:-} ${buildFlags:-}
    else
        echo "no Makefile or custom buildPhase, doing nothing"
    fi
    runHook postBuild
}

checkPhase() {
    runHook preCheck
    if _hasMakefile && make -n ${makefile:+-f $makefile} check >/dev/null 2>&1; then
        # shellcheck disable=SC2086
        make ${makefile:+-f $makefile} SHELL="$SHELL" ${makeFlags:-} ${checkFlags:-} check
    else
        echo "no Makefile or custom checkPhase, doing nothing"
    fi
    runHook postCheck
}

installPhase() {
    runHook preInstall
    if _hasMakefile; then
        mkdir -p "$out"
        # shellcheck disable=SC2086
        make ${makefile:+-f $makefile} SHELL="$SHELL" ${makeFlags:-} ${installFlags:-} ${installTargets:-install}
    else
        echo "no Makefile or custom installPhase, doing nothing"
    fi
    runHook postInstall
}

# Rewrites interpreter lines that name a program found in a store path on PATH.
patchShebangs() {
    local f
    [ "${1:-}" = --build ] || [ "${1:-}" = --host ] && shift
    for f in $(find "$@" -type f -perm -0100 2>/dev/null); do
        isScript "$f" || continue
        local line interp args newInterp
        read -r line < "$f"
        read -r interp args <<< "${line#\#!}"
        if [ "$(basename "$interp")" = env ]; then
            read -r interp args <<< "$args"
        fi
        [[ "$interp" == "$NIX_STORE"/* ]] && continue
        newInterp="$(command -v "$(basename "$interp")" 2>/dev/null || true)"
        if [[ "$newInterp" == "$NIX_STORE"/* ]]; then
            echo "patching script interpreter of $f: $interp -> $newInterp"
            local rest
            rest="$(tail -n +2 "$f")"
            printf '#!%s%s\n%s\n' "$newInterp" "${args:+ $args}" "$rest" > "$f.tmp"
            chmod --reference="$f" "$f.tmp"
            mv "$f.tmp" "$f"
        fi
    done
}

_stripOutput() {
    [ -n "${dontStrip:-}" ] && return 0
    local dir="$1" f
    for f in $(find "$dir" -type f \( -path '*/lib/*' -o -path '*/bin/*' -o -path '*/libexec/*' \) 2>/dev/null); do
        if isELF "$f"; then
            strip ${stripDebugFlags:--S} "$f" 2>/dev/null || true
        fi
    done
}

_fixupOutput() {
    local output="$1" dir="${!1}"
    [ -e "$dir" ] || return 0
    prefix="$dir"
    _stripOutput "$dir"
    if [ -z "${dontPatchShebangs:-}" ] && [ -e "$dir" ]; then
        patchShebangs --host "$dir"
    fi
    runHook fixupOutput
}

fixupPhase() {
    local output
    for output in $outputs; do
        [ -e "${!output}" ] && chmod -R u+w,g-w,o-w "${!output}"
    done
    runHook preFixup
    for output in $outputs; do
        _fixupOutput "$output"
    done
    local firstName="${outputs%% *}"
    local first="${!firstName}"
    if [ -n "${propagatedBuildInputs:-}" ]; then
        mkdir -p "$first/nix-support"
        printWords $propagatedBuildInputs > "$first/nix-support/propagated-build-inputs"
    fi
    if [ -n "${propagatedNativeBuildInputs:-}" ]; then
        mkdir -p "$first/nix-support"
        printWords $propagatedNativeBuildInputs > "$first/nix-support/propagated-native-build-inputs"
    fi
    if [ -n "${setupHook:-}" ]; then
        mkdir -p "$first/nix-support"
        substituteAll "$setupHook" "$first/nix-support/setup-hook"
    fi
    runHook postFixup
}

installCheckPhase() {
    runHook preInstallCheck
    if _hasMakefile && make -n ${makefile:+-f $makefile} installcheck >/dev/null 2>&1; then
        # shellcheck disable=SC2086
        make ${makefile:+-f $makefile} SHELL="$SHELL" ${makeFlags:-} ${installCheckFlags:-} installcheck
    else
        echo "no Makefile or custom installCheckPhase, doing nothing"
    fi
    runHook postInstallCheck
}

distPhase() {
    runHook preDist
    if _hasMakefile; then
        # shellcheck disable=SC2086
        make ${makefile:+-f $makefile} ${distFlags:-} ${distTarget:-dist}
        mkdir -p "$out/tarballs"
        cp -pvd ${tarballs:-*.tar.gz} "$out/tarballs"
    fi
    runHook postDist
}

showPhaseHeader() {
    echo "Running phase: $1"
}

# Which phases run: the dontX / doX switches of nixpkgs.
_phaseEnabled() {
    case "$1" in
        unpackPhase) [ -z "${dontUnpack:-}" ] ;;
        patchPhase) [ -z "${dontPatch:-}" ] ;;
        configurePhase) [ -z "${dontConfigure:-}" ] ;;
        buildPhase) [ -z "${dontBuild:-}" ] ;;
        checkPhase) [ -n "${doCheck:-}" ] ;;
        installPhase) [ -z "${dontInstall:-}" ] ;;
        fixupPhase) [ -z "${dontFixup:-}" ] ;;
        installCheckPhase) [ -n "${doInstallCheck:-}" ] ;;
        distPhase) [ -n "${doDist:-}" ] ;;
        *) true ;;
    esac
}

genericBuild() {
    if [ -f "${buildCommandPath:-}" ]; then
        source "$buildCommandPath"
        return
    fi
    if [ -n "${buildCommand:-}" ]; then
        eval "$buildCommand"
        return
    fi
    if [ -z "${phases[*]:-}" ]; then
        phases="${prePhases[*]:-} unpackPhase patchPhase ${preConfigurePhases[*]:-} \
            configurePhase ${preBuildPhases[*]:-} buildPhase checkPhase \
            ${preInstallPhases[*]:-} installPhase ${preFixupPhases[*]:-} fixupPhase installCheckPhase \
            ${preDistPhases[*]:-} distPhase ${postPhases[*]:-}"
    fi
    local curPhase
    for curPhase in ${phases[*]}; do
        _phaseEnabled "$curPhase" || continue
        showPhaseHeader "$curPhase"
        if [ -n "${!curPhase:-}" ]; then
            eval "${!curPhase}"
        else
            "$curPhase"
        fi
        # The unpack phase enters the source root; later phases run there.
        if [ "$curPhase" = unpackPhase ] && [ -n "${sourceRoot:-}" ]; then
            cd "$sourceRoot"
        fi
    done
}

######################################################################
# Start-up

export PATH="${initialPath:-/usr/bin:/bin}"
# Users build in nixpkgs' sandbox, which has no network except for fixed-output
# derivations; the sandbox is off here, so send other builds' HTTP(S) to a closed
# port: pip, curl and Python's urllib then fail as they would in the sandbox.
if [ -z "${outputHash:-}" ]; then
    export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
    export HTTP_PROXY="$http_proxy" HTTPS_PROXY="$https_proxy" no_proxy="" NO_PROXY=""
fi
export NIX_STORE="${NIX_STORE:-/nix/store}"
SHELL="${SHELL:-/bin/bash}"
export SHELL
_activateInputs
if [ -n "${preHook:-}" ]; then eval "$preHook"; fi
[[ $__setup_original_options == *e* ]] || set +e
[[ $__setup_original_options == *u* ]] || set +u
unset -v __setup_original_options
