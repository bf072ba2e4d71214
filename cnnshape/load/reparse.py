"""The editor's parse: after an edit inside one item of the top-level ``layers`` list, only that
item is read again; the items below it are moved by the lines the edit added or removed, and
every other value is the previous parse's, unchanged.

A one-character edit of a 10,000-layer spec then costs the parse of one layer, not of 10,000
(the language server re-checks on every keystroke). The result must be exactly what
:func:`~cnnshape.load.parse.parse_counted` gives for the whole text, so the shortcut is taken
only where that is certain, and the whole text is parsed otherwise:

- the item is in a block-style ``layers:`` list, and starts on its own ``-`` line, as does
  the item after it; after the edit the item's lines are list items with their dashes at
  the list's column (one, several where a layer was typed, none where it was deleted), and
  every other line that holds more than a comment is indented past the dash, so in the whole
  text they still end where the next item's dash (or the next top-level key) begins;
- neither the old nor the new text of the item holds ``&`` or ``*`` (anchors and aliases tie
  values together across items), and the text has no line break other than ``\n`` (libyaml
  counts ``\r``, NEL and the Unicode separators as line breaks too) and no byte-order mark;
- the item's lines, read alone at their own lines and columns, give exactly those items,
  each starting on its dash line, with no value left empty at the end (libyaml places an
  empty value at the next token, which lies outside them), and every limit holds for the
  whole document after the exchange.

``tests/test_reparse.py`` checks the result against a whole parse over random edits.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace

from cnnshape.diagnostics import Diagnostic, Span, SpecError
from cnnshape.limits import Limits
from cnnshape.load.lines import (
    BREAKS,
    after_list,
    below,
    dash_line,
    item_heads,
    line_at,
    lines_back,
    lines_on,
    one_item,
    prefix,
    size,
    suffix,
)
from cnnshape.load.nodes import Map, Node, Scalar, Seq
from cnnshape.load.parse import parse_counted


@dataclass(frozen=True, slots=True)
class Parsed:
    """One parse of a whole document: what the next edit starts from."""

    text: str
    limits: Limits
    root: Node
    notes: tuple[Diagnostic, ...]  # W303, in document order
    count: int  # values after alias expansion (what max_nodes bounds)
    #: items of ``layers`` that only moved (lines were added or removed above them): by the
    #: id of the moved copy, the copy, the item it was made from, and the lines it moved
    shifted: dict[int, tuple[Node, Node, int]] = field(default_factory=dict)
    #: the 0-based line where each item of ``layers`` starts (empty without a layers list)
    starts: list[int] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        seq = self.root.get("layers") if isinstance(self.root, Map) else None
        items = seq.items if isinstance(seq, Seq) else []
        object.__setattr__(self, "starts", [item.span.line - 1 for item in items])


class Reparser:
    """The last good parse of one document, and :meth:`parse` for its next text.

    A text that does not parse leaves the last good parse in place: the keystroke that
    completes a half-typed layer is again a parse of that layer alone."""

    def __init__(self) -> None:
        self.last: Parsed | None = None
        self.partial = 0  # parses that read one item only (the tests and benchmark count them)

    def parse(self, text: str, limits: Limits) -> tuple[Node, list[Diagnostic]]:
        """The located values of ``text`` and its notes, as a whole parse gives them; raises
        the whole parse's :class:`SpecError`."""
        last = self.last
        found = _part(last, text) if last is not None and last.limits == limits else None
        if found is None:  # (on an error, ``last`` stays: the next edit may fix the item)
            notes: list[Diagnostic] = []
            root, count = parse_counted(text, limits, notes)
            found = Parsed(text, limits, root, tuple(notes), count)
        else:
            self.partial += 1
        self.last = found
        return found.root, list(found.notes)


def _part(last: Parsed, text: str) -> Parsed | None:
    """The parse of ``text`` with one item of ``last`` read again (the items after it moved
    by the lines the edit added or removed), or None where a whole parse is needed."""
    if text == last.text:
        return last
    if text.startswith("\ufeff") or any(b in text for b in BREAKS):
        return None
    root, old = last.root, last.text
    seq = root.get("layers") if isinstance(root, Map) else None
    if not isinstance(root, Map) or not isinstance(seq, Seq) or not seq.items:
        return None
    start_of = last.starts
    first = line_at(old, seq.span.line - 1)
    dash = seq.span.column - 1
    if old[first + dash : first + dash + 1] != "-":
        return None  # a flow list: [...]
    # Where the texts differ: [p, len - s) of each. Any wider span is as true, and one that
    # starts a line, or ends the line before (an Enter at the end of a layer is found at the
    # start of the next line otherwise), is the one that falls in a single item.
    same = suffix(old, text, 0)
    line = old.rfind("\n", 0, prefix(old, text)) + 1
    for p in (line, line - 1) if line > 0 else (line,):
        found = _at(last, text, seq, start_of, p, min(same, min(len(old), len(text)) - p))
        if found is not None:
            return found
    return None


