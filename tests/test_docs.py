"""The docs document what the code accepts: docs/layers.md every layer, docs/spec-language.md
every alias."""

from __future__ import annotations

from pathlib import Path

from cnnshape.layers import ALIASES, BY_NAME

DOCS = Path(__file__).resolve().parent.parent / "docs"
LAYERS = (DOCS / "layers.md").read_text(encoding="utf-8")
SPEC = (DOCS / "spec-language.md").read_text(encoding="utf-8")


def test_every_alias_is_documented() -> None:
    extra = {alias for alias, name in ALIASES.items() if alias != name.lower()}
    for alias in extra:
        assert f"`{alias}`" in SPEC, f"alias {alias!r} is not in docs/spec-language.md"


def test_every_layer_is_listed() -> None:
    for name in BY_NAME:
        stem = name.rstrip("d").rstrip("123") if name[-2:] in ("1d", "2d", "3d") else name
        assert stem in LAYERS, name
