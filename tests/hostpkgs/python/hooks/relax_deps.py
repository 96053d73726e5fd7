"""pythonRelaxDeps / pythonRemoveDeps on a built wheel (nixpkgs:
hooks/python-relax-deps-hook.sh), written anew: Requires-Dist lines whose name (as
spelled in METADATA; relax case-insensitively) is listed lose their version bounds
or are dropped; '*' means all. The wheel is rewritten with a matching RECORD.
Usage: relax_deps.py WHEEL "RELAX NAMES" "REMOVE NAMES" """

from __future__ import annotations

import base64
import hashlib
import os
import re
import sys
import zipfile

REQ = re.compile(
    r"^Requires-Dist:\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(\(?[^;]*?\)?)?\s*(;.*)?$"
)


def edit(metadata: str, relax: list[str], remove: list[str]) -> str:
    lines = []
    for line in metadata.split("\n"):
        m = REQ.match(line)
        if m:
            name = m.group(1)
            if "*" in remove or name in remove:
                print(f"removing dependency {name}")
                continue
            if "*" in relax or name.lower() in (r.lower() for r in relax):
                print(f"relaxing dependency {name}")
                marker = f" {m.group(4)}" if m.group(4) else ""
                line = f"Requires-Dist: {name}{m.group(2) or ''}{marker}"
        lines.append(line)
    return "\n".join(lines)


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def main() -> int:
    wheel, relax, remove = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
    with zipfile.ZipFile(wheel) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    meta_name = next(
        i.filename
        for i, _ in entries
        if i.filename.count("/") == 1 and i.filename.endswith(".dist-info/METADATA")
    )
    record_name = meta_name.rsplit("/", 1)[0] + "/RECORD"
    files = {}
    for info, data in entries:
        if info.filename == meta_name:
            data = edit(data.decode(), relax, remove).encode()
        files[info.filename] = (info, data)
    record = "\n".join(record_line(n, d) for n, (_, d) in files.items() if n != record_name)
    files[record_name] = (files[record_name][0], (record + f"\n{record_name},,\n").encode())
    tmp = wheel + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in files.values():
            dst.writestr(info, data)
    os.replace(tmp, wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
