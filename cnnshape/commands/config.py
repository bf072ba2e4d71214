"""Configuration: ``[tool.cnnshape]`` in pyproject.toml, or a cnnshape.toml / .cnnshape.toml.

Found as ruff finds its own: from the checked file's folder upwards, the nearest folder that
holds one wins (no merging). In one folder .cnnshape.toml comes before cnnshape.toml, which
comes before pyproject.toml; a pyproject.toml without a ``[tool.cnnshape]`` table does not
count. The search goes to the filesystem root. Globs in a configuration are relative to the
folder that holds it. Command-line options win over it (--ignore codes are added to it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cnnshape.commands.config_read import (
    KEYS,
    LIMIT_KEYS,
    Located,
    check_codes,
    check_globs,
    describe,
    load_toml,
)
from cnnshape.commands.patterns import Rule, compile_pattern, matches_any
from cnnshape.diagnostics import Diagnostic
from cnnshape.suggest import suggest

NAMES = (".cnnshape.toml", "cnnshape.toml", "pyproject.toml")


@dataclass(slots=True)
class Config:
    """One configuration file's settings (or the defaults, ``path`` None)."""

    root: Path
    path: Path | None = None
    include: list[Rule] = field(default_factory=list)
    exclude: list[Rule] = field(default_factory=list)
    respect_gitignore: bool = True
    ignore: frozenset[str] = frozenset()
    per_file_ignores: list[tuple[Rule, frozenset[str]]] = field(default_factory=list)
    strict: bool | None = None
    columns: str | None = None
    input: str | None = None
    limits: dict[str, int] = field(default_factory=dict)
    errors: list[Diagnostic] = field(default_factory=list)

    def ignored_in(self, path: Path) -> frozenset[str]:
        """The warning codes silenced in ``path``: everywhere, and by matching patterns."""
        codes = set(self.ignore)
        for rule, extra in self.per_file_ignores:
            if matches_any([rule], path.absolute()):
                codes |= extra
        return frozenset(codes)


def _table(path: Path, text: str) -> tuple[dict[str, Any] | None, Located, list[Diagnostic]]:
    """The cnnshape table of a configuration file (None: a pyproject.toml without one)."""
    pyproject = path.name == "pyproject.toml"
    located = Located(text, "tool.cnnshape" if pyproject else "")
    if pyproject and "tool.cnnshape" not in text:
        return None, located, []
    doc = load_toml(text)
    if isinstance(doc, Diagnostic):
        return {}, located, [doc]
    if not pyproject:
        return doc, located, []
    tool = doc.get("tool", {})
    table = tool.get("cnnshape") if isinstance(tool, dict) else None
    if table is None:
        return None, located, []
    if not isinstance(table, dict):
        span = located.span()
        return {}, located, [Diagnostic("E115", "[tool.cnnshape] must be a table", span)]
    return table, located, []


