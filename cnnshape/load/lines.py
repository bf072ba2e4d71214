"""Where the items of a spec's ``layers`` list are written: their lines and dashes, and the
comparisons of two texts that find what an edit changed (:mod:`cnnshape.load.reparse`)."""

from __future__ import annotations

from cnnshape.load.nodes import Map, Node, Scalar, Seq

#: what libyaml counts as a line break besides "\n": a text with any is parsed whole
BREAKS = ("\r", "\x85", "\u2028", "\u2029")
CHUNK = 4096


def one_item(piece: str, dash: int) -> bool:
    """The lines hold one list item: its dash at ``dash`` on the first line, every later line
    that holds more than a comment indented past it."""
    return item_heads(piece, dash) == [0]


def item_heads(piece: str, dash: int) -> list[int] | None:
    """The lines of ``piece`` that start a list item (its dash at ``dash``), the first line
    among them, where every other line that holds more than a comment is indented past the
    dash; None otherwise."""
    heads: list[int] = []
    for i, line in enumerate(piece.split("\n")):
        body = line.lstrip(" ")
        if not body or body.startswith("#"):
            if i == 0:
                return None
            continue
        indent = len(line) - len(body)
        if indent == dash and dash_line(line, 0, dash):
            heads.append(i)
        elif indent <= dash or i == 0:
            return None
    return heads


def dash_line(text: str, at: int, dash: int) -> bool:
    """Whether the line at offset ``at`` starts with a list item's dash at column ``dash``."""
    head = text[at : at + dash + 2]
    return head[:dash] == " " * dash and head[dash:] in ("- ", "-\n", "-")


def after_list(root: Map, seq: Seq, text: str) -> int:
    """The 0-based line where the top-level key after ``layers`` is written, or the end."""
    keys = [key for key, _ in root.items]
    at = next(i for i, (_, v) in enumerate(root.items) if v is seq)
    if at + 1 < len(keys):
        return keys[at + 1].span.line - 1
    return text.count("\n") + 1


def line_at(text: str, line: int) -> int:
    """The offset where 0-based ``line`` starts (``len(text)`` past the last line)."""
    return lines_on(text, 0, line)


def lines_on(text: str, at: int, n: int) -> int:
    """The offset of the line ``n`` lines after the one starting at ``at``."""
    for _ in range(n):
        found = text.find("\n", at)
        if found < 0:
            return len(text)
        at = found + 1
    return at


def lines_back(text: str, at: int, n: int) -> int:
    """The offset of the line ``n`` lines before the one starting at ``at``."""
    for _ in range(n):
        at = text.rfind("\n", 0, at - 1) + 1
    return at


def below(node: Node, line: int) -> bool:
    """Whether any value of ``node`` is placed below 1-based ``line``: an empty value (a key
    with nothing after it) is placed where the next token is, which, at the end of the item,
    is outside it."""
    if node.span.line > line:
        return True
    if isinstance(node, Seq):
        return any(below(n, line) for n in node.items)
    if isinstance(node, Map):
        return any(below(k, line) or below(v, line) for k, v in node.items)
    return False


def size(node: Node) -> int:
    """How many values ``node`` counts for (keys included, as the builder counts them)."""
    if isinstance(node, Scalar):
        return 1
    if isinstance(node, Seq):
        return 1 + sum(size(n) for n in node.items)
    return 1 + sum(1 + size(v) for _, v in node.items)


def prefix(a: str, b: str) -> int:
    """Length of the common start of ``a`` and ``b``, compared a chunk at a time."""
    n = min(len(a), len(b))
    at = 0
    while at < n and a[at : at + CHUNK] == b[at : at + CHUNK]:
        at += CHUNK
    while at < n and a[at] == b[at]:
        at += 1
    return min(at, n)


def suffix(a: str, b: str, prefix: int) -> int:
    """Length of the common end of ``a`` and ``b`` that does not overlap ``prefix``."""
    n = min(len(a), len(b)) - prefix
    la, lb, at = len(a), len(b), 0
    while at + CHUNK <= n and a[la - at - CHUNK : la - at] == b[lb - at - CHUNK : lb - at]:
        at += CHUNK
    while at < n and a[la - at - 1] == b[lb - at - 1]:
        at += 1
    return at
