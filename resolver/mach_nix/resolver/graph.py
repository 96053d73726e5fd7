"""Graph facts of a resolved set: which roots reach a package, and cycles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def roots_of(roots: Iterable[str], edges: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """package -> the root names whose closure (edges followed) contains it."""
    reached: dict[str, set[str]] = {}
    for root in sorted(set(roots)):
        stack = [root]
        seen = {root}
        while stack:
            node = stack.pop()
            reached.setdefault(node, set()).add(root)
            for nxt in edges.get(node, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
    return reached


def cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """One cycle per strongly connected component, as a closed path a -> ... -> a.

    Tarjan's algorithm, iterative (deep graphs must not hit the recursion limit);
    nodes visited in sorted order so the report is deterministic.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges.get(node, ()):
                    components.append(sorted(component))
    return [_path_through(component, edges) for component in sorted(components)]


def _path_through(component: list[str], edges: Mapping[str, Iterable[str]]) -> list[str]:
    """A shortest closed path from the component's first member back to it."""
    members = set(component)
    start = component[0]
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for child in sorted(edges.get(node, ())):
                if child == start:
                    path = [start]
                    while node != start:
                        path.append(node)
                        node = previous[node]
                    return [start, *reversed(path[1:]), start]
                if child in members and child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    return [start, start]
