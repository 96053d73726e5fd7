"""Libraries a manylinux wheel may link without bundling (PEP 600 / auditwheel policy).

Sonames outside this list that a wheel's ELF files need and the wheel does
not bundle are what the target must provide: the database records them as
`needs`. The list is auditwheel's policy, the same for every manylinux tag
since manylinux2014 (older tags allow a subset, so this errs to fewer needs
only for wheels that could not have passed auditwheel anyway).
"""

from __future__ import annotations

ALLOWED = frozenset(
    {
        "libgcc_s.so.1",
        "libstdc++.so.6",
        "libm.so.6",
        "libdl.so.2",
        "librt.so.1",
        "libc.so.6",
        "libnsl.so.1",
        "libutil.so.1",
        "libpthread.so.0",
        "libresolv.so.2",
        "libX11.so.6",
        "libXext.so.6",
        "libXrender.so.1",
        "libICE.so.6",
        "libSM.so.6",
        "libGL.so.1",
        "libgobject-2.0.so.0",
        "libgthread-2.0.so.0",
        "libglib-2.0.so.0",
        "libcrypt.so.1",
        "libexpat.so.1",
        "libz.so.1",
    }
)

# The dynamic loader and the ABI itself: present on every glibc system.
LOADERS = frozenset(
    {
        "ld-linux-x86-64.so.2",
        "ld-linux-aarch64.so.1",
        "ld-linux.so.2",
        "libpython3.so",
    }
)


def is_provided(soname: str) -> bool:
    return soname in ALLOWED or soname in LOADERS or soname.startswith("libpython3.")
