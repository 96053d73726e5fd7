# pythonImportsCheckHook (nixpkgs: hooks/python-imports-check-hook.sh): imports each
# module of $pythonImportsCheck from the installed package (also when doCheck = false).
pythonImportsCheckPhase() {
    if [ -n "${pythonImportsCheck:-}" ]; then
        echo "Executing pythonImportsCheckPhase"
        echo "Check whether the following modules can be imported: $pythonImportsCheck"
        PYTHONPATH="$out/@pythonSitePackages@${PYTHONPATH:+:$PYTHONPATH}" @pythonInterpreter@ -c '
import importlib, os, sys
for module in os.environ["pythonImportsCheck"].split():
    print("Checking import of " + module)
    importlib.import_module(module)
'
    fi
}

if [ -z "${dontUsePythonImportsCheck:-}" ]; then
    preDistPhases+=" pythonImportsCheckPhase"
fi
