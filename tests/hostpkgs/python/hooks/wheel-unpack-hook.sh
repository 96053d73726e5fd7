# wheelUnpackHook (nixpkgs: hooks/wheel-unpack-hook.sh): the wheel is copied to
# dist/ under its store name minus the hash, so that name must be the file name.
wheelUnpackPhase() {
    runHook preUnpack
    mkdir -p dist
    cp "$src" "dist/$(stripHash "$src")"
    chmod +w dist/*
    runHook postUnpack
}

if [ -z "${dontUseWheelUnpack:-}" ] && [ -z "${unpackPhase:-}" ]; then
    unpackPhase=wheelUnpackPhase
fi
