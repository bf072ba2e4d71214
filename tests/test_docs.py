"""The docs document what the code accepts: every layer and every alias."""

from __future__ import annotations

from pathlib import Path

from cnnshape.layers import ALIASES, BY_NAME

DOCS = Path(__file__).resolve().parent.parent / "docs"
#: docs/layers.md, generated from the registry, lists every layer's other spellings.
LAYERS = (DOCS / "layers.md").read_text(encoding="utf-8")
SPEC = (DOCS / "spec-language.md").read_text(encoding="utf-8")


def test_every_alias_is_documented() -> None:
    extra = {alias for alias, name in ALIASES.items() if alias != name.lower()}
    documented = (SPEC + LAYERS).lower()  # aliases are matched in any case
    for alias in extra:
        assert f"`{alias}`" in documented, f"alias {alias!r} is not in the docs"


def test_every_layer_is_listed() -> None:
    for name in BY_NAME:
        assert f"**{name}**" in LAYERS, name
