"""`mach-nix resolve --tree`: the resolved set as a tree a person reads.

Each package appears with its version and provider; a package already shown
is not expanded again (marked "(*)"); build-system requirements of sdists are
shown as children marked "[build]".
"""

from __future__ import annotations

from mach_nix.resolver.output import ResolvedPackage, ResolvedSet


def _label(pkg: ResolvedPackage) -> str:
    extras = f"[{','.join(pkg.extras)}]" if pkg.extras else ""
    return f"{pkg.name}{extras} {pkg.version} ({pkg.provider})"


def render_tree(resolved: ResolvedSet) -> str:
    packages = resolved.packages
    roots = sorted({root for pkg in packages.values() for root in pkg.roots})
    lines: list[str] = []
    shown: set[str] = set()

    def walk(name: str, prefix: str, last: bool, tag: str, top: bool) -> None:
        pkg = packages[name]
        connector = "" if top else ("└── " if last else "├── ")
        again = name in shown
        lines.append(f"{prefix}{connector}{tag}{_label(pkg)}{' (*)' if again else ''}")
        if again:
            return
        shown.add(name)
        children = [(d, "") for d in pkg.dependencies if d != name]
        children += [(d, "[build] ") for d in pkg.build_system if d != name]
        inner = prefix if top else prefix + ("    " if last else "│   ")
        for i, (child, child_tag) in enumerate(children):
            walk(child, inner, i == len(children) - 1, child_tag, False)

    for root in roots:
        if root in packages:
            walk(root, "", True, "", True)
    if any(line.endswith("(*)") for line in lines):
        lines.append("(*) its dependencies are shown above")
    return "\n".join(lines) + "\n"
