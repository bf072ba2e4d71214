"""Every public nn.Module class of the installed torch.nn is covered (a rule in the
registry) or excluded with its reason (cnnshape/layers/catalogue.py); nothing else."""

from __future__ import annotations

import inspect

from torch import nn

from cnnshape.layers import BY_NAME
from cnnshape.layers.catalogue import EXCLUDED

#: cnnshape's own layers, which are not torch.nn classes, each with its reason.
OWN: dict[str, str] = {
    "Concat": "torch.cat in forward(); the exported file defines a Concat class",
    "Add": "+ in forward(); the exported file defines an Add class",
    **{
        name: "cnnshape tensor operations: forward()'s tensor methods, exported as the "
        "file's own class (the rule's module_source)"
        for name, rule in BY_NAME.items()
        if rule.module_source
    },
}

#: The layers branch `layers2` adds (activations, normalization, dropout) for issue 13.
#: Delete this set when that branch is merged: they are then in the registry.
PENDING_LAYERS2 = {
    *("CELU", "GLU", "Hardshrink", "Hardsigmoid", "Hardtanh", "LogSigmoid", "PReLU", "RReLU"),
    *("SELU", "Softmax2d", "Softmin", "Softplus", "Softshrink", "Softsign", "Tanhshrink"),
    *("Threshold", "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LazyBatchNorm1d"),
    *("LazyBatchNorm2d", "LazyBatchNorm3d", "LazyInstanceNorm1d", "LazyInstanceNorm2d"),
    *("LazyInstanceNorm3d", "SyncBatchNorm", "RMSNorm", "CrossMapLRN2d", "AlphaDropout"),
    "FeatureAlphaDropout",
}


def torch_modules() -> set[str]:
    return {
        name
        for name, cls in vars(nn).items()
        if not name.startswith("_") and inspect.isclass(cls) and issubclass(cls, nn.Module)
    }


def test_every_torch_module_is_covered_or_excluded() -> None:
    unclassified = torch_modules() - set(BY_NAME) - set(EXCLUDED) - PENDING_LAYERS2
    assert not unclassified, f"neither covered nor excluded: {sorted(unclassified)}"


def test_the_tables_name_only_torch_modules_and_do_not_overlap() -> None:
    have = torch_modules()
    ours = set(BY_NAME) - set(OWN)
    assert ours <= have, sorted(ours - have)
    assert set(EXCLUDED) <= have, sorted(set(EXCLUDED) - have)
    assert not ours & set(EXCLUDED)
    assert not PENDING_LAYERS2 & (set(EXCLUDED) | ours), "pending layers are in a table now"


def test_the_tensor_operations_are_own_classes() -> None:
    """Mean, Reshape, Transpose, LayerScale, Mul: no torch.nn class of that name exists."""
    tensor_ops = {"Mean", "Reshape", "Transpose", "LayerScale", "Mul"}
    assert tensor_ops <= set(OWN)
    assert not set(OWN) & torch_modules(), sorted(set(OWN) & torch_modules())
