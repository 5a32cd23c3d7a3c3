"""The package layout holds: no import circles, no lower layer importing a higher one, modules and functions small."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "policy_qa"
# The pipeline order: a module may import its own layer and the layers before it, never one after it.
LAYERS = ["text", "records", "ingest", "index", "search", "stance", "answers", "usage", "evaluation", "app", "cli"]
# config holds the one settings object; it imports the two registries (leaf modules) to validate choices.
CONFIG_MAY_IMPORT = {"policy_qa.index.encoders", "policy_qa.search.fusion"}


def _modules() -> dict[str, Path]:
    out = {}
    for f in PACKAGE.rglob("*.py"):
        parts = ("policy_qa",) + f.relative_to(PACKAGE).with_suffix("").parts
        out[".".join(parts).removesuffix(".__init__")] = f
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    pkg = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            cands = [base] + [f"{base}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            cands = [a.name for a in node.names]
        else:
            continue
        found.update(c for c in cands if c in known and c != name)
    return found


def _layer(module: str) -> int | None:
    head = module.split(".")[1] if "." in module else ""
    return LAYERS.index(head) if head in LAYERS else None


def test_no_lower_layer_imports_a_higher_one():
    mods = _modules()
    wrong = []
    for name, path in mods.items():
        for dep in _imports(name, path, set(mods)):
            if name == "policy_qa.config":
                if dep not in CONFIG_MAY_IMPORT:
                    wrong.append(f"{name} -> {dep}")
                continue
            mine, theirs = _layer(name), _layer(dep)
            if mine is not None and theirs is not None and theirs > mine:
                wrong.append(f"{name} -> {dep}")
    assert not wrong, "imports against the pipeline order: " + ", ".join(sorted(wrong))


def test_no_import_circles():
    mods = _modules()
    edges = {m: _imports(m, f, set(mods)) for m, f in mods.items()}
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> list[str] | None:
        state[m] = 1
        for d in sorted(edges[m]):
            if state.get(d) == 1:
                return path + [m, d]
            if d not in state and (circle := visit(d, path + [m])):
                return circle
        state[m] = 2
        return None

    for m in sorted(mods):
        if m not in state:
            circle = visit(m, [])
            assert circle is None, "import circle: " + " -> ".join(circle)


def test_modules_and_functions_stay_small():
    big = []
    for f in PACKAGE.rglob("*.py"):
        source = f.read_text(encoding="utf-8")
        if source.count("\n") > 350:
            big.append(f"{f.relative_to(PACKAGE)}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                big.append(f"{f.relative_to(PACKAGE)}:{node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert not big, "split these by job: " + "; ".join(big)


def test_every_sub_package_says_what_it_owns():
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 30, f"{init.parent.name}/__init__.py needs a docstring saying what it owns"