def _at(last: Parsed, text: str, seq: Seq, start_of: list[int], p: int, s: int) -> Parsed | None:
    """:func:`_part` for the edit that changed ``[p, len - s)`` of the texts."""
    root, old = last.root, last.text
    assert isinstance(root, Map)
    dash = seq.span.column - 1
    q = len(old) - s
    top = old.count("\n", 0, p)
    bottom = top + old.count("\n", p, q - 1) if q > p else top  # the line of the last change
    moved = text.count("\n", p, len(text) - s) - old.count("\n", p, q)  # lines added
    k = bisect_right(start_of, top) - 1
    if k < 0:
        return None
    start = start_of[k]
    end = start_of[k + 1] if k + 1 < len(start_of) else after_list(root, seq, old)
    if bottom >= end:
        return None
    if k + 1 < len(start_of) and not dash_line(old, line_at(old, end), dash):
        return None  # the next item's value starts below its dash: the dash is in this item
    here = old.rfind("\n", 0, p) + 1  # where line `top` starts, in both texts
    a = lines_back(old, here, top - start)  # the item's first line: before p, so in both
    b_old = lines_on(old, here, end - top)
    b = b_old + len(text) - len(old)  # after the edit: shifted by its length
    if b < len(text) and text[b - 1] != "\n":
        return None  # the edit ends the line before the next item: that line no longer starts
    piece, was = text[a:b], old[a:b_old]
    if "&" in piece or "*" in piece or "&" in was or "*" in was:
        return None
    notes: list[Diagnostic] = []
    if piece:
        found = _read(piece, start, dash, last.limits, notes)
        if found is None or below(found[0][-1], end + moved):
            return None  # a value left empty at the end takes its place from what follows
        items, count = found
    elif k + 1 == len(start_of) and (k == 0 or below(seq.items[k - 1], start)):
        return None  # the last item deleted: what follows the one before it has changed
    else:  # the item deleted, lines and all
        items, count = [], 0
    total = last.count - size(seq.items[k]) + count
    if total > last.limits.max_nodes:
        return None
    after = [_moved(item, moved, end) for item in seq.items[k + 1 :]]
    shifted = {
        id(n): (n, was, moved)
        for n, was in zip(after, seq.items[k + 1 :], strict=True)
        if n is not was
    }
    new_seq = Seq([*seq.items[:k], *items, *after], seq.span)
    pairs: list[tuple[Scalar, Node]] = []
    for key, v in root.items:
        pairs.append(
            (key, new_seq) if v is seq else (_moved_key(key, moved, end), _moved(v, moved, end))
        )
    notes = [
        *(n for n in last.notes if n.span is None or n.span.line <= start),
        *notes,
        *(_moved_note(n, moved) for n in last.notes if n.span is not None and n.span.line > end),
    ]
    return Parsed(text, last.limits, Map(pairs, root.span), tuple(notes), total, shifted)


def _read(
    piece: str, start: int, dash: int, limits: Limits, notes: list[Diagnostic]
) -> tuple[list[Node], int] | None:
    """The items written in ``piece`` (lines from 0-based ``start``, dashes at ``dash``),
    read alone, and the values they count for; None where they would read otherwise in the
    whole text (a value that starts below its dash) or do not parse."""
    heads = item_heads(piece, dash)
    if heads is None or limits.max_depth < 2:
        return None
    try:  # the list is a level nearer the top when read alone
        alone, count = parse_counted(
            "\n" * start + piece, replace(limits, max_depth=limits.max_depth - 1), notes
        )
    except SpecError:
        return None  # the whole parse says what is wrong, and where
    if not isinstance(alone, Seq) or (alone.span.line, alone.span.column) != (start + 1, dash + 1):
        return None
    if [item.span.line - 1 - start for item in alone.items] != heads:
        return None  # an item whose value starts below its dash
    return alone.items, count - 1


def _moved(node: Node, lines: int, after: int) -> Node:
    """``node`` with every value written below 1-based line ``after`` moved down by
    ``lines`` (a copy where anything moved; a value above, such as an anchor an alias below
    names, stays the very same)."""
    if lines == 0 or node.span.line <= after:
        return node
    span = Span(node.span.line + lines, node.span.column)
    if isinstance(node, Scalar):
        return Scalar(node.value, span, node.text)
    if isinstance(node, Seq):
        return Seq([_moved(n, lines, after) for n in node.items], span)
    return Map(
        [(_moved_key(k, lines, after), _moved(v, lines, after)) for k, v in node.items], span
    )


def _moved_key(key: Scalar, lines: int, after: int) -> Scalar:
    if lines == 0 or key.span.line <= after:
        return key
    return Scalar(key.value, Span(key.span.line + lines, key.span.column), key.text)


def _moved_note(note: Diagnostic, lines: int) -> Diagnostic:
    if lines == 0 or note.span is None:
        return note
    return replace(note, span=Span(note.span.line + lines, note.span.column))


def item_lines(parsed: Parsed, line: int) -> tuple[int, int] | None:
    """The 0-based lines ``[start, end)`` of the ``layers`` item that 0-based ``line`` is in,
    where the item's text, read alone at those lines, places its values as the whole text
    does (the conditions of the re-parse; the previous item leaves no empty value at its
    end, which would be placed on the item's first line); None elsewhere.

    The language server reads one item's YAML for the ranges of the findings in it, instead
    of the whole text's."""
    text, root = parsed.text, parsed.root
    seq = root.get("layers") if isinstance(root, Map) else None
    if not isinstance(root, Map) or not isinstance(seq, Seq) or not seq.items:
        return None
    if text.startswith("\ufeff") or any(b in text for b in BREAKS):
        return None
    dash = seq.span.column - 1
    start_of = parsed.starts
    k = bisect_right(start_of, line) - 1
    if k < 0:
        return None
    start = start_of[k]
    end = start_of[k + 1] if k + 1 < len(start_of) else after_list(root, seq, text)
    if line >= end or (k > 0 and below(seq.items[k - 1], start)):
        return None
    if k + 1 < len(start_of) and not dash_line(text, line_at(text, end), dash):
        return None
    a = line_at(text, start)
    piece = text[a : lines_on(text, a, end - start)]
    if "&" in piece or "*" in piece or not one_item(piece, dash):
        return None
    return start, end
