"""Every name the exporter writes into code, derived from user text and validated.

Layer names, block names and paths are user text: they may hold line breaks, quotes,
NUL, letters Python folds together (``ﬁ`` is ``fi`` to the parser, NFKC), or spell a
keyword or an attribute of ``nn.Module`` (``training``, ``forward``). So no user text is
ever written as a name. A submodule key or a variable is built from [A-Za-z0-9_] only:
compatibility letters are decomposed (``ﬁ`` → ``fi``, ``²`` → ``2``, ``ｆ`` → ``f``, ``é``
→ ``e``), anything else becomes ``_``; a name that is empty or reserved gets a prefix, and
collisions get ``_2``, ``_3``... in row order. Names that are already plain ASCII
identifiers (and digit paths like ``0``) come out exactly as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from cnnshape.export.reserved import KEYWORDS, NN_MODULE
from cnnshape.report import Row

_NOT_WORD = re.compile(r"[^A-Za-z0-9_]")
_KEY = re.compile(r"[A-Za-z0-9_]+")


def ascii_word(text: str) -> str:
    """``text`` as [A-Za-z0-9_]: decomposed (NFKD), combining marks dropped, the rest '_'."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub("_", text)


def reserved(name: str) -> bool:
    """A keyword, an attribute of nn.Module, or private ('_…', where torch adds its own)."""
    return name in KEYWORDS or name in NN_MODULE or name.startswith("_")


def module_key(path: str) -> str:
    """A row's submodule key before collisions: its path, '.' as '_', made safe."""
    key = ascii_word(path.replace(".", "_"))
    if not key:
        return "layer"
    return f"layer_{key}" if reserved(key) else key


def valid_key(key: str) -> bool:
    """What every submodule key satisfies (PyTorch refuses '.', '' and attribute names)."""
    return bool(_KEY.fullmatch(key)) and not reserved(key)


def valid_identifier(name: str) -> bool:
    """What every variable the exporter writes satisfies."""
    return name.isascii() and name.isidentifier() and not reserved(name)


class Names:
    """Hands out unique names: the first claim of a base keeps it, later ones get _2, _3...

    Names are compared after NFKC, as Python compares identifiers (ASCII names already
    are); letter case is kept (``Fc`` and ``fc`` are two names).
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = {unicodedata.normalize("NFKC", t) for t in taken}

    def free(self, name: str) -> bool:
        return unicodedata.normalize("NFKC", name) not in self.taken

    def claim(self, base: str) -> str:
        name, n = base, 2
        while not self.free(name):
            name, n = f"{base}_{n}", n + 1
        self.taken.add(unicodedata.normalize("NFKC", name))
        return name


def module_keys(rows: Sequence[Row]) -> dict[str, str]:
    """Each row's path → its submodule key, unique and valid.

    Rows whose key is their path as written ('.' as '_') claim it first, so a plain name
    never moves because another layer's name had to be rewritten into the same key.
    """
    names = Names()
    keys: dict[str, str] = {}
    verbatim = [r for r in rows if module_key(r.path) == r.path.replace(".", "_")]
    for row in verbatim:
        if names.free(module_key(row.path)):
            keys[row.path] = names.claim(module_key(row.path))
    for row in rows:
        if row.path not in keys:
            keys[row.path] = names.claim(module_key(row.path))
    for key in keys.values():
        if not valid_key(key):  # unreachable by construction; a guard, not a message
            raise ValueError(f"cnnshape export derived an invalid module key {key!r}")
    return keys


def variable(stem: str, text: str, names: Names) -> str:
    """A fresh local variable ``<stem>_<text as a lower-case word>`` (PEP 8's function
    variables, which ruff's N806 asks for), checked before it is written."""
    name = names.claim(f"{stem}_{ascii_word(text).lower()}" if text else stem)
    if not valid_identifier(name):  # unreachable by construction (stem is a plain word)
        raise ValueError(f"cnnshape export derived an invalid identifier {name!r}")
    return name
