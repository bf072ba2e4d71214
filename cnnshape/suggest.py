"""'Did you mean': the closest spellings of a mistyped name, for every finding that offers one."""

from __future__ import annotations

from collections.abc import Iterable

from cnnshape.brief import clip

#: Options a did-you-mean search looks at.
SUGGEST_MAX = 1000


def suggest(word: str, options: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest options (up to three), or ''."""
    import difflib  # only on the error path
    import itertools

    # difflib costs time per option: a spec with 40,000 names gets the first SUGGEST_MAX.
    lowered = {o.lower(): o for o in itertools.islice(options, SUGGEST_MAX)}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=3, cutoff=0.6)
    if not close:
        return ""
    best = difflib.SequenceMatcher(None, word.lower(), close[0]).ratio()
    names = [
        f"'{clip(lowered[c])}'"
        for c in close
        if difflib.SequenceMatcher(None, word.lower(), c).ratio() >= best - 0.05
    ]
    names.sort()
    shown = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f" (did you mean {shown}?)"
