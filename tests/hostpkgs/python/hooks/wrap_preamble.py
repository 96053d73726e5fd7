"""Points a Python script's shebang at the interpreter and inserts, after it, the
preamble of nixpkgs' wrap.sh: argv[0] and site.addsitedir for every site-packages
directory of the package and its propagated closure.
Usage: wrap_preamble.py SCRIPT INTERPRETER SITE_DIR..."""

import os
import sys


def main() -> int:
    script, interpreter, *site_dirs = sys.argv[1:]
    with open(script, encoding="utf-8", errors="surrogateescape") as f:
        lines = f.read().split("\n")
    name = os.path.basename(script)
    preamble = (
        "import sys;import site;import functools;"
        f"sys.argv[0] = {name!r};"
        "functools.reduce(lambda k, p: site.addsitedir(p, k), "
        f"{site_dirs!r}, site._init_pathinfo())"
    )
    body = lines[1:]
    # `from __future__` lines must stay first after the docstring/comments.
    insert_at = 0
    for i, line in enumerate(body):
        if line.startswith("from __future__"):
            insert_at = i + 1
    body.insert(insert_at, preamble)
    tmp = script + ".tmp"
    with open(tmp, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write("\n".join([f"#!{interpreter}", *body]))
    os.chmod(tmp, os.stat(script).st_mode)
    os.replace(tmp, script)
    return 0


if __name__ == "__main__":
    sys.exit(main())
