"""The check's findings as LSP diagnostics: each underlines the whole value it is about."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as t

from cnnshape.lsp import catalog
from cnnshape.lsp.analysis import Finding
from cnnshape.lsp.document import Doc, Index, utf16_col
from cnnshape.lsp.yamlindex import Pos, YNode

_SEVERITY = {"error": t.DiagnosticSeverity.Error, "warning": t.DiagnosticSeverity.Warning}
_STOP = " \t,[]{}#"


def value_range(
    lines: list[str], index: Index | dict[Pos, YNode], line: int, column: int
) -> t.Range:
    """The range of the value (or key) written at 1-based ``line``:``column``.

    A scalar or a flow collection: all of it. A block collection: the rest of its first
    line. No value there (a YAML syntax error): the token at that place, at least one
    character where the line has one.
    """
    l0, c0 = max(line - 1, 0), max(column - 1, 0)
    l0 = min(l0, max(len(lines) - 1, 0))
    text = lines[l0] if lines else ""
    starts = index.starts if isinstance(index, Index) else index
    node = starts.get((l0, c0))
    if node is not None and (node.kind == "scalar" or node.flow):
        (el, ec) = node.end
        end_text = lines[el] if el < len(lines) else ""
        return _range(text, l0, c0, end_text, el, ec)
    end = c0
    if node is not None:  # a block collection: its first line, without a comment
        end = len(text.split(" #")[0].rstrip())
    else:
        while end < len(text) and text[end] not in _STOP:
            end += 1
    if end <= c0:
        end = min(c0 + 1, len(text))
        c0 = min(c0, max(end - 1, 0))
    return _range(text, l0, c0, text, l0, end)


def _range(start_text: str, sl: int, sc: int, end_text: str, el: int, ec: int) -> t.Range:
    return t.Range(
        t.Position(sl, utf16_col(start_text, sc)), t.Position(el, utf16_col(end_text, ec))
    )


def finding_range(doc: Doc, f: Finding) -> t.Range:
    if f.line is None or f.column is None:
        return t.Range(t.Position(0, 0), t.Position(0, 0))
    return value_range(doc.lines, doc.starts_at(f.line - 1), f.line, f.column)


def to_diagnostic(doc: Doc, f: Finding, ordinal: int) -> t.Diagnostic:
    """``data`` holds the finding's ordinal in the result, for its code actions."""
    return t.Diagnostic(
        range=finding_range(doc, f),
        message=f.message,
        severity=_SEVERITY[f.severity],
        code=f.code,
        code_description=t.CodeDescription(href=catalog.help_uri(f.code)),
        source="cnnshape",
        data={"ordinal": ordinal, "version": doc.version},
    )


def diagnostics(doc: Doc) -> list[t.Diagnostic]:
    if doc.result is None:
        return []
    return [to_diagnostic(doc, f, i) for i, f in enumerate(doc.result.findings)]


def config_diagnostics(path: str, findings: list[Finding]) -> list[t.Diagnostic]:
    """A configuration file's mistakes (E115), each from its place to the end of its line."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError):
        lines = []
    out = []
    for f in findings:
        rng = t.Range(t.Position(0, 0), t.Position(0, 0))
        if f.line is not None and f.column is not None and f.line <= len(lines):
            text = lines[f.line - 1].rstrip()
            start = min(f.column - 1, len(text))
            rng = t.Range(
                t.Position(f.line - 1, utf16_col(text, start)),
                t.Position(f.line - 1, utf16_col(text, max(len(text), start + 1))),
            )
        out.append(
            t.Diagnostic(
                range=rng,
                message=f.message,
                severity=_SEVERITY[f.severity],
                code=f.code,
                code_description=t.CodeDescription(href=catalog.help_uri(f.code)),
                source="cnnshape",
            )
        )
    return out
