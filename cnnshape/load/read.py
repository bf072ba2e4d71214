"""Spec bytes → text: size-limited reading and UTF-8 decoding, each refusal a located E100."""

from __future__ import annotations

from pathlib import Path

from cnnshape.diagnostics import Span, SpecError
from cnnshape.limits import Limits


def read_text(path: Path, limits: Limits) -> str:
    """The file as text, or a located E100 (too large, not UTF-8); large files are not read."""
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise _too_large(size, limits)
    with path.open("rb") as f:  # at most one byte past the limit: /dev/zero or a pipe ends too
        data = f.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:  # a stream whose size stat() does not know
        raise _too_large(None, limits)
    return decode(data, limits)


def _too_large(size: int | None, limits: Limits) -> SpecError:
    what = (
        f"{size:,} bytes, over the limit of {limits.max_bytes:,}"
        if size is not None
        else f"longer than the limit of {limits.max_bytes:,} bytes"
    )
    return SpecError("E100", f"the file is {what}; raise --max-bytes if it is real", Span(1, 1))


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
