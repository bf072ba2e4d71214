"""Findings as values: a location, a severity, a stable code and a message.

Every problem cnnshape reports, from a YAML syntax error to a kernel larger than
its input, is a :class:`Diagnostic`. Stages create them; renderers print them.
The one table of codes lives in :data:`CODES`; ``explain`` and the README are
generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from cnnshape.brief import MESSAGE_MAX, clip


@dataclass(slots=True, unsafe_hash=True)
class Span:
    """A 1-based line and column in the spec file; never changed once made.

    Not ``frozen``: a frozen dataclass's __init__ is three times slower, and one
    Span is made per YAML value (half a million for a 100,000-layer spec).
    """

    line: int
    column: int


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Code:
    """One kind of finding: its stable identifier, severity and a one-line title."""

    id: str
    severity: Severity
    title: str


def _codes(*rows: tuple[str, str]) -> dict[str, Code]:
    table: dict[str, Code] = {}
    for ident, title in rows:
        sev = Severity.WARNING if ident.startswith("W") else Severity.ERROR
        table[ident] = Code(ident, sev, title)
    return table


# E1xx: the spec itself (YAML, structure, names, types) and its configuration.
# E2xx: shapes and layer configurations that PyTorch refuses.
# W3xx: accepted by PyTorch, but probably not what was meant.
CODES: dict[str, Code] = _codes(
    ("E100", "file cannot be read (missing, not a regular file, not UTF-8, too large)"),
    ("E101", "YAML syntax error"),
    ("E102", "duplicate key in a mapping"),
    ("E103", "YAML tag, anchor or construct that a spec may not use"),
    ("E104", "spec structure is wrong (missing or misplaced section)"),
    ("E105", "unknown layer type"),
    ("E106", "unknown argument for this layer"),
    ("E107", "required argument missing"),
    ("E108", "argument has the wrong type"),
    ("E109", "argument value out of range"),
    ("E110", "bad input shape"),
    ("E111", "spec exceeds a size limit"),
    ("E112", "parameter of a block or of the spec missing, unknown or invalid"),
    ("E113", "'from' names no earlier layer"),
    ("E114", "an expression cannot be evaluated"),
    ("E115", "configuration error (pyproject.toml [tool.cnnshape], cnnshape.toml)"),
    ("E201", "output size below 1: the input is too small for the window"),
    ("E202", "pooling padding larger than half the kernel"),
    ("E203", "groups do not divide the channels"),
    ("E204", "padding='same' with a stride other than 1"),
    ("E205", "tensor rank does not fit the layer"),
    ("E206", "written in_channels / in_features / num_features disagree with the input"),
    ("E207", "dimension out of range"),
    ("E208", "padding too large for padding_mode"),
    ("E209", "tensor too large"),
    ("E210", "shapes differ where branches are added (residual, Add, parallel add)"),
    ("E211", "shapes differ where tensors are concatenated (Concat, parallel concat)"),
    ("E212", "a dimension is not divisible by the layer's factor"),
    ("E213", "a layer's second input does not fit (MaxUnpool indices, Bilinear, distances)"),
    ("W301", "real input is never read: the last window stops short of the edge"),
    ("W302", "Linear applied to a tensor of rank > 2: did you forget Flatten?"),
    ("W303", "a boolean written yes/no/on/off: true or false only in YAML 1.1"),
    ("W304", "MaxUnpool's output plane differs from the plane its indices point into"),
)


@dataclass(frozen=True, slots=True)
class Fix:
    """An edit a finding's message names: write ``text`` in place of the YAML value (or key)
    that starts at ``span``, or at the finding's own span when ``span`` is None."""

    title: str
    text: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A located finding. ``span`` is None only where the file has no position to point at.

    ``fixes`` are the edits the message names (for editors' quick fixes); they take no part
    in equality, so findings compare as their code, message and place.
    """

    code: str
    message: str
    span: Span | None = None
    fixes: tuple[Fix, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if len(self.message) > MESSAGE_MAX:  # built from a hostile spec's text: keep it a line
            object.__setattr__(self, "message", clip(self.message, MESSAGE_MAX))

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[int, int, str]:
        if self.span is None:
            return (0, 0, self.code)
        return (self.span.line, self.span.column, self.code)


class SpecError(Exception):
    """Raised inside a stage for a finding that stops the current item."""

    def __init__(
        self, code: str, message: str, span: Span | None = None, fixes: tuple[Fix, ...] = ()
    ) -> None:
        super().__init__(message)
        self.diagnostic = Diagnostic(code, message, span, fixes)
