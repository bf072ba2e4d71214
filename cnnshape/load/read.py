"""Spec bytes → text: size-limited reading and UTF-8 decoding, each refusal a located E100."""

from __future__ import annotations

from pathlib import Path

from cnnshape.diagnostics import Span, SpecError
from cnnshape.infile import read_bytes, too_large
from cnnshape.limits import Limits


def read_text(path: Path, limits: Limits) -> str:
    """The file as text, or a located E100 (not a regular file, unreadable, too large, not
    UTF-8): the one read path of check, sizes, convert and export (see cnnshape.infile)."""
    return decode(read_bytes(path, limits.max_bytes), limits)


def _too_large(size: int | None, limits: Limits) -> SpecError:
    return too_large(size, limits.max_bytes)


def decode(data: bytes, limits: Limits) -> str:
    """Spec bytes as text (UTF-8, with or without a BOM), or a located E100."""
    if len(data) > limits.max_bytes:
        raise _too_large(len(data), limits)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        before = data[: e.start]
        line = before.count(b"\n") + 1
        column = e.start - (before.rfind(b"\n") + 1) + 1
        raise SpecError(
            "E100",
            f"the file is not UTF-8: byte 0x{data[e.start]:02x} at offset {e.start} cannot be "
            "decoded; save it as UTF-8",
            Span(line, column),
        ) from None
