"""Shared pieces of the fuzz tests: spec mutators, generators and the invariants every run keeps.

Mutators take a ``random.Random`` so the same code serves hypothesis (``st.randoms()``,
which shrinks) and the seeded batches sent through the real program.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import random
from pathlib import Path
from typing import Any

import yaml
from hypothesis import settings

from cnnshape.check import Options, check_bytes
from cnnshape.diagnostics import CODES
from cnnshape.render import FORMATS, RenderOptions, get
from cnnshape.report import FileReport, exit_code

ROOT = Path(__file__).resolve().parents[2]
#: The specs to mutate: specs/ of this repository, or CNNSHAPE_FUZZ_SPECS (a folder) if set.
SPECS = sorted(Path(os.environ.get("CNNSHAPE_FUZZ_SPECS", ROOT / "specs")).rglob("*.yaml"))
EXAMPLES = int(os.environ.get("CNNSHAPE_FUZZ_EXAMPLES", "400"))

settings.register_profile("cnnshape-fuzz", max_examples=EXAMPLES, deadline=None)
settings.load_profile("cnnshape-fuzz")

#: Pieces of YAML syntax that break parsers in interesting ways.
TOKENS = [
    "[", "]", "{", "}", ":", ": ", "- ", "-", ",", "&a ", "*a", "&b ", "*b", "? ", "---\n",
    "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "\t", "'", '"', "|\n", ">-\n", "#", " #c",
    "\x00", "\ufeff", "<<: ", "\r", "\r\n", "\n", "\u2028", "\x85",
    "!!python/object/apply:os.system ",
    "!!binary ", "!!int ", "!!float ", "!!str ", "!foo ", "~", "null", "true", "no", "1e3",
    "1.0e+3", "0x1f", "0o17", "1_000", "1:30", ".inf", ".nan", "-1", "0", "9" * 30,
    "9223372036854775808", "  ", "    ", "\n  ", "input", "layers", "repeat", "name",
    "Conv2d", "Linear", "Flatten", "ReLU", "MaxPool2d", "kernel_size", "out_channels",
    "padding", "same", "stride", "é", "😀", "9" * 4500, "1" + "0" * 400, "0x" + "f" * 400,
]  # fmt: skip

HUGE = [0, -1, -(2**63), 2**31, 2**62, 2**63 - 1, 2**63, 2**64, 10**30, 10**400, -(10**400)]
FLOATS = [0.0, -0.5, 1.5, 1e300, -1e-300, math.inf, -math.inf, math.nan]
NAMES = ["", "layers", "input", "repeat", "name", "trainable", "ignore", "Conv2d", "conv2d",
         "kernel_size", "padding", "in_features", "x" * 200, "é", "1", "null"]  # fmt: skip


def spec_texts() -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace") for p in SPECS]


def spec_values() -> list[Any]:
    """The example specs that load as YAML (the bad ones may not), as plain Python values."""
    out = []
    for text in spec_texts():
        with contextlib.suppress(yaml.YAMLError):
            out.append(yaml.safe_load(text))
    return out or [{"input": [3, 8, 8], "layers": ["ReLU"]}]


# --- structural mutations --------------------------------------------------------------


def _containers(value: Any, out: list[Any]) -> list[Any]:
    """Every list and dict inside ``value`` (itself included)."""
    if isinstance(value, list | dict):
        out.append(value)
        for child in value.values() if isinstance(value, dict) else value:
            _containers(child, out)
    return out


def _new_value(old: Any, rnd: random.Random) -> Any:
    """A replacement for a value: another type, an extreme number, nesting, text."""
    choice = rnd.randrange(9)
    if choice == 0:
        return rnd.choice(HUGE)
    if choice == 1:
        return rnd.choice(FLOATS)
    if choice == 2 and isinstance(old, int) and not isinstance(old, bool):
        as_float = float(old) if abs(old) < 10**300 else -0.0
        return rnd.choice([-old, 0, old * 10 ** rnd.randrange(1, 25), as_float, str(old)])
    if choice == 3:
        return [old] if rnd.random() < 0.7 else [[old]]
    if choice == 4:
        return {rnd.choice(NAMES): old}
    if choice == 5:
        return rnd.choice([None, True, False, "", "same", "valid", "W301", "E201"])
    if choice == 6:
        return str(old)[: rnd.randrange(len(str(old)) + 1)]
    if choice == 7:
        return rnd.choice(NAMES)
    return [rnd.choice(HUGE) for _ in range(rnd.randrange(6))]


def mutate_value(value: Any, rnd: random.Random, steps: int = 3) -> Any:
    """Apply a few random edits in place (types swapped, keys renamed, numbers pushed)."""
    for _ in range(steps):
        box = {"root": value}
        target = rnd.choice(_containers(box, []))
        if isinstance(target, dict) and target:
            key = rnd.choice(list(target))
            if rnd.random() < 0.3 and target is not box:
                target[rnd.choice(NAMES) + rnd.choice(["", "x", "_"])] = target.pop(key)
            elif rnd.random() < 0.1 and target is not box:
                del target[key]
            else:
                target[key] = _new_value(target[key], rnd)
        elif isinstance(target, list) and target:
            i = rnd.randrange(len(target))
            op = rnd.random()
            if op < 0.15:
                del target[i]
            elif op < 0.3:
                target.insert(i, target[i])
            else:
                target[i] = _new_value(target[i], rnd)
        value = box["root"]
    return value


def dump(value: Any, rnd: random.Random) -> str:
    style = rnd.choice([None, True, False])
    return yaml.safe_dump(value, default_flow_style=style, sort_keys=False, allow_unicode=True)


# --- text mutations --------------------------------------------------------------------


def mutate_text(text: str, rnd: random.Random) -> str:
    """Insert tokens, delete spans, duplicate or shift lines."""
    for _ in range(rnd.randrange(1, 4)):
        op = rnd.randrange(4)
        pos = rnd.randrange(len(text) + 1)
        if op == 0:
            text = text[:pos] + rnd.choice(TOKENS) + text[pos:]
        elif op == 1:
            text = text[:pos] + text[pos + rnd.randrange(1, 20) :]
        else:
            lines = text.split("\n")
            i = rnd.randrange(len(lines))
            if op == 2:
                lines.insert(i, lines[rnd.randrange(len(lines))])
            else:
                lines[i] = " " * rnd.randrange(8) + lines[i].lstrip(" ")
            text = "\n".join(lines)
    return text


def flip_bytes(data: bytes, rnd: random.Random) -> bytes:
    raw = bytearray(data or b" ")
    for _ in range(rnd.randrange(1, 5)):
        raw[rnd.randrange(len(raw))] = rnd.randrange(256)
    return bytes(raw)


# --- the invariants --------------------------------------------------------------------


def line_count(data: bytes) -> int:
    """An upper bound on the lines any reader of the file sees (YAML also breaks at CR, NEL...)."""
    text = data.decode("utf-8-sig", errors="replace")
    return max(len(text.splitlines()), data.count(b"\n") + 1, 1)


def check_sane(data: bytes) -> FileReport:
    """Run the pipeline and every machine renderer in-process; assert the invariants."""
    report = check_bytes(data, "s.yaml", Options())
    assert exit_code([report], strict=False) in (0, 1)
    lines = line_count(data)
    for d in report.diagnostics:
        assert d.code in CODES, d
        assert d.span is not None, d
        assert 1 <= d.span.line <= lines + 1, (d, lines)
        assert d.span.column >= 1, d
    for fmt in FORMATS:
        if fmt != "table":  # rich is slow per call; the CLI batch renders tables
            get(fmt)([report], io.StringIO(), RenderOptions())
    return report
