"""Text from users (names, types, paths, messages quoting a spec) made safe for a terminal.

A control character written raw can move the cursor, rewrite a line (CR), ring the bell,
change colours or the window title (ESC sequences), or start a new line that looks like a
finding of its own. :func:`visible` shows each one as an escape instead (``\\x1b``,
``\\n``): every C0 and C1 control character, DEL, the Unicode line and paragraph
separators, and the bidirectional overrides that reorder what a terminal shows. The
human formats (table, concise, markdown, sizes, command messages) pass user text through
it; machine formats (json, sarif) keep the exact text, which their own escaping handles.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character shown as an escape; unchanged when it has none."""
    if text.isprintable():  # the common case, fast: every character above is non-printable
        return text
    return _CONTROL.sub(_escape, text)
