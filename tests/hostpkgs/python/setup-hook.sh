# The interpreter's setup hook (nixpkgs: python/setup-hook.sh): every input's
# site-packages goes on PYTHONPATH; hash seed fixed for reproducible builds.
addPythonPath() {
    addToSearchPath PYTHONPATH "$1/@sitePackages@"
}

toPythonPath() {
    local paths="$1" result="" i
    for i in $paths; do
        result="${result}${result:+:}$i/@sitePackages@"
    done
    echo "$result"
}

addEnvHooks "$hostOffset" addPythonPath
export PYTHONHASHSEED=0
