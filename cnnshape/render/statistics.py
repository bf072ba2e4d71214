"""``check --statistics``: how many findings of each code, most frequent first (as ruff's).

Text: one line per code, ``count<TAB>code<TAB>title``; JSON (``--format json``): a list
of ``{"code", "count", "severity", "title"}`` objects. Either replaces the report.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from cnnshape.diagnostics import CODES
from cnnshape.report import FileReport


def counts(reports: list[FileReport]) -> list[tuple[str, int]]:
    """(code, count) for every code found, most frequent first, then by code."""
    found = Counter(d.code for r in reports for d in r.diagnostics)
    return sorted(found.items(), key=lambda item: (-item[1], item[0]))


def write(reports: list[FileReport], out: TextIO, as_json: bool) -> None:
    rows = counts(reports)
    if as_json:
        data = [
            {
                "code": code,
                "count": n,
                "severity": CODES[code].severity.value,
                "title": CODES[code].title,
            }
            for code, n in rows
        ]
        out.write(json.dumps(data, indent=2) + "\n")
        return
    width = max((len(str(n)) for _, n in rows), default=1)
    for code, n in rows:
        out.write(f"{n:>{width}}\t{code}\t{CODES[code].title}\n")
