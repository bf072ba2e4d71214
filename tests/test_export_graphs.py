"""Export of graph specs: a Network class whose forward() spells out residuals, branches
and skips; sequences (blocks, repeats) stay one nn.Sequential. PyTorch runs them in
tests/oracle (every spec, row by row) and tests/oracle_graphs (random graphs)."""

from __future__ import annotations

import ast
from pathlib import Path

from cnnshape.check import Options, check_file
from cnnshape.export.pytorch import generate, is_graph

SPECS = Path(__file__).resolve().parent.parent / "specs"


def code(name: str) -> str:
    return generate(check_file(SPECS / name, Options()), name)


def test_unet_forward_keeps_skips_in_variables() -> None:
    text = code("unet.yaml")
    ast.parse(text)
    assert "class Network(nn.Module):" in text
    assert "        saved_enc4 = x\n" in text
    assert '        x = m["up1_1"](x, saved_enc4)\n' in text  # the Concat in block 'up'
    assert '        layers["up1_1"] = Concat(dim=1)\n' in text


def test_resnet_residual_adds_the_projected_identity() -> None:
    text = code("resnet18.yaml")
    first = text.index("# layer2.0.0: residual")
    block = text[first : text.index("        x = x + identity", first)]
    assert '= m["layer2_0_0_shortcut_0"](identity' in block  # the 1×1 projection
    assert '        x = m["layer2_0_0_conv1"](x)\n' in block


def test_inception_concatenates_its_branches() -> None:
    text = code("inception.yaml")
    assert "x = torch.cat([branch2, branch3, branch4, branch5], dim=1)" in text


def test_sequences_stay_sequential() -> None:
    vgg = check_file(SPECS / "vgg16.yaml", Options())
    assert vgg.groups and not is_graph(vgg)  # repeats only
    assert "nn.Sequential(layers)" in generate(vgg, "vgg16.yaml")
