"""Which files a `check` reads: folders walked (iteratively), .gitignore and excludes honoured,
YAML files that are not cnnshape specs recognised and skipped.

A file named on the command line is always checked, unless --force-exclude asks for the
same selection as in folders (the pre-commit hook does: pre-commit names every YAML file).
In a folder, a .yaml/.yml file is a spec when

- its name ends in .cnn.yaml / .cnn.yml, or it matches the configuration's ``include``; or
- it has a top-level ``input:`` or ``layers:`` key, found by scanning the text (so a spec
  with a YAML mistake in it is still recognised, and still checked).

Anything else (a workflow, a compose file, a chart) is skipped and counted. Folders named
in DEFAULT_EXCLUDES and hidden folders are not entered; nor is anything the configuration's
``exclude``, --exclude, or (unless ``respect-gitignore = false``) a .gitignore excludes.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cnnshape.commands.config import Config
from cnnshape.commands.patterns import Rule, matches, matches_any, parse_gitignore

DEFAULT_EXCLUDES = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "build", "dist", "__pycache__"}
)
SUFFIXES = (".yaml", ".yml")
SPEC_SUFFIXES = (".cnn.yaml", ".cnn.yml")
SCAN_BYTES = 1 << 20  # recognition reads at most this much of a file
_TOP_KEY = re.compile(rb"""^(?:\{\s*)?["']?(?:input|layers)["']?[ \t]*:""", re.M)


@dataclass(slots=True)
class Selection:
    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # YAML that is not a spec
    unreadable: list[tuple[Path, str]] = field(default_factory=list)  # folders and why


def looks_like_spec(path: Path) -> bool:
    """Whether the file has a top-level ``input`` or ``layers`` key (unreadable: True, so the
    check reports why it cannot be read)."""
    try:  # stat first: a FIFO or device is never opened (its check reports it, E100)
        if not stat.S_ISREG(os.stat(path).st_mode):
            return True
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            data = f.read(SCAN_BYTES)
    except OSError:
        return True
    return _TOP_KEY.search(data.removeprefix(b"\xef\xbb\xbf")) is not None


def _gitignores_above(folder: Path) -> list[Rule]:
    """The ignore rules that apply in ``folder`` from above it: the repository's own
    ``.git/info/exclude`` (lowest in precedence, as in git), then the .gitignore files of the
    folders from the repository's top down to ``folder``'s parent. None outside a repository.
    """
    chain: list[Path] = []
    for d in (folder, *folder.parents):
        if d != folder:
            chain.append(d)
        if (d / ".git").exists():
            break
    else:
        return []
    rules = _read_exclude(d)
    for above in reversed(chain):
        rules += _read_gitignore(above)
    return rules


def _read_exclude(top: Path) -> list[Rule]:
    """``.git/info/exclude`` of the repository at ``top`` (patterns relative to ``top``); a
    worktree's ``.git`` file, which points elsewhere, is not followed."""
    try:
        text = (top / ".git" / "info" / "exclude").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return parse_gitignore(text, top)


def _read_gitignore(folder: Path) -> list[Rule]:
    try:
        text = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return parse_gitignore(text, folder)


class Walker:
    """Selects files; ``config_for`` gives the configuration of a folder."""

    def __init__(self, config_for: Callable[[Path], Config], exclude: list[Rule]) -> None:
        self.config_for = config_for
        self.exclude = exclude  # --exclude, relative to the working folder
        self.selection = Selection()

    def _excluded(self, path: Path, absolute: Path, is_dir: bool, git: list[Rule]) -> bool:
        cfg = self.config_for(absolute if is_dir else absolute.parent)
        rules = self.exclude + cfg.exclude + (git if cfg.respect_gitignore else [])
        return matches(rules, absolute, is_dir)

    def _take(self, path: Path, absolute: Path) -> None:
        cfg = self.config_for(absolute.parent)
        if (
            path.name.endswith(SPEC_SUFFIXES)
            or matches_any(cfg.include, absolute)
            or looks_like_spec(path)
        ):
            self.selection.files.append(path)
        else:
            self.selection.skipped.append(path)

    def file(self, path: Path, force_exclude: bool) -> None:
        """A file named on the command line."""
        if not force_exclude:
            self.selection.files.append(path)
            return
        absolute = path.absolute()
        if any(_skipped_folder(part) for part in path.parts[:-1]):
            return
        if not self._excluded(path, absolute, False, _gitignores_above(absolute)):
            self._take(path, absolute)

    def folder(self, root: Path) -> None:
        """Every selected file below ``root``, sorted within each folder; no recursion."""
        root_abs = root.absolute()
        first = len(self.selection.files)
        stack = [(root, root_abs, _gitignores_above(root_abs))]
        while stack:
            path, absolute, git = stack.pop()
            git = git + _read_gitignore(absolute)
            try:
                entries = sorted(os.scandir(absolute), key=lambda e: e.name)
            except OSError as error:
                self.selection.unreadable.append((path, error.strerror or str(error)))
                continue
            dirs = []
            for e in entries:
                child, child_abs = path / e.name, absolute / e.name
                if e.is_dir(follow_symlinks=False):
                    if _skipped_folder(e.name):
                        continue
                    if not self._excluded(child, child_abs, True, git):
                        dirs.append((child, child_abs, git))
                elif (  # not only regular files: a FIFO named *.yaml is reported, not skipped
                    e.name.endswith(SUFFIXES)
                    and not e.is_dir()
                    and not self._excluded(child, child_abs, False, git)
                ):
                    self._take(child, child_abs)
            stack.extend(reversed(dirs))
        self.selection.files[first:] = sorted(self.selection.files[first:])


def _skipped_folder(name: str) -> bool:
    return name in DEFAULT_EXCLUDES or (name.startswith(".") and name not in (".", ".."))
