"""Arithmetic in a spec: a small grammar, parsed and evaluated without ``eval``.

An expression is what a block parameter or the arriving tensor's shape turns into a
number: ``$channels * expansion``, ``$make_divisible(c * 0.25, 8)``,
``$x.shape[1] // 4``, ``$stride == 1 and x.shape[1] == out``. The grammar is a subset of
Python's expression grammar (numbers, names, ``+ - * / // % **``, comparisons,
``and``/``or``/``not``, ``a if cond else b``, calls of a fixed set of functions,
``x.shape[i]`` and ``x.ndim``) and nothing else: no attribute but those two, no strings,
no lambdas. Length, nesting and the size of every intermediate number are bounded, so
no expression can take more than microseconds or raise anything but :class:`ExprError`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

MAX_LENGTH = 500
MAX_DEPTH = 40
MAX_BITS = 128  # integers beyond ±2**128 are refused (a tensor dimension needs 63)

Value = int | float | bool | tuple[int, ...]


class Tensor:
    """The arriving tensor as an expression sees it: ``x.shape`` (batch first) and ``x.ndim``."""

    __slots__ = ("dims",)

    def __init__(self, dims: tuple[int, ...]) -> None:
        self.dims = dims  # one sample's dimensions; the batch is left open


class ExprError(Exception):
    """A mistake in an expression, at ``offset`` characters into its text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?)"
    r"|(?P<name>\$?[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|//|==|!=|<=|>=|[-+*/%<>()\[\],.]))"
)
_KEYWORDS = {"and", "or", "not", "if", "else", "True", "False", "true", "false"}


class Node:
    """One parsed piece of an expression; ``pos`` is its offset in the text."""

    __slots__ = ("args", "kind", "pos", "value")

    def __init__(self, kind: str, pos: int, value: object = None, *args: Node) -> None:
        self.kind = kind
        self.pos = pos
        self.value = value
        self.args = args


def tokenize(text: str) -> list[tuple[str, str, int]]:
    """``(kind, text, offset)`` triples, ending with ``("end", "", len(text))``."""
    if len(text) > MAX_LENGTH:
        raise ExprError(f"the expression is {len(text)} characters long; at most {MAX_LENGTH}")
    out: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            if text[pos:].strip() == "":
                break
            at = len(text) - len(text[pos:].lstrip())
            raise ExprError(f"unexpected character {text[at]!r} in the expression", at)
        kind = m.lastgroup or ""
        start = m.start(kind)
        tok = m.group(kind)
        if kind == "name":
            tok = tok.lstrip("$")
            if tok in _KEYWORDS:
                kind = "kw"
        out.append((kind, tok, start))
        pos = m.end()
    out.append(("end", "", len(text)))
    return out


