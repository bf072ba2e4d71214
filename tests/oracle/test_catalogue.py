"""Every public nn.Module class of the installed torch.nn is covered (a rule in the
registry) or excluded with its reason (cnnshape/layers/catalogue.py); nothing else."""

from __future__ import annotations

import inspect

from torch import nn

from cnnshape.layers import BY_NAME
from cnnshape.layers.catalogue import EXCLUDED

#: The rules that are no torch.nn class, each with its reason.
NOT_TORCH_NN: dict[str, str] = {
    "Concat": "cnnshape merges: torch.cat in forward(); the exported file defines Concat",
    "Add": "cnnshape merges: + in forward(); the exported file defines Add",
    **{
        name: "cnnshape tensor operations: forward()'s tensor methods, exported as the "
        "file's own class (the rule's module_source)"
        for name, rule in BY_NAME.items()
        if rule.module_source
    },
    **{
        name: "torchvision.ops layers: torchvision's, not torch.nn's"
        for name, rule in BY_NAME.items()
        if rule.source == "torchvision.ops"
    },
}


def torch_modules() -> set[str]:
    return {
        name
        for name, cls in vars(nn).items()
        if not name.startswith("_") and inspect.isclass(cls) and issubclass(cls, nn.Module)
    }


def test_every_torch_module_is_covered_or_excluded() -> None:
    unclassified = torch_modules() - set(BY_NAME) - set(EXCLUDED)
    assert not unclassified, f"neither covered nor excluded: {sorted(unclassified)}"


def test_the_tables_name_only_torch_modules_and_do_not_overlap() -> None:
    have = torch_modules()
    ours = set(BY_NAME) - set(NOT_TORCH_NN)
    assert ours <= have, sorted(ours - have)
    assert set(EXCLUDED) <= have, sorted(set(EXCLUDED) - have)
    assert not ours & set(EXCLUDED)
    assert all(BY_NAME[name].source == "torch.nn" for name in ours)


def test_the_tensor_operations_are_own_classes() -> None:
    """Mean, Reshape, Transpose, LayerScale, Mul: no torch.nn class of that name exists."""
    tensor_ops = {"Mean", "Reshape", "Transpose", "LayerScale", "Mul"}
    assert tensor_ops == {n for n, r in BY_NAME.items() if r.family == "Tensor operations"}
    assert all(BY_NAME[n].source == "cnnshape" for n in tensor_ops)
    own = set(NOT_TORCH_NN)
    assert not own & torch_modules(), sorted(own & torch_modules())
