"""Running the command line so that a broken, full or closed output stream is one line.

``cnnshape check x.yaml | head -c1``, ``> /dev/full`` or a closed file descriptor 1 must not
end in a traceback, nor in Python's "Exception ignored ... BrokenPipeError" at shutdown.
:func:`run` is the console script's body, for every command at once: it fills closed
descriptors 0-2 first (so no file a command opens lands on one), guards stdout and stderr
so that a write error becomes :class:`StreamError` (which typer passes through, where it
would turn a broken pipe into a silent exit 1), flushes both streams itself, and reports
``cnnshape: cannot write the output: <reason>`` on stderr (when stderr still works) with
exit code 2. After such an error the failed descriptors point at /dev/null, so the
interpreter's own final flush has nothing left to fail on.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Callable
from typing import TextIO, cast

#: Exit code when the output cannot be written.
EXIT_IO = 2

#: Errors of a write that mean the stream is gone or full, not a bug.
_STREAM_ERRNOS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT})

#: Longer writes go to the stream in pieces of this many characters. A single large write
#: to a pipe whose reader has gone is cut short by the kernel, and CPython's buffered
#: writer then drops the error (`cnnshape check --format markdown big.yaml | head -c1`
#: exited 0); a piece no larger than its buffer is reported.
PIECE = 8192


class StreamError(Exception):
    """Writing stdout or stderr failed (broken pipe, full disk, closed descriptor)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.error = error


class ClosedStream(io.TextIOBase):
    """Stands for a standard stream whose descriptor was closed: writing fails with EBADF."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def isatty(self) -> bool:
        return False


class Guarded:
    """A text stream whose write and flush raise StreamError instead of OSError."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            if len(text) <= PIECE:
                return self.stream.write(text)
            for start in range(0, len(text), PIECE):
                self.stream.write(text[start : start + PIECE])
            return len(text)
        except OSError as e:
            raise StreamError(e) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as e:
            raise StreamError(e) from None

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def _standard(fd: int, stream: TextIO | None) -> TextIO:
    """The guarded stream for descriptor ``fd``; a closed one gets /dev/null underneath."""
    try:
        os.fstat(fd)
    except OSError:
        os.open(os.devnull, os.O_RDWR)  # takes the lowest free descriptor: this one
        stream = None
    return cast(TextIO, Guarded(stream if stream is not None else cast(TextIO, ClosedStream())))


def _silence(stream: TextIO) -> None:
    """Point a failed stream's descriptor at /dev/null, so what it still buffers goes there."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass  # a closed stream has no descriptor of its own to fail on


def _report(error: StreamError) -> None:
    _silence(sys.stdout)
    try:
        sys.stderr.write(f"cnnshape: cannot write the output: {error}\n")
        sys.stderr.flush()
    except (StreamError, OSError, ValueError):
        _silence(sys.stderr)


def run(body: Callable[[], object]) -> int:
    """Run ``body`` (a typer app: it exits with SystemExit) with stream errors reported."""
    try:
        os.fstat(0)
    except OSError:
        os.open(os.devnull, os.O_RDONLY)
    sys.stdout = _standard(1, sys.stdout)
    sys.stderr = _standard(2, sys.stderr)
    try:
        try:
            body()
            code: object = 0
        except SystemExit as e:
            code = e.code
        sys.stdout.flush()
        sys.stderr.flush()
    except StreamError as e:
        _report(e)
        return EXIT_IO
    except OSError as e:  # a write that went around the guard (click re-wrapping a stream)
        if e.errno not in _STREAM_ERRNOS:
            raise
        _report(StreamError(e))
        return EXIT_IO
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)  # sys.exit("message"), as Python itself would show it
    return 1
