"""What a layer rule is: its PyTorch name, its arguments with PyTorch's defaults, and infer().

A rule never prints and never knows about YAML: it gets the arriving
:class:`Tensor` and the parsed :class:`Args`, and returns an :class:`Out` or
raises :class:`LayerError`. The propagator attaches locations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from cnnshape.args import Arg, Args
from cnnshape.diagnostics import Fix
from cnnshape.numbers import about
from cnnshape.shapes import Shape, Window, fmt_shape, product

#: How a layer maps input positions to output positions, for receptive fields: per spatial
#: dimension a :class:`Window` (or one of the words below), or one word for all dimensions.
#: ``identity``: position i of the output sees position i of the input (shape-preserving);
#: ``global``: every output sees the whole input (Linear, Flatten);
#: ``undefined``: windows of varying size (adaptive pooling that does not divide evenly).
IDENTITY, GLOBAL, UNDEFINED = "identity", "global", "undefined"
Field = tuple[Window | str, ...] | str

#: The families `cnnshape layers` groups rules by, in this order: torch.nn's documentation's
#: sections, then torchvision.ops, the tensor operations of forward() and cnnshape's own merges.
#: A rule's ``family`` is one of them.
CONV, POOL, PAD, ACT = "Convolution", "Pooling", "Padding", "Non-linear activations"
NORM, DROP, LINEAR, DIST = "Normalization", "Dropout", "Linear", "Distance"
SHAPE, TV, MERGE = "Shape and vision", "torchvision.ops", "cnnshape merges"
TENSOR = "Tensor operations"
FAMILIES = (CONV, POOL, PAD, ACT, NORM, DROP, LINEAR, DIST, SHAPE, TV, TENSOR, MERGE)


class Code(str):
    """Python source in a :meth:`Rule.torch_call` argument (``nn.BatchNorm2d``), which the
    exporter writes as it is rather than as a string literal."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Tensor:
    """One sample's shape (batch dimension left out) and, per dimension, how it was made.

    ``origin[i]`` is a derivation such as ``"32·8·8"`` when Flatten merged dimensions.
    ``indices`` marks the (values, indices) pair a max pooling with return_indices=True
    returns instead of a tensor; ``shape`` is then the values' shape, and ``plane`` the
    spatial size of the pooled input, which the indices are flat positions in.
    """

    shape: Shape
    origin: tuple[str | None, ...] = ()
    indices: bool = False
    plane: Shape = ()

    def origin_of(self, dim: int) -> str | None:
        return self.origin[dim] if self.origin else None

    @property
    def rank(self) -> int:
        """The rank PyTorch sees, batch included."""
        return len(self.shape) + 1


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule's warning or error before it is located; ``arg`` names the argument it is about."""

    code: str
    message: str
    arg: str | None = None
    #: Edits the message names, at the argument's value unless a Fix has its own span.
    fixes: tuple[Fix, ...] = ()
    #: Input sizes that would fit, as (sample axis, size) choices: a fix of the spec's input
    #: when the layer takes the network input (the walker knows; the rule does not).
    fits: tuple[tuple[tuple[int, int], ...], ...] = ()


class LayerError(Exception):
    """A configuration PyTorch refuses."""

    def __init__(
        self, code: str, message: str, arg: str | None = None, fixes: tuple[Fix, ...] = ()
    ) -> None:
        super().__init__(message)
        self.finding = Finding(code, message, arg, fixes)


@dataclass(slots=True)
class Out:
    """What a layer makes of its input."""

    tensor: Tensor
    params: int = 0
    buffers: int = 0
    inferred: dict[str, object] = field(default_factory=dict)
    note: str | None = None
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Operand:
    """One input where tensors meet: its shape, the layer that made it, and its role there.

    ``source`` reads like ``layer1.0.4 (BatchNorm2d)`` or ``the input``; ``role`` like
    ``the shortcut`` or ``'enc2'``. Both go into mismatch messages.
    """

    tensor: Tensor
    source: str
    role: str = ""
    #: the report rows that made this tensor (-1: the network input; several after a merge)
    rows: tuple[int, ...] = ()


