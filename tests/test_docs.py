"""The README documents what the code accepts."""

from __future__ import annotations

from pathlib import Path

from cnnshape.layers import ALIASES, BY_NAME

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: docs/layers.md, generated from the registry, lists every layer's other spellings.
REFERENCE = (ROOT / "docs" / "layers.md").read_text(encoding="utf-8")


def test_every_alias_is_documented() -> None:
    extra = {alias for alias, name in ALIASES.items() if alias != name.lower()}
    for alias in extra:
        documented = (README + REFERENCE).lower()  # aliases are matched in any case
        assert f"`{alias}`" in documented, f"alias {alias!r} is not in the README"


def test_every_layer_is_listed() -> None:
    for name in BY_NAME:
        stem = name.rstrip("d").rstrip("123") if name[-2:] in ("1d", "2d", "3d") else name
        assert stem in README, name