class _Parser:
    """Precedence climbing over the token list (Python's precedence, Python's meaning)."""

    def __init__(self, text: str) -> None:
        self.toks = tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int]:
        return self.toks[self.i]

    def take(self, tok: str | None = None) -> tuple[str, str, int]:
        cur = self.toks[self.i]
        if tok is not None and cur[1] != tok:
            found = f"{cur[1]!r}" if cur[0] != "end" else "the end"
            raise ExprError(f"expected {tok!r} here, found {found}", cur[2])
        self.i += 1
        return cur

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"the expression nests deeper than {MAX_DEPTH} levels", pos)

    def parse(self) -> Node:
        node = self.ternary()
        kind, tok, pos = self.peek()
        if kind != "end":
            raise ExprError(f"unexpected {tok!r}: the expression should end here", pos)
        return node

    def ternary(self) -> Node:
        self.enter(self.peek()[2])
        node = self.boolean("or")
        if self.peek()[1] == "if":
            pos = self.take()[2]
            cond = self.boolean("or")
            self.take("else")
            other = self.ternary()
            node = Node("if", pos, None, cond, node, other)
        self.depth -= 1
        return node

    def boolean(self, op: str) -> Node:
        sub: Callable[[], Node] = (lambda: self.boolean("and")) if op == "or" else self.negation
        node = sub()
        while self.peek()[1] == op:
            pos = self.take()[2]
            node = Node(op, pos, None, node, sub())
        return node

    def negation(self) -> Node:
        if self.peek()[1] == "not":
            pos = self.take()[2]
            self.enter(pos)
            node = Node("not", pos, None, self.negation())
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        node = self.binary(0)
        parts = [node]
        ops: list[tuple[str, int]] = []
        while self.peek()[1] in ("==", "!=", "<", "<=", ">", ">="):
            _, op, pos = self.take()
            ops.append((op, pos))
            parts.append(self.binary(0))
        if not ops:
            return node
        return Node("cmp", ops[0][1], ops, *parts)

    _LEVELS: tuple[tuple[str, ...], ...] = (("+", "-"), ("*", "/", "//", "%"))

    def binary(self, level: int) -> Node:
        if level == len(self._LEVELS):
            return self.unary()
        node = self.binary(level + 1)
        while self.peek()[1] in self._LEVELS[level] and self.peek()[0] == "op":
            _, op, pos = self.take()
            node = Node("bin", pos, op, node, self.binary(level + 1))
        return node

    def unary(self) -> Node:
        if self.peek()[1] in ("-", "+") and self.peek()[0] == "op":
            _, op, pos = self.take()
            self.enter(pos)
            node = Node("neg" if op == "-" else "pos", pos, None, self.unary())
            self.depth -= 1
            return node
        return self.power()

    def power(self) -> Node:
        node = self.postfix()
        if self.peek()[1] == "**":
            pos = self.take()[2]
            self.enter(pos)
            node = Node("bin", pos, "**", node, self.unary())
            self.depth -= 1
        return node

    def postfix(self) -> Node:
        node = self.atom()
        while self.peek()[1] in ("(", "[", "."):
            kind, tok, pos = self.take()
            if tok == "(":
                if node.kind != "name":
                    raise ExprError("only a function's name can be called", pos)
                args: list[Node] = []
                while self.peek()[1] != ")":
                    args.append(self.ternary())
                    if self.peek()[1] != ")":
                        self.take(",")
                self.take(")")
                node = Node("call", node.pos, node.value, *args)
            elif tok == "[":
                index = self.ternary()
                self.take("]")
                node = Node("index", pos, None, node, index)
            else:
                kind, attr, apos = self.take()
                if kind != "name":
                    raise ExprError("expected a name after '.'", apos)
                node = Node("attr", apos, attr, node)
        return node

    def atom(self) -> Node:
        kind, tok, pos = self.take()
        if kind == "num":
            return Node("num", pos, _number(tok, pos))
        if kind == "name":
            return Node("name", pos, tok)
        if kind == "kw" and tok in ("True", "False", "true", "false"):
            return Node("num", pos, tok in ("True", "true"))
        if tok == "(":
            node = self.ternary()
            self.take(")")
            return node
        what = "the end of the expression" if kind == "end" else repr(tok)
        raise ExprError(f"expected a number, a name or '(' here, found {what}", pos)


def _number(tok: str, pos: int) -> int | float:
    clean = tok.replace("_", "")
    try:
        if any(c in clean for c in ".eE"):
            value = float(clean)
            if not math.isfinite(value):
                raise ExprError(f"the number {tok} is too large", pos)
            return value
        if len(clean) > 40:
            raise ExprError(f"the number {tok[:20]}… is too large", pos)
        return int(clean)
    except ValueError:
        raise ExprError(f"{tok!r} is not a number", pos) from None


def parse(text: str) -> Node:
    """The expression's tree, or an :class:`ExprError` at the offending offset."""
    return _Parser(text).parse()


def names(node: Node) -> set[str]:
    """The free names an expression reads (function names excluded)."""
    found = {str(node.value)} if node.kind == "name" else set()
    for a in node.args:
        found |= names(a)
    return found
