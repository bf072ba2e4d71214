"""What a check produces: per-layer rows, totals and findings. Renderers read only this."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from cnnshape.args import Args
from cnnshape.diagnostics import Diagnostic, Severity
from cnnshape.layers.base import Rule
from cnnshape.shapes import Shape


@dataclass(frozen=True, slots=True)
class RF:
    """Receptive field in one spatial dimension, in input positions (Araujo et al., 2019).

    ``size``: input positions one output position sees; ``jump``: input positions between
    neighbouring outputs (the effective stride); ``start``: the centre of the first output's
    window, in input coordinates (0 is the first real input position; may be negative or .5).
    """

    size: int
    jump: int
    start: Fraction


#: Per spatial dimension an :class:`RF`, or "global" (sees the whole input) or "undefined".
RFDims = tuple[RF | str, ...]


@dataclass(slots=True)
class Row:
    """One leaf layer in execution order. ``output_shape`` is None past an error.

    ``rule`` and ``parsed`` are the layer's rule and its parsed arguments (None for a layer
    the spec could not define), so later stages never look a rule up by name again;
    ``args`` is ``parsed.values``: the written arguments plus those inferred from the input.
    """

    index: int
    path: str
    type: str
    name: str | None
    line: int
    depth: int
    args: dict[str, object] = field(default_factory=dict)
    summary: str = ""
    input_shape: Shape | None = None
    output_shape: Shape | None = None
    params: int | None = None
    trainable_params: int | None = None
    buffers: int | None = None
    derivation: str | None = None  # how an inferred argument was worked out: "2048 = 32·8·8"
    #: Rows whose outputs this row takes (-1: the network input); several where branches
    #: merge (their outputs are added or concatenated first). None: the row before it.
    inputs: tuple[int, ...] | None = None
    ignore: frozenset[str] = frozenset()  # warning codes the spec silences on this layer
    # Filled by cnnshape.analysis (None where the shape is unknown):
    macs: int | None = None
    activations: int | None = None  # values in the output, per sample
    activation_bytes: int | None = None  # new memory for the output at --dtype (0 if in place)
    in_place: bool = False  # the output shares the input's storage (no new memory)
    rf: RFDims | None = None
    rf_misaligned: bool = False  # branches that meet here disagree in jump or start
    rule: Rule | None = None
    parsed: Args | None = None

    @property
    def note(self) -> str | None:
        """The former name of :attr:`derivation`."""
        return self.derivation


@dataclass(slots=True)
class Memory:
    """Memory estimate at one dtype; the README (Memory) states the assumptions."""

    dtype: str
    bytes_per_value: int
    input_values: int  # per sample
    activation_values: int  # per sample: the input plus every output that allocates
    param_bytes: int
    buffer_bytes: int
    batch: int | None = None
    training_bytes: int | None = None  # batch·activations + weights, grads, Adam m and v


@dataclass(slots=True)
class GroupRow:
    """A block use, residual, parallel form or repeat: rows ``[start, end)`` are its layers.

    ``merge`` is how branches meet ("add", "concat" or "mul"; None for a sequence: a block
    use, a repeat or a side path); ``parent`` is the index in ``FileReport.groups`` of the
    group around this one (-1 at the top). ``params`` is the subtotal of those rows (None
    when a row's count is unknown past an error); ``reps`` holds, for a repeat, the row
    index where each repetition starts.
    Groups are listed in pre-order (a group before the groups inside it).
    """

    path: str
    kind: str
    label: str
    name: str | None
    line: int
    depth: int
    start: int
    end: int = 0
    params: int | None = None
    output_shape: Shape | None = None
    reps: list[int] = field(default_factory=list)
    merge: str | None = None
    parent: int = -1
    split: int | tuple[int, ...] | None = None  # parallel: the channel split its branches get
    source: str | None = None  # side: the named output its layers start from


@dataclass(slots=True)
class Totals:
    params: int = 0
    trainable_params: int = 0
    buffers: int = 0
    macs: int | None = None  # per sample; None when some layer's shape is unknown

    @property
    def non_trainable_params(self) -> int:
        return self.params - self.trainable_params

    @property
    def param_megabytes(self) -> float:
        """Parameter memory in float32, in MB of 10^6 bytes (torchinfo's 'Params size (MB)')."""
        return self.params * 4 / 1e6


@dataclass(slots=True)
class FileReport:
    path: str
    name: str | None = None
    input_shape: Shape | None = None
    output_shape: Shape | None = None
    rows: list[Row] = field(default_factory=list)
    groups: list[GroupRow] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    memory: Memory | None = None
    #: the named inputs and outputs of a network with several (empty for one of each)
    inputs: list[tuple[str, Shape]] = field(default_factory=list)
    outputs: list[tuple[str, Shape | None]] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def fails(self, strict: bool) -> bool:
        return not self.ok or (strict and self.warnings > 0)

    @property
    def first_linear(self) -> Row | None:
        """The first fully connected layer: the first row that takes an in_features argument."""
        return next((r for r in self.rows if "in_features" in r.args), None)


def exit_code(reports: list[FileReport], strict: bool) -> int:
    """0 when no file fails; 1 when any has an error (or, with --strict, a warning)."""
    return 1 if any(r.fails(strict) for r in reports) else 0
