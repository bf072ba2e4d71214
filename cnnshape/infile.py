"""Reading spec files and walking folders of them, safely: the one read path of every command.

- Only regular files are read. A path is ``stat``-ed before it is opened, so a FIFO, a
  device or a socket is a located E100 ("not a regular file: a FIFO") and is never opened
  (a FIFO's open would block until a writer came). The open itself adds ``O_NONBLOCK`` and
  checks again with ``fstat``, in case the path was swapped in between.
- The content is read in chunks up to ``max_bytes + 1`` bytes: nothing is preallocated, so
  a huge ``--max-bytes`` costs only what the file holds, and files whose size ``stat`` does
  not know (``/proc``) are read all the same.
- Every failure (missing, permission, I/O error) is a located E100, never an exception.
- Folder walks are iterative (no recursion, whatever the depth), do not follow symbolic
  links to folders (so a link loop ends), and report the folders they could not read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cnnshape.diagnostics import Span, SpecError
from cnnshape.outfile import kind

#: Read this many bytes at a time.
CHUNK = 1 << 16

#: The suffixes a folder walk picks up.
SUFFIXES = (".yaml", ".yml")

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def _e100(message: str) -> SpecError:
    return SpecError("E100", message, Span(1, 1))


def too_large(size: int | None, max_bytes: int) -> SpecError:
    what = (
        f"{size:,} bytes, over the limit of {max_bytes:,}"
        if size is not None
        else f"longer than the limit of {max_bytes:,} bytes"
    )
    return _e100(f"the file is {what}; raise --max-bytes if it is real")


def _not_regular(mode: int) -> SpecError:
    return _e100(f"not a regular file: {kind(mode)}; cnnshape reads only regular files")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes (at most ``max_bytes``), or a located E100 that says why not."""
    try:
        st = os.stat(path)
    except OSError as e:
        raise _e100(f"cannot read the file: {e.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(st.st_mode)
    if st.st_size > max_bytes:
        raise too_large(st.st_size, max_bytes)
    try:
        fd = os.open(path, _FLAGS)
    except OSError as e:
        raise _e100(f"cannot read the file: {e.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # swapped for something else since the stat
            raise _not_regular(mode)
        return _read_upto(fd, max_bytes)
    except OSError as e:
        raise _e100(f"cannot read the file: {e.strerror}") from None
    finally:
        os.close(fd)


def _read_upto(fd: int, max_bytes: int) -> bytes:
    """Chunks until end of file; one byte past the limit is E100 (/proc files grow too)."""
    chunks: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = os.read(fd, min(CHUNK, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    raise too_large(None, max_bytes)
