#!/usr/bin/env python3
"""Checks the Rust crates' module graph (make lint): no module cycles in
`app`, `server` or `summit`, and in `app` dependencies point one way only,
root -> pages -> components -> server_fns -> services -> the leaves.

A module is a file (`app/src/components/map/legend.rs` is
`components::map::legend`); an edge is a `crate::...` path in its code,
pointing at the longest module that path names. A module and its own
ancestors or descendants are one unit (a parent declares its children, a
child uses its parent's items), so those edges are not counted.
Prints each cycle or upward edge and exits 1; prints a summary otherwise.

    python3 end2end/tools/module-layers.py [REPOSITORY]
"""
import re
import sys
from pathlib import Path

ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]
CRATES = {"summit": ROOT / "src", "app": ROOT / "app/src", "server": ROOT / "server/src"}
# app's layers, top to bottom; a module may use its own layer or any below.
APP_LAYERS = ["root", "pages", "components", "server_fns", "services",
              "locale", "security", "transitions", "text", "error", "model", "i18n"]
LEAVES = {"locale", "security", "transitions", "text", "error", "model", "i18n"}


def modules(src: Path) -> dict:
    found = {}
    for file in src.rglob("*.rs"):
        parts = list(file.relative_to(src).with_suffix("").parts)
        if parts[-1] in ("lib", "main"):
            parts = parts[:-1]
        elif parts[-1] == "mod":
            parts = parts[:-1]
        found["::".join(parts)] = file.read_text()
    return found


def strip(code: str) -> str:
    code = re.sub(r"//[^\n]*", "", code)
    code = re.sub(r'"(?:\\.|[^"\\])*"', '""', code)
    # `use super::{a, b::c};` names super::a and super::b::c.
    def expand(m):
        prefix, items = m.group(1), m.group(2)
        return " ".join(f"{prefix}::{i.strip()};" for i in items.split(",") if i.strip())
    return re.sub(r"\b((?:crate|super)(?:::\w+)*)::\{([^{}]*)\}", expand, code)


def references(name: str, code: str):
    """Every module path the code names: `crate::…`, and `super::…` resolved
    from the module's place (`use super::types` in `http::api::countries`
    is `http::api::types`)."""
    code = strip(code)
    for path in re.findall(r"\bcrate((?:::\w+)+)", code):
        yield path.strip(":").split("::")
    here = name.split("::") if name else []
    for ups, path in re.findall(r"(?<![\w:])((?:super::)+)(\w+(?:::\w+)*)", code):
        depth = ups.count("super")
        if depth <= len(here):
            yield here[: len(here) - depth] + path.split("::")


def edges(mods: dict) -> set:
    out = set()
    for name, code in mods.items():
        for segments in references(name, code):
            target = None
            for n in range(len(segments), 0, -1):
                candidate = "::".join(segments[:n])
                if candidate in mods:
                    target = candidate
                    break
            if target is None or target == name:
                continue
            related = (name + "::").startswith(target + "::") or (target + "::").startswith(name + "::")
            if name and target and not related:
                out.add((name, target))
    return out


def cycles(nodes, graph) -> list:
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in nodes:
        if v not in index:
            visit(v)
    return found


def layer(module: str) -> int:
    top = module.split("::")[0]
    return APP_LAYERS.index(top) if top in APP_LAYERS else -1


problems = []
summary = []
for crate, src in CRATES.items():
    mods = modules(src)
    graph = {}
    all_edges = edges(mods)
    for a, b in all_edges:
        graph.setdefault(a, set()).add(b)
    for component in cycles(list(mods), graph):
        problems.append(f"{crate}: modules in a cycle: {', '.join(component)}")
    if crate == "app":
        for a, b in sorted(all_edges):
            la, lb = layer(a), layer(b)
            if la < 0 or lb < 0:
                problems.append(f"app: {a} or {b} is in no layer (add it to APP_LAYERS)")
            elif la > lb or (b.split("::")[0] not in LEAVES and la == lb and a.split("::")[0] in LEAVES):
                problems.append(f"app: {a} -> {b} points up the layers")
    summary.append(f"{crate}: {len(mods)} modules, {len(all_edges)} edges")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print("module layers: no cycles; " + "; ".join(summary))
