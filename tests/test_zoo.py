"""specs/zoo: every torchvision classification CNN, against torchvision's published figures.

The expected numbers are torchvision 0.28's own metadata (tests/data/zoo_published.json,
read from each model's Weights enum: num_params and _ops, the GFLOPS torchvision publishes,
which count conv and linear multiply-accumulates as cnnshape's MACs do), never cnnshape's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cnnshape.check import Options, check_file
from cnnshape.render.json_format import file_dict
from cnnshape.spec.params import Choice

ROOT = Path(__file__).resolve().parent.parent
ZOO = ROOT / "specs" / "zoo"
PUBLISHED: dict[str, dict[str, object]] = json.loads(
    (ROOT / "tests" / "data" / "zoo_published.json").read_text()
)["models"]


def models() -> list[tuple[Path, str | None, str]]:
    """(spec, variant or None, torchvision name) for every model the zoo writes."""
    out = []
    for spec in sorted(ZOO.glob("*.yaml")):
        doc = yaml.safe_load(spec.read_text())
        if doc.get("variants"):
            out.extend((spec, v, v) for v in doc["variants"])
        else:
            out.append((spec, None, doc["name"]))
    return out


MODELS = models()


def check(spec: Path, variant: str | None, shape: tuple[int, ...] | None = None) -> dict:  # type: ignore[type-arg]
    opts = Options(input_shape=shape, choice=Choice(variant))
    return file_dict(check_file(spec, opts), ("shape", "params", "macs"))


#: torchvision's published GFLOPS leave out an auxiliary head its parameter count includes
#: (inception_v3: AuxLogits, a second output, runs only in training).
GFLOPS_WITHOUT = {"inception_v3": "AuxLogits"}


@pytest.mark.parametrize(("spec", "variant", "model"), MODELS, ids=[m[2] for m in MODELS])
def test_published_figures(spec: Path, variant: str | None, model: str) -> None:
    published = PUBLISHED[model]
    report = check(spec, variant, tuple(published["input"]))  # type: ignore[arg-type]
    assert report["diagnostics"] == []
    assert report["name"] == model
    assert report["totals"]["params"] == published["num_params"]
    macs = report["totals"]["macs"]
    if model in GFLOPS_WITHOUT:
        group = next(g for g in report["groups"] if g["name"] == GFLOPS_WITHOUT[model])
        macs -= sum(row["macs"] for row in report["layers"][group["start"] : group["end"]])
    assert round(macs / 1e9, 3) == published["gflops"]


#: A second input size each model checks at without findings. inception_v3 reads every pixel
#: only where Mixed_6e's size m is odd (Mixed_7a's 3×3 stride-2 windows) and m ≡ 2 mod 3
#: (AuxLogits' 5×5 stride-3 pool): m ≡ 5 mod 6, and m grows by 1 per 16 input pixels, so
#: the sizes are 299 + 96k.
SECOND = {"inception_v3": 395}


@pytest.mark.parametrize(("spec", "variant", "model"), MODELS, ids=[m[2] for m in MODELS])
def test_checks_cleanly_at_a_second_size(spec: Path, variant: str | None, model: str) -> None:
    size = SECOND.get(model, 320)
    report = check(spec, variant, (3, size, size))
    assert report["diagnostics"] == [] and report["output_shape"] == [1000]


def test_every_published_model_has_a_spec() -> None:
    """The zoo grows family by family; this lists what is still missing."""
    written = {m[2] for m in MODELS}
    assert written <= set(PUBLISHED)
