# nixpkgs' unzip setup hook: teaches unpackPhase to open zip archives (and wheels).
unpackCmdHooks+=(_tryUnzip)
_tryUnzip() {
    if ! [[ "$1" =~ \.(zip|ZIP|jar|JAR|whl)$ ]]; then return 1; fi
    unzip -qq "$1"
}
