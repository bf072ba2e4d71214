"""'Did you mean': the closest spellings of a mistyped name, for every finding that offers one
(the message's words, and the same names as edits for editors' quick fixes)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from cnnshape.brief import clip
from cnnshape.diagnostics import Fix

#: Options a did-you-mean search looks at (difflib costs time per option: a spec with
#: 40,000 names gets the first SUGGEST_MAX).
SUGGEST_MAX = 1000


def candidates(word: str, options: Iterable[str]) -> list[str]:
    """The options closest to ``word`` (up to three, nearly equally close), sorted."""
    import difflib  # only on the error path

    lowered = {o.lower(): o for o in itertools.islice(options, SUGGEST_MAX)}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=3, cutoff=0.6)
    if not close:
        return []
    best = difflib.SequenceMatcher(None, word.lower(), close[0]).ratio()
    names = [
        lowered[c]
        for c in close
        if difflib.SequenceMatcher(None, word.lower(), c).ratio() >= best - 0.05
    ]
    return sorted(names, key=lambda n: f"'{n}'")


def suggest(word: str, options: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest options (up to three), or ''."""
    names = [f"'{clip(n)}'" for n in candidates(word, options)]
    if not names:
        return ""
    shown = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f" (did you mean {shown}?)"


def closest(word: str, options: list[str]) -> list[str]:
    """The one option ``word`` is most likely a misspelling of, as a list (empty if none)."""
    import difflib  # only on the error path

    lowered = {o.lower(): o for o in options}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return [lowered[c] for c in close]


def did_you_mean(word: str, options: Iterable[str]) -> tuple[Fix, ...]:
    """The edits a 'did you mean' names: each close option written in place of ``word``."""
    return tuple(Fix(f"did you mean {n}", n) for n in candidates(word, options))
