"""The package layout shows the data flow: stage packages, imports only downward, no circles.

Read from the code (every ``import`` statement, also those inside functions), so a
move that breaks the layout fails here rather than in a reader's head.  The order
is the one docs/architecture.md draws; the modules at the top of ``kg/`` are the
shared base (types, errors, vocabulary, data folders) that every stage may use, and
the public Python API (``kg/__init__.py``, ``kg/api.py``), which stands above every
stage and which no stage imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "kg"

# lowest first: a module may import from its own stage and from the stages before it
STAGES = ["knowledge", "ingest", "nlp", "extract", "graph", "store", "pipeline", "analysis", "export", "evaluate", "serve", "cli"]
BASE = {"kg.types", "kg.errors", "kg.vocab", "kg.resources"}
FACADE = {"kg", "kg.__main__", "kg.api"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py") if "_data" not in p.parts}


def _imports(path: Path, name: str) -> set[str]:
    """The kg modules ``path`` imports (``from kg.x import y`` counts ``kg.x.y`` when that is a module)."""
    modules = _modules()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        found.update(t for t in targets if t == "kg" or t.startswith("kg."))
    return {t for t in found if t in modules and t != name}


def _stage(module: str) -> int | None:
    """The index of a module's stage; None for the base modules and the package itself."""
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 2 or (len(parts) == 2 and parts[1] in STAGES) else None


def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for name, path in _modules().items():
        graph.add_node(name)
        graph.add_edges_from((name, target) for target in _imports(path, name))
    return graph


def test_every_module_is_in_a_stage_or_the_base():
    loose = [m for m in _modules() if m not in FACADE and m not in BASE and _stage(m) is None]
    assert not loose, f"modules outside the stage packages: {loose} (add them to a stage, see docs/architecture.md)"


def test_imports_point_down_the_stages():
    upward = []
    for source, target in _graph().edges:
        if source in FACADE:
            continue  # the public API at the top imports what it offers
        s, t = _stage(source), _stage(target)
        if target in FACADE and source != "kg.api" or t is not None and (s is None or t > s):
            upward.append(f"{source} -> {target}")
    assert not upward, "imports against the flow:\n" + "\n".join(sorted(upward))


def test_no_import_circles():
    graph = _graph()
    graph.remove_edges_from(list(graph.out_edges("kg")))  # ``kg/__init__.py`` imports the API lazily, on first use
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, f"import circles: {cycles}"


def test_few_modules_at_the_top():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "api.py", "errors.py", "resources.py", "types.py", "vocab.py"]
