"""Writing an output file (`-o`): only a regular file or a new path, atomically, umask-aware.

Every command's ``-o`` goes through :func:`write_text`, which

- writes only a regular file or a path that does not exist yet; a folder, device, FIFO,
  socket or other special file is refused (``-o /dev/null`` never replaces /dev/null);
- refuses a symbolic link as the target and names the file it points to: pass that path
  if it is the one you mean (a link is never replaced by a file, nor written through);
- never overwrites one of the command's input files unless the caller allows it;
- writes a temporary file in the same folder, fsyncs it and renames it over the target,
  so a reader (or a concurrent run) sees the old file or the new one, never half of one;
- gives a new file the mode ``0o666 & ~umask`` and a replaced file its old mode.

Every failure is an :class:`OutputError` whose message is one line.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from cnnshape.terminal import visible

#: st_mode file type → how a message names it.
_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
}


class OutputError(Exception):
    """The output cannot be written; the message is one line and names the path.
    ``is_input`` is set when the target is one of the command's input files."""

    def __init__(self, message: str, is_input: bool = False) -> None:
        super().__init__(message)
        self.is_input = is_input


def kind(mode: int) -> str:
    """How a person names a file of this st_mode: 'a FIFO (named pipe)', 'a folder'."""
    return _KINDS.get(stat.S_IFMT(mode), "a special file")


def _show(path: Path | str) -> str:
    return visible(str(path))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_target(path: Path, inputs: Iterable[Path] = ()) -> os.stat_result | None:
    """The existing regular file at ``path`` (None for a new path), or OutputError."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        parent = path.parent
        if not parent.is_dir():
            raise OutputError(
                f"cannot write {_show(path)}: the folder {_show(parent)} does not exist"
            ) from None
        return None
    except OSError as e:
        raise OutputError(f"cannot write {_show(path)}: {e.strerror}") from None
    if stat.S_ISLNK(st.st_mode):
        real = os.path.realpath(path)
        raise OutputError(
            f"{_show(path)} is a symbolic link (to {_show(real)}); -o does not write through "
            "links: pass the real path if that is the file you mean"
        )
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(
            f"{_show(path)} is {kind(st.st_mode)}; -o writes only a regular file or a new path"
        )
    for source in inputs:
        with contextlib.suppress(OSError):
            if os.path.samefile(source, path):
                raise OutputError(
                    f"{_show(path)} is the input file; refusing to overwrite it", True
                )
    return st


def write_text(path: Path, text: str, inputs: Iterable[Path] = ()) -> None:
    """Replace (or create) the regular file ``path`` with ``text`` (UTF-8), atomically."""
    existing = check_target(path, inputs)
    data = text.encode("utf-8")
    folder = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise OutputError(f"cannot write {_show(path)}: {e.strerror}") from None
    try:
        try:
            _fill(fd, data, existing)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"cannot write {_show(path)}: {e.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(folder)


def _fill(fd: int, data: bytes, existing: os.stat_result | None) -> None:
    """Write all of ``data``, set the final mode (and owner, for root), fsync."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    if existing is None:
        os.fchmod(fd, 0o666 & ~_umask())
    else:
        if os.geteuid() == 0:  # root replacing someone's file keeps it theirs
            with contextlib.suppress(OSError):
                os.fchown(fd, existing.st_uid, existing.st_gid)
        os.fchmod(fd, stat.S_IMODE(existing.st_mode))
    os.fsync(fd)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable where the platform allows it (best effort)."""
    with contextlib.suppress(OSError):
        dfd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
