"""Loaded by `_hostpkgs_nix_site.pth` in the interpreter's site-packages: the work of
nixpkgs' sitecustomize.py (Debian's own sitecustomize shadows a second one).
NIX_PYTHONPATH entries become site dirs (their .pth files honoured) after PYTHONPATH;
NIX_PYTHONEXECUTABLE / NIX_PYTHONPREFIX set sys.executable / sys.prefix for wrappers."""

import os
import site
import sys

_paths = os.environ.pop("NIX_PYTHONPATH", None)
if _paths:
    for _path in _paths.split(":"):
        site.addsitedir(_path)
_executable = os.environ.pop("NIX_PYTHONEXECUTABLE", None)
if _executable:
    sys.executable = _executable
_prefix = os.environ.pop("NIX_PYTHONPREFIX", None)
if _prefix:
    sys.prefix = sys.exec_prefix = _prefix
