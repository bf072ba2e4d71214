"""SARIF 2.1.0 for code-scanning uploads: one run, every code as a rule, one result per finding."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from cnnshape import __version__
from cnnshape.diagnostics import CODES, Diagnostic
from cnnshape.render import RenderOptions
from cnnshape.report import FileReport

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/cnnshape/cnnshape"
#: Code scanning groups runs by this category; upload-sarif's own `category` overrides it.
AUTOMATION_ID = "cnnshape/"
FINGERPRINT = "cnnshapeFinding/v1"
# What moves when lines are added above a finding: positions ("3:32") and the leading
# layer index ("0.3.1: MaxPool2d: …") of the message.
_POSITION = re.compile(r"\b\d+:\d+\b")
_LAYER_INDEX = re.compile(r"^[\d.]+: ")
_RULE_INDEX = {code: i for i, code in enumerate(CODES)}


def _rule(code: str) -> dict[str, Any]:
    from cnnshape.explain import EXPLAIN, help_uri

    c, page = CODES[code], EXPLAIN[code]
    return {
        "id": code,
        "helpUri": help_uri(code),
        "shortDescription": {"text": c.title},
        "fullDescription": {"text": page.meaning},
        "help": {"text": page.formula},
        "defaultConfiguration": {"level": c.severity.value},
    }


def uri(path: str) -> str:
    """A relative path stays relative (code scanning resolves it against the repository);
    an absolute one becomes a file: URI. Characters outside URIs are percent-encoded."""
    p = PurePath(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix())


def fingerprint(path: str, d: Diagnostic) -> str:
    """Stable across edits elsewhere in the file: the code, the path and the message without
    line numbers or the layer's index; never the finding's own line."""
    message = _POSITION.sub("", _LAYER_INDEX.sub("", d.message))
    key = "\0".join((d.code, PurePath(path).as_posix(), message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def result(path: str, d: Diagnostic) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": 1, "startColumn": 1}
    if d.span is not None:
        region = {"startLine": d.span.line, "startColumn": d.span.column}
    return {
        "ruleId": d.code,
        "ruleIndex": _RULE_INDEX[d.code],
        "level": d.severity.value,
        "message": {"text": d.message},
        "partialFingerprints": {FINGERPRINT: fingerprint(path, d)},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": uri(path)}, "region": region}}
        ],
    }


def document(reports: list[FileReport]) -> dict[str, Any]:
    driver = {
        "name": "cnnshape",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_rule(code) for code in CODES],
    }
    results = [result(r.path, d) for r in reports for d in r.diagnostics]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "automationDetails": {"id": AUTOMATION_ID},
                "results": results,
            }
        ],
    }


def render(reports: list[FileReport], out: TextIO, opts: RenderOptions) -> None:
    json.dump(document(reports), out, indent=2, ensure_ascii=False)
    out.write("\n")
