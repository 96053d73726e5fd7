# Setup hook of `ninja` (nixpkgs pkgs/by-name/ni/ninja/setup-hook.sh): build,
# check and install phases that run ninja in the current directory, taken as
# the defaults only when the derivation (or an earlier hook, such as the
# Python build hooks) has not set the phase: a Python package that merely has
# ninja among its inputs keeps pypaBuildPhase.

_ninjaRun() {
  # $1: the enableParallel* variable; then the targets.
  local parallel="$1"; shift
  local cores=1
  if [ "${!parallel-1}" ]; then cores="$NIX_BUILD_CORES"; fi
  local flags=("-j$cores")
  # shellcheck disable=SC2206
  flags+=(${ninjaFlags-})
  if declare -p ninjaFlagsArray >/dev/null 2>&1; then flags+=("${ninjaFlagsArray[@]}"); fi
  echo "ninja flags: ${flags[*]} $*"
  TERM=dumb ninja "${flags[@]}" "$@"
}

ninjaBuildPhase() {
  runHook preBuild
  _ninjaRun enableParallelBuilding
  runHook postBuild
}

ninjaCheckPhase() {
  runHook preCheck
  local target="${checkTarget-}"
  if [ -z "$target" ] && ninja -t query test >/dev/null 2>&1; then target=test; fi
  if [ -z "$target" ]; then
    echo "no test target found in ninja, doing nothing"
  else
    _ninjaRun enableParallelChecking "$target"
  fi
  runHook postCheck
}

ninjaInstallPhase() {
  runHook preInstall
  # shellcheck disable=SC2086
  _ninjaRun enableParallelInstalling ${installTargets:-install}
  runHook postInstall
}

if [ -z "${dontUseNinjaBuild-}" ] && [ -z "${buildPhase-}" ]; then buildPhase=ninjaBuildPhase; fi
if [ -z "${dontUseNinjaCheck-}" ] && [ -z "${checkPhase-}" ]; then checkPhase=ninjaCheckPhase; fi
if [ -z "${dontUseNinjaInstall-}" ] && [ -z "${installPhase-}" ]; then installPhase=ninjaInstallPhase; fi
