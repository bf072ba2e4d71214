"""Resource limits that keep hostile or broken specs from hanging or crashing cnnshape."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """Every bound cnnshape enforces; each breach is a located E111 finding.

    The defaults are far above any real network (ResNet-152 has ~500 layers) and
    far below what would make a pre-commit hook hang. All are settable from the CLI.
    """

    max_bytes: int = 1 << 20  # 1 MiB of spec text
    max_depth: int = 100  # YAML nesting levels
    max_nodes: int = 2_000_000  # YAML values after alias expansion
    max_layers: int = 1_000_000  # leaf layers after expanding repeat and blocks
    max_repeat: int = 100_000  # one 'repeat' count
    max_elements: int = (1 << 63) - 1  # PyTorch's numel is an int64
