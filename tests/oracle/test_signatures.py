"""Every rule's arguments against ``inspect.signature`` of its torch.nn class in the installed
torch: the same names, the same required ones, the same defaults (keyword-only included),
so that no argument PyTorch takes is refused or defaulted differently. cnnshape takes every
argument by name; its scalar shorthand stands for one that torch also takes by position.

Left out, each with its reason: ``device`` and ``dtype`` (factory arguments: where the
weights live does not change a shape or a count), SyncBatchNorm's ``process_group`` (a
run-time object), names starting with ``_`` (private,
e.g. FractionalMaxPool's ``_random_samples``), ``*args``/``**kwargs`` (Identity takes and
ignores any), and cnnshape's ``from`` (a second input is forward's argument, not the
module's). torchvision.ops layers are checked against torchvision.ops' classes. cnnshape's
own layers (Concat/Add, and the tensor operations Mean, Reshape, Transpose, LayerScale,
Mul) are no torch.nn classes: they are checked against the class the exported file
defines for them (export/graph.py's CLASSES, the rule's ``module_source``).
"""

from __future__ import annotations

import inspect

import pytest
import torch
from torch import nn
from tv import need_ops

from cnnshape.args import Arg
from cnnshape.export.graph import CLASSES
from cnnshape.layers import BY_NAME

FACTORY = {"device", "dtype"}
#: SyncBatchNorm's process_group: a run-time object (which processes share statistics), not
#: a spec value; it changes no shape or count.
RUNTIME = {"process_group"}
#: Known differences, each a finding to fix where it is owned (none at present).
KNOWN: dict[str, str] = {}


#: Arguments torch requires that cnnshape computes from the arriving shape when a spec leaves
#: them out (besides ``inferred`` ones); the export always writes them.
COMPUTED: dict[tuple[str, str], str] = {
    ("LayerScale", "shape"): "gamma's shape defaults to the channels' (C, 1, …, 1)",
}


def torch_params(cls: type[nn.Module]) -> dict[str, inspect.Parameter]:
    params = inspect.signature(cls.__init__).parameters
    return {
        n: p
        for n, p in params.items()
        if n != "self"
        and n not in FACTORY | RUNTIME
        and not n.startswith("_")
        and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    }


def same_default(ours: Arg, theirs: object) -> bool:
    """A tuple default of one repeated value equals torch's int (``(1, 1)`` is ``1``); a
    class default (torchvision's layer arguments) equals its name."""
    mine = ours.default
    if isinstance(mine, tuple) and not isinstance(theirs, tuple) and len(set(mine)) == 1:
        mine = mine[0]
    if isinstance(theirs, list):
        theirs = tuple(theirs)
    if isinstance(theirs, type):  # torchvision's norm_layer=nn.BatchNorm2d: a spec names it
        theirs = theirs.__name__
    return bool(mine == theirs and type(mine) is type(theirs)) or (
        isinstance(mine, float | int) and isinstance(theirs, float | int) and mine == theirs
    )


def module_class(name: str) -> type[nn.Module]:
    """torch.nn's class, torchvision.ops' for its layers, or the class an exported file
    defines for cnnshape's own layers."""
    rule = BY_NAME[name]
    own = rule.module_source or (CLASSES if name in ("Concat", "Add") else "")
    if not own:
        cls: type[nn.Module] = getattr(need_ops() if rule.source == "torchvision.ops" else nn, name)
        return cls
    scope: dict[str, object] = {"torch": torch, "nn": nn}
    exec(own, scope)  # the exported file's own class, as the file would define it
    found = scope[name]
    assert isinstance(found, type) and issubclass(found, nn.Module)
    return found


def differences(name: str) -> list[str]:
    cls = module_class(name)
    theirs = torch_params(cls)
    ours = {a.name: a for a in BY_NAME[name].args if a.name != "from"}
    found = []
    for missing in theirs.keys() - ours.keys():
        found.append(f"torch takes '{missing}', which cnnshape refuses")
    for extra in ours.keys() - theirs.keys():
        found.append(f"cnnshape takes '{extra}', which torch does not")
    for key in theirs.keys() & ours.keys():
        p, a = theirs[key], ours[key]
        required = p.default is inspect.Parameter.empty
        if required != (a.required or a.inferred or (name, key) in COMPUTED):
            found.append(f"'{key}': torch required={required}, cnnshape required={a.required}")
        elif not required and not a.inferred and not same_default(a, p.default):
            found.append(f"'{key}': torch default {p.default!r}, cnnshape {a.default!r}")
    short = BY_NAME[name].shorthand_arg()
    if short in theirs and theirs[short].kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD:
        found.append(
            f"the scalar shorthand stands for '{short}', which torch takes by keyword only"
        )
    return sorted(found)


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_arguments_match_torch(name: str) -> None:
    found = differences(name)
    if name in KNOWN:
        assert found, f"{name} now matches torch: remove it from KNOWN"
        pytest.xfail(KNOWN[name])
    assert not found, f"{name}: " + "; ".join(found)
