"""The editor's parse (cnnshape.load.reparse) against a whole parse, over random typing.

Every edit of a document is parsed both ways, and the located values, the notes (W303), the
value count and any error must be the same. The edits are what a typist makes (characters
inserted, deleted and replaced, lines broken and joined, YAML's own punctuation included)
on every spec in specs/ and on documents written to reach the shortcut's edges (block
scalars, comments, anchors, a list item whose value starts on the next line, a flow list,
keys after the list, no final line break).
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from cnnshape.diagnostics import SpecError
from cnnshape.limits import Limits
from cnnshape.load.nodes import Map, Node, Scalar, Seq
from cnnshape.load.parse import parse_counted
from cnnshape.load.reparse import Reparser

ROOT = Path(__file__).resolve().parents[1]
SPECS = sorted(p for p in (ROOT / "specs").rglob("*.yaml") if "bad" not in p.parts)

EDGES = {
    "edges": """\
input: [3, 32, 32]   # a comment
layers:
  - Conv2d: {out_channels: 8, kernel_size: 3, padding: 1}
  # a comment between items
  - ReLU
  -
    Conv2d: {out_channels: 8, kernel_size: 3}
  - Dropout: {p: 0.5, inplace: yes}
  - Conv2d:
      out_channels: 8
      kernel_size: 3
      name: "a name
        over two lines"
  - Identity:
      name: |
        a literal
        block
  - Flatten
outputs: [fc]
""",
    "anchors": """\
input: [3, 8, 8]
layers:
  - Conv2d: &c {out_channels: 4, kernel_size: 1}
  - ReLU
  - Conv2d: *c
  - BatchNorm2d: {affine: on}
""",
    "flow": "input: [3, 8, 8]\nlayers: [ReLU, {Conv2d: {out_channels: 2, kernel_size: 1}}, ReLU]\n",
    "at column 0": (
        "input: [1, 4, 4]\nlayers:\n- ReLU\n- Conv2d: {out_channels: 2, kernel_size: 1}\n- Tanh"
    ),
    "literal": "layers:\n  - Identity: |+\n      kept\n\n  - ReLU: {name: x}\n",
    # an empty value is placed at the next token: past the item when it ends the item
    "empty values": "layers:\n  - ReLU:\n  - Tanh:\n    # a comment\n  - Conv2d:\n      name:\n\n"
    "  - Sigmoid:\nname:\n",
}
DOCS = {p.name: p.read_text() for p in SPECS} | EDGES
TYPED = "abcdexyz0123456789 :-,#[]{}\"'&*|>\n\t$.?!%@`"


def canon(node: Node) -> object:
    """A node as comparable values (a NaN equals a NaN here; a repr keeps 1 apart from True)."""
    if isinstance(node, Scalar):
        v = node.value
        shown = "nan" if isinstance(v, float) and math.isnan(v) else repr(v)
        return ("s", shown, type(v).__name__, node.span.line, node.span.column, node.text)
    if isinstance(node, Seq):
        return ("q", node.span.line, node.span.column, [canon(n) for n in node.items])
    assert isinstance(node, Map)
    return ("m", node.span.line, node.span.column, [(canon(k), canon(v)) for k, v in node.items])


def whole(text: str, limits: Limits) -> object:
    notes: list = []
    try:
        root, count = parse_counted(text, limits, notes)
    except SpecError as e:
        return ("error", e.diagnostic)
    return (canon(root), notes, count)


def parts(rp: Reparser, text: str, limits: Limits) -> object:
    try:
        root, notes = rp.parse(text, limits)
    except SpecError as e:
        return ("error", e.diagnostic)
    assert rp.last is not None
    return (canon(root), notes, rp.last.count)


def edit(text: str, rnd: random.Random, typed: str = TYPED) -> str:
    """One keystroke's worth of change, mostly near the end of a line (where people type)."""
    if not text:
        return rnd.choice(typed)
    lines = text.split("\n")
    line = rnd.randrange(len(lines))
    at = sum(len(x) + 1 for x in lines[:line])
    at += len(lines[line]) if rnd.random() < 0.5 else rnd.randint(0, len(lines[line]))
    at = min(at, len(text))
    op = rnd.random()
    if op < 0.45:
        return text[:at] + rnd.choice(typed) + text[at:]
    if op < 0.8:
        return text[: max(at - 1, 0)] + text[at:]
    if op < 0.95:
        return text[:at] + rnd.choice(typed) + text[at + 1 :]
    return text[: max(at - rnd.randint(1, 30), 0)] + text[at:]  # a selection deleted


