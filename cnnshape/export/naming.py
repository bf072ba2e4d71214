"""How exported modules are named, shared by the sequential and the graph export."""

from __future__ import annotations


def module_key(path: str) -> str:
    """The name a row's layer gets in the exported module: its path, '.' as '_'."""
    return path.replace(".", "_")
