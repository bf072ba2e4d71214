"""The package layout keeps the pipeline one-way: no import cycles, no upward imports.

Every ``import`` in cnnshape — at module level or inside a function — is read with ``ast``
(imports under ``if TYPE_CHECKING:`` are for the type checker only and are skipped). The
graph must be acyclic, and a module may import only from its own stage or an earlier one
(ARCHITECTURE.md lists the stages).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "cnnshape"

#: Stage of each top-level module or subpackage of cnnshape, earliest first.
STAGES: dict[str, int] = {
    "__init__": 0,
    "__main__": 13,
    "limits": 0,
    "diagnostics": 0,
    "explain": 0,
    "shapes": 0,
    "dims": 0,
    "suggest": 0,
    "brief": 0,
    "numbers": 0,
    "load": 1,
    "args": 2,
    "layers": 3,
    "spec": 4,
    "report": 5,
    "propagate": 6,
    "analysis": 7,
    "check": 8,
    "render": 9,
    "export": 10,
    "convert": 10,
    "commands": 11,
    "cli": 12,
    "main": 13,
}


def modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = modules()


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _package(name: str) -> str:
    return name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]


def imports(name: str) -> set[str]:
    """The cnnshape modules ``name`` imports, anywhere in its body."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    skipped = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _type_checking(node)
        for child in node.body
        for n in ast.walk(child)
    }
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "cnnshape")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = _package(name).split(".")
                base = ".".join(pkg[: len(pkg) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] != "cnnshape":
                continue
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES)
    return {m for m in out if m in MODULES and m != name}


GRAPH = {name: imports(name) for name in MODULES}


def stage(name: str) -> int:
    parts = name.split(".")
    return STAGES[parts[1] if len(parts) > 1 else "__init__"]


def test_every_module_has_a_stage() -> None:
    missing = sorted({n.split(".")[1] for n in MODULES if "." in n} - set(STAGES))
    assert not missing, f"add these to STAGES and ARCHITECTURE.md: {missing}"


def test_no_upward_import() -> None:
    upward = [
        f"{a} (stage {stage(a)}) imports {b} (stage {stage(b)})"
        for a, deps in GRAPH.items()
        for b in deps
        if stage(b) > stage(a)
    ]
    assert not upward, "\n".join(upward)


def test_no_import_cycle() -> None:
    # A package importing its own submodules is how Python loads them; a submodule importing
    # its package's __init__ back is the cycle that matters, so both edges count.
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(n: str) -> None:
        state[n] = 1
        path.append(n)
        for m in sorted(GRAPH[n]):
            if state.get(m) == 1:
                cycle = [*path[path.index(m) :], m]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if m not in state:
                visit(m)
        path.pop()
        state[n] = 2

    for n in sorted(GRAPH):
        if n not in state:
            visit(n)


def test_the_check_path_loads_neither_typer_nor_rich_nor_the_analyses() -> None:
    """Importing the pipeline loads no CLI framework, no table renderer, no analysis."""
    code = "import sys, cnnshape.check; print(' '.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert not {"typer", "rich", "cnnshape.cli", "cnnshape.analysis.macs"} & loaded