def read(path: Path) -> Config | None:
    """The configuration in ``path``, or None when it has no cnnshape table."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        cfg = Config(path.parent.absolute(), path)
        cfg.errors.append(Diagnostic("E115", f"cannot read the configuration: {e}", None))
        return cfg
    table, located, errors = _table(path, text)
    if table is None:
        return None
    cfg = Config(path.parent.absolute(), path, errors=errors)
    for key, value in table.items():
        problem = _apply(cfg, key, value)
        if problem is not None:
            cfg.errors.append(Diagnostic("E115", problem[1], located.span(*problem[0])))
    return cfg


def _apply(cfg: Config, key: str, value: object) -> tuple[tuple[str, ...], str] | None:
    """Set one key; (where, why) when it is wrong."""
    if key not in KEYS:
        return (key,), f"unknown configuration key '{key}'{suggest(key, list(KEYS))}; " + (
            f"the keys are {', '.join(KEYS)}"
        )
    bad = _set(cfg, key, value)
    if bad is None:
        return None
    where, why = bad
    dotted = ".".join((key, *where))
    return (key, *where), f"'{dotted}' {why}" if why.startswith(
        ("must", "is ")
    ) else f"'{dotted}': {why}"


def _set(cfg: Config, key: str, value: object) -> tuple[tuple[str, ...], str] | None:
    if key in ("include", "exclude"):
        why = check_globs(value, cfg.root)
        if why is not None:
            return (), why
        setattr(cfg, key, [compile_pattern(g, cfg.root) for g in value])  # type: ignore[attr-defined]
    elif key in ("strict", "respect-gitignore"):
        if not isinstance(value, bool):
            return (), f"must be true or false, not {describe(value)}"
        setattr(cfg, key.replace("-", "_"), value)
    elif key == "ignore":
        why = check_codes(value)
        if why is not None:
            return (), why
        cfg.ignore = frozenset(str(c).upper() for c in value)  # type: ignore[attr-defined]
    elif key == "per-file-ignores":
        return _per_file(cfg, value)
    elif key in ("columns", "input"):
        return _text_option(cfg, key, value)
    else:
        return _limits(cfg, value)
    return None


def _per_file(cfg: Config, value: object) -> tuple[tuple[str, ...], str] | None:
    if not isinstance(value, dict):
        return (), f"must be a table like {{'legacy/*.yaml' = ['W301']}}, not {describe(value)}"
    for glob, codes in value.items():
        why = check_globs([glob], cfg.root) or check_codes(codes)
        if why is not None:
            return (glob,), why
        rule = compile_pattern(glob, cfg.root)
        cfg.per_file_ignores.append((rule, frozenset(c.upper() for c in codes)))
    return None


def _text_option(cfg: Config, key: str, value: object) -> tuple[tuple[str, ...], str] | None:
    from cnnshape.commands import options

    if key == "input" and isinstance(value, list) and all(type(v) is int for v in value):
        value = "x".join(str(v) for v in value)
    if key == "columns" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ",".join(value)
    if not isinstance(value, str):
        return (), f"must be a string, not {describe(value)}"
    try:
        if key == "input":
            options.parse_shape(value)
        else:
            options.columns(value, False)
    except ValueError as e:
        return (), str(e)
    setattr(cfg, key, value)
    return None


def _limits(cfg: Config, value: object) -> tuple[tuple[str, ...], str] | None:
    if not isinstance(value, dict):
        return (), f"must be a table of {', '.join(LIMIT_KEYS)}, not {describe(value)}"
    for name, n in value.items():
        if name not in LIMIT_KEYS:
            return (
                (name,),
                f"is not a limit{suggest(name, list(LIMIT_KEYS))}; the limits are "
                + ", ".join(LIMIT_KEYS),
            )
        if type(n) is not int or n < 1:
            return (name,), f"must be a positive integer, not {n!r}"
        cfg.limits[name.replace("-", "_")] = n
    return None


class Finder:
    """The configuration that applies to each folder, each file read once."""

    def __init__(self) -> None:
        self._by_dir: dict[Path, Config] = {}
        self._files: dict[Path, Config | None] = {}

    def for_dir(self, folder: Path) -> Config:
        folder = folder.absolute()
        seen: list[Path] = []
        found: Config | None = None
        for d in (folder, *folder.parents):
            if d in self._by_dir:
                found = self._by_dir[d]
                break
            seen.append(d)
            found = self._in(d)
            if found is not None:
                break
        result = found if found is not None else Config(Path.cwd())
        for d in seen:
            self._by_dir[d] = result
        return result

    def for_file(self, path: Path) -> Config:
        return self.for_dir(path.absolute().parent)

    def _in(self, folder: Path) -> Config | None:
        for name in NAMES:
            path = folder / name
            if path not in self._files:
                self._files[path] = read(path) if path.is_file() else None
            if self._files[path] is not None:
                return self._files[path]
        return None

    def used(self) -> list[Config]:
        """Every configuration file read that names a cnnshape table, in the order found."""
        return [c for c in self._files.values() if c is not None]
