"""Resource limits that keep hostile or broken specs from hanging or crashing cnnshape."""

from __future__ import annotations

from dataclasses import dataclass

#: The largest value a limit option takes: far past any machine, and small enough that the
#: arithmetic on it (a read of max_bytes + 1) stays within 64 bits.
CEILING = 1 << 62


@dataclass(frozen=True, slots=True)
class Limits:
    """The settable bounds; a breach is a located E100 (file size) or E111 (the others).

    The defaults are far above any real network (ResNet-152 has ~500 layers) and
    far below what would make a pre-commit hook hang. All are options of `check`
    (the README). PyTorch's own bound, 2^63 elements per tensor, is not
    settable: it is E209, checked in the propagator.
    """

    max_bytes: int = 1 << 20  # 1 MiB of spec text
    max_depth: int = 100  # YAML nesting levels
    max_nodes: int = 2_000_000  # YAML values after alias expansion
    max_layers: int = 5_000  # layers, groups and repetitions after expanding repeat and blocks
    max_repeat: int = 100_000  # one 'repeat' count
    #: layer checks by a command that re-checks the spec at other input sizes: sizes tried
    #: × (layers, groups and repetitions). `cnnshape sizes` and the fitting hint of E210/E211.
    max_work: int = 600_000
