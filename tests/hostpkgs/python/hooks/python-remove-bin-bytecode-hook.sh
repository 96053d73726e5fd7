# pythonRemoveBinBytecodeHook (nixpkgs: hooks/python-remove-bin-bytecode-hook.sh).
pythonRemoveBinBytecode() {
    if [ -d "$out/bin" ]; then
        rm -rf "$out/bin/__pycache__"
    fi
}

postFixupHooks+=(pythonRemoveBinBytecode)