class Rule:
    """Base class of every layer rule. Subclasses set the ClassVars and implement infer()."""

    name: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    args: ClassVar[tuple[Arg, ...]] = ()
    doc: ClassVar[str] = ""
    #: Whether the layer takes a (values, indices) pair as it comes (only Identity does).
    passes_pairs: ClassVar[bool] = False
    #: Not a torch.nn module: the class the exported file defines for it (torch_call names it).
    module_source: ClassVar[str] = ""
    #: Whether the layers named by sources() give their indices (MaxUnpool): a pooling with
    #: return_indices=True named there passes its values on and keeps its indices by name.
    takes_indices: ClassVar[bool] = False
    #: Where the layer comes from: "torch.nn" or "torchvision.ops" (or "cnnshape" for merges).
    source: ClassVar[str] = "torch.nn"
    #: Its section in `cnnshape layers` (one of :data:`FAMILIES`).
    family: ClassVar[str] = SHAPE
    #: The shape rule in one line, for `cnnshape layers` and the README's layer list.
    shape_rule: ClassVar[str] = "shape kept"

    def __init_subclass__(cls, **kw: object) -> None:
        super().__init_subclass__()
        if "name" not in cls.__dict__:
            cls.name = cls.__name__

    def infer(self, x: Tensor, a: Args) -> Out:
        raise NotImplementedError

    def sources(self, a: Args) -> tuple[str, ...]:
        """Names of earlier layers this layer also takes as inputs (Concat/Add 'from')."""
        return ()

    def join(self, inputs: list[Operand], a: Args) -> Out:
        """Infer from several inputs: the arriving one, then those named by sources()."""
        return self.infer(inputs[0].tensor, a)

    def summary(self, a: Args) -> str:
        """Key arguments in short form for the table, e.g. 'k3 s1 p1'."""
        return ""

    def torch_call(self, values: Mapping[str, object]) -> tuple[str, dict[str, object]]:
        """The ``torch.nn`` class and keyword arguments that build this layer in PyTorch.

        ``values`` are a checked row's arguments, defaults and inferred ones filled in. Argument
        names are torch.nn's, so ``nn.<name>(arg=value, ...)`` in the rule's argument order fits
        almost every layer; a rule overrides this only where PyTorch needs something else.
        Tuples stay tuples (PyTorch takes them wherever it takes an int).
        """
        return self.name, {a.name: values[a.name] for a in self.args}

    def macs(self, x: Shape, y: Shape, a: Args) -> int:
        """Multiply-accumulates per sample, from input shape ``x`` to output shape ``y``.

        Only products with weights count (torchvision's convention); pooling,
        normalisation, activations and adds are 0.
        """
        return 0

    def in_place(self, a: Args) -> bool:
        """True when the output shares the input's storage (inplace=True, views)."""
        return False

    def field(self, x: Shape, a: Args) -> Field:
        """The window each output position reads, for receptive fields (see :data:`Field`).

        The default suits shape-preserving layers; every layer that moves positions overrides it.
        """
        return IDENTITY

    def as_conv(self, volume: Shape, a: Args) -> tuple[str, dict[str, object]] | None:
        """For `convert --fc-to-conv`: the convolution (type, arguments) that computes this
        layer on a flattened (C, *spatial) ``volume``, or None if there is none."""
        return None

    @classmethod
    def shorthand_arg(cls) -> str | None:
        """The argument a bare scalar stands for: the first one a person writes."""
        return next((a.name for a in cls.args if not a.inferred), None)


def check_written(a: Args, name: str, actual: int, what: str) -> None:
    """Raise E206 when the spec wrote an inferred argument that disagrees with the input."""
    if name in a.given and a.values[name] != actual:
        raise LayerError(
            "E206",
            f"the spec says {name}={a.values[name]}, but {what}; write {name}: {actual} "
            "or leave it out to have it inferred",
            name,
            (Fix(f"write {name}: {actual}", str(actual)),),
        )


def need_rank(name: str, x: Tensor, ranks: tuple[int, ...], meaning: str) -> None:
    """Raise E205 unless the input has one of the accepted ranks (batch included)."""
    if x.rank in ranks:
        return
    wanted = " or ".join(f"{r}-d" for r in ranks)
    hint = ""
    if x.rank == 2:
        hint = " (a Flatten before it removes the spatial dimensions)"
    raise LayerError(
        "E205",
        f"{name} expects a {wanted} input {meaning}, but gets a {x.rank}-d tensor "
        f"(N, {', '.join(map(str, x.shape))}){hint}",
    )


def check_not_pair(rule: Rule, x: Tensor) -> None:
    """E205 when a layer gets the (values, indices) pair of return_indices=True: in an
    nn.Sequential the next layer receives the tuple, and PyTorch refuses it."""
    if x.indices and not rule.passes_pairs:
        raise LayerError(
            "E205",
            f"{rule.name} gets the (values, indices) pair that return_indices=True returns, "
            "not a tensor; only the last layer of a sequential spec may return indices",
        )


def check_elements(x: Shape) -> None:
    """E209 when one sample alone has 2^63 elements or more: PyTorch's numel is an int64."""
    n = product(x)
    if n >= 1 << 63:
        raise LayerError(
            "E209",
            f"the tensor {fmt_shape(x)} has about {about(n)} elements per sample, over PyTorch's "
            "limit of 2^63 (a 64-bit element count)",
        )


def check_out(name: str, out: Out) -> None:
    """E209 for an output or a parameter count no tensor can hold; the propagator runs it."""
    check_elements(out.tensor.shape)
    if out.params >= 1 << 63:
        raise LayerError(
            "E209",
            f"{name} would have about {about(out.params)} parameters, over PyTorch's limit of "
            "2^63 elements for its weight",
        )
