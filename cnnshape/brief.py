"""Bounded text for messages: a user's string or list is shown in part, with what was left out.

A message quotes what the spec wrote (a name, a list of names); the spec may be a megabyte
of one name or forty thousand of them, and a message stays a line or two all the same.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection

#: Characters of a user's text a message quotes.
TEXT_MAX = 60
#: Items of a user's list a message names.
LIST_MAX = 10
#: The longest message: a net under every message, whatever it is built from.
MESSAGE_MAX = 2000


def clip(text: str, limit: int = TEXT_MAX) -> str:
    """``text``, or its first ``limit`` characters and an ellipsis."""
    return text if len(text) <= limit else text[:limit] + "…"


def listing(
    items: Collection[str], limit: int = LIST_MAX, sep: str = ", ", form: str = "{}"
) -> str:
    """'a, b, c' or 'a, b, c, … and 1,234 more'; each item clipped. Costs ``limit``, not
    ``len(items)``: a message about the 40,000th name does not walk the other 39,999."""
    shown = [form.format(clip(item)) for item in itertools.islice(items, limit)]
    more = len(items) - len(shown)
    return sep.join(shown) + (f", … and {more:,} more" if more > 0 else "")