@pytest.mark.parametrize("name", sorted(DOCS))
def test_random_typing_parses_as_the_whole_text(name: str) -> None:
    rnd = random.Random(f"reparse {name}")
    limits = Limits()
    original = DOCS[name]
    rp = Reparser()
    assert parts(rp, original, limits) == whole(original, limits)
    text, steps = original, 200
    for step in range(steps):
        # a typist's session, back to the original now and then (random keys soon break YAML)
        text = original if step % 10 == 9 else edit(text, rnd)
        assert parts(rp, text, limits) == whole(text, limits), (name, step, text)
    if name not in ("anchors", "flow"):  # the shortcut is never taken there
        assert rp.partial >= steps // 20, rp.partial
    PARTIAL[name] = rp.partial


PARTIAL: dict[str, int] = {}


@pytest.mark.parametrize("name", sorted(DOCS))
def test_typing_that_keeps_the_yaml_whole_parses_as_the_whole_text(name: str) -> None:
    """Keys, spaces, digits, dashes and line breaks: the edits that mostly keep YAML valid,
    so the shortcut is taken often, at the edges of items too."""
    rnd = random.Random(f"reparse typing {name}")
    limits = Limits()
    original = text = DOCS[name]
    rp = Reparser()
    for step in range(150):
        text = original if rnd.random() < 0.05 else edit(text, rnd, SAFE)
        assert parts(rp, text, limits) == whole(text, limits), (name, step, text)


SAFE = "abcxyz0129 ,:_-#\n"


def test_an_edit_inside_one_layer_reads_that_layer_only() -> None:
    layers = "".join(f"  - Conv2d: {{out_channels: {i + 1}, kernel_size: 1}}\n" for i in range(50))
    text = "input: [3, 8, 8]\nlayers:\n" + layers + "outputs: [x]\n"
    limits = Limits()
    rp = Reparser()
    first, _ = rp.parse(text, limits)
    edited = text.replace("out_channels: 20,", "out_channels: 205,")
    second, _ = rp.parse(edited, limits)
    assert rp.partial == 1
    assert isinstance(first, Map) and isinstance(second, Map)
    old, new = first.get("layers"), second.get("layers")
    assert isinstance(old, Seq) and isinstance(new, Seq)
    changed = [i for i, (a, b) in enumerate(zip(old.items, new.items, strict=True)) if a is not b]
    assert changed == [19]
    assert canon(second) == whole(edited, limits)[0]


def test_limits_hold_for_the_whole_document_after_an_edit() -> None:
    text = "layers:\n  - [1, 2]\n  - ReLU\n"
    rp = Reparser()
    tight = Limits(max_nodes=7)  # the root, its key, the list, [1, 2] (3 values), ReLU
    rp.parse(text, tight)
    with pytest.raises(SpecError) as e:
        rp.parse(text.replace("[1, 2]", "[1, 2, 3]"), tight)
    assert e.value.diagnostic.code == "E111"
    assert rp.partial == 0


def test_new_limits_parse_the_whole_text() -> None:
    text = "layers:\n  - ReLU\n"
    rp = Reparser()
    rp.parse(text, Limits())
    with pytest.raises(SpecError):
        rp.parse(text.replace("ReLU", "[[ReLU]]"), Limits(max_depth=3))
    assert rp.partial == 0


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("  - ReLU\n", "  - ReLU\n\n"),  # Enter at the end of a layer
        ("  - ReLU\n", "  - ReLU\n  - Tanh\n"),  # a new layer typed below it
        ("  - ReLU\n  - Tanh\n", "  - ReLU\n"),  # a layer deleted... with the next one
        ("  - Conv2d: {out_channels: 4,\n      kernel_size: 1}\n", "  - Conv2d: {}\n"),
    ],
)
def test_lines_added_or_removed_move_the_values_below(before: str, after: str) -> None:
    head = "input: [3, 8, 8]\nlayers:\n  - Conv2d: &c {out_channels: 4, kernel_size: 1}\n"
    tail = "  - Conv2d: *c\n  - Dropout: {p: 0.5, inplace: yes}\noutputs: [x]\n"
    limits = Limits()
    rp = Reparser()
    parts(rp, head + before + tail, limits)
    edited = head + after + tail
    assert parts(rp, edited, limits) == whole(edited, limits)
    assert rp.partial == 1


@pytest.mark.parametrize("typed", [" ", "x", "#", "-"])
def test_a_key_typed_before_the_next_dash_is_not_taken_for_the_line_above(typed: str) -> None:
    """The edit is found at the end of the line above as well as at the start of its own;
    the line it changes is the next item's, which then no longer starts with the dash."""
    text = "layers:\n  - ReLU\n  - Tanh\n  - Sigmoid\n"
    edited = text.replace("  - Tanh", typed + "  - Tanh")
    limits = Limits()
    rp = Reparser()
    parts(rp, text, limits)
    assert parts(rp, edited, limits) == whole(edited, limits)
