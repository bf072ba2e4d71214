"""Quick fixes: the edits findings carry (``Diagnostic.fixes``), and ignoring a warning."""

from __future__ import annotations

from lsprotocol import types as t

from cnnshape.lsp import catalog
from cnnshape.lsp.analysis import Finding
from cnnshape.lsp.document import Doc, utf16_col
from cnnshape.lsp.findings import finding_range, to_diagnostic, value_range
from cnnshape.lsp.yamlindex import Item, YNode


def _overlaps(a: t.Range, b: t.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)


def _at(doc: Doc, pos: tuple[int, int]) -> t.Position:
    lines = doc.lines
    return t.Position(pos[0], utf16_col(lines[pos[0]] if pos[0] < len(lines) else "", pos[1]))


def _insert(doc: Doc, pos: tuple[int, int], text: str) -> t.TextEdit:
    p = _at(doc, pos)
    return t.TextEdit(range=t.Range(p, p), new_text=text)


def ignore_edit(doc: Doc, item: Item, code: str) -> t.TextEdit | None:
    """Add ``ignore: [code]`` to a layer's arguments, in the style they are written in."""
    args = item.args
    if args is None:  # a bare `- ReLU` (or `- ReLU:` with nothing after it)
        end = item.key.end
        return t.TextEdit(
            range=t.Range(_at(doc, item.key.start), _at(doc, end)),
            new_text=f"{item.key.value}: {{ignore: [{code}]}}",
        )
    if args.kind == "map":
        return _ignore_in_map(doc, args, code)
    info = catalog.lookup(item.key.value)
    if args.kind == "scalar" and info is not None and info.shorthand and args.value:
        rng = value_range(doc.lines, doc.index, args.start[0] + 1, args.start[1] + 1)
        text = f"{{{info.shorthand}: {doc.text_in(rng)}, ignore: [{code}]}}"
        return t.TextEdit(range=rng, new_text=text)
    return None


def _ignore_in_map(doc: Doc, args: YNode, code: str) -> t.TextEdit | None:
    written = args.get("ignore")
    if written is not None and written.kind == "seq" and written.flow:
        end = (written.end[0], written.end[1] - 1)
        return _insert(doc, end, f", {code}" if written.items else code)
    if written is not None:
        return None  # a scalar or block list: rare; leave it to the person
    if args.flow:
        end = (args.end[0], args.end[1] - 1)
        return _insert(doc, end, f", ignore: [{code}]" if args.items else f"ignore: [{code}]")
    first_key, last_value = args.items[0], args.items[-1]
    indent = " " * first_key.start[1]
    line = last_value.end[0] if last_value.end[1] > 0 else last_value.end[0] - 1
    text = doc.lines[line]
    return _insert(doc, (line, len(text.rstrip())), f"\n{indent}ignore: [{code}]")


def _fix_actions(doc: Doc, f: Finding, diag: t.Diagnostic) -> list[t.CodeAction]:
    actions = []
    for i, fix in enumerate(f.fixes):
        line, column = (fix.line, fix.column) if fix.line is not None else (f.line, f.column)
        if line is None or column is None:
            continue
        rng = value_range(doc.lines, doc.index, line, column)
        actions.append(
            t.CodeAction(
                title=fix.title,
                kind=t.CodeActionKind.QuickFix,
                diagnostics=[diag],
                is_preferred=len(f.fixes) == 1 or i == 0,
                edit=t.WorkspaceEdit(changes={doc.uri: [t.TextEdit(range=rng, new_text=fix.text)]}),
            )
        )
    return actions


def _ignore_action(doc: Doc, f: Finding, diag: t.Diagnostic) -> t.CodeAction | None:
    if f.severity != "warning" or f.line is None or f.column is None:
        return None
    item = doc.index.outline.item_around((f.line - 1, f.column - 1))
    edit = ignore_edit(doc, item, f.code) if item is not None and item.kind == "layer" else None
    if edit is None:
        return None
    return t.CodeAction(
        title=f"ignore {f.code} on this layer",
        kind=t.CodeActionKind.QuickFix,
        diagnostics=[diag],
        edit=t.WorkspaceEdit(changes={doc.uri: [edit]}),
    )


def code_actions(doc: Doc, where: t.Range) -> list[t.CodeAction]:
    if doc.result is None or (doc.index.root is None and not doc.result.findings):
        return []
    actions: list[t.CodeAction] = []
    for n, f in enumerate(doc.result.findings):
        if not _overlaps(finding_range(doc, f), where):
            continue
        diag = to_diagnostic(doc, f, n)
        actions += _fix_actions(doc, f, diag)
        ignore = _ignore_action(doc, f, diag)
        if ignore is not None:
            actions.append(ignore)
    return actions
