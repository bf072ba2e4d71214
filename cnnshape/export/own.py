"""The classes an exported file defines itself: the ``module_source`` of each rule that is no
torch.nn module (the tensor operations: Mean, Reshape, Transpose, LayerScale, Mul).

Each class is written once, in the order the spec first uses it, and only if used; its layers
are written by the bare class name, every other layer as ``nn.<name>``.
"""

from __future__ import annotations

from cnnshape.layers.base import Rule
from cnnshape.report import Row


def own_classes(rows: list[Row]) -> list[str]:
    """The source lines of the used rules' own classes, two blank lines before each."""
    seen: dict[str, None] = {}
    for row in rows:
        if row.rule is not None and row.rule.module_source:
            seen.setdefault(row.rule.module_source.strip("\n"))
    return [line for text in seen for line in ("", "", *text.split("\n"))]


def head(rule: Rule, cls: str) -> str:
    """The class as the file writes it: its own class bare, torch's as ``nn.<cls>``, a
    qualified one (``tv.MLP``, torchvision.ops: :mod:`cnnshape.export.tvops`) as it is."""
    return cls if rule.module_source or "." in cls else f"nn.{cls}"
