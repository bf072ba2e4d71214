"""Compare cnnshape's report with what PyTorch did, layer by layer: agree, or say how not."""

from __future__ import annotations

from dataclasses import dataclass

from harness import Run, cnnshape_steps, row_errors

from cnnshape.report import FileReport

#: Where an n-d layer wants n+2 dimensions, PyTorch reads a rank-(n+1) tensor as one
#: unbatched sample (and AdaptiveAvgPool2d/3d(1) takes even fewer as a mean over the last
#: n): the batch dimension becomes a sample dimension. cnnshape's batch dimension is always
#: there, so it calls that E205. A documented exception.
UNBATCHED = "unbatched"


@dataclass
class Verdict:
    ok: bool
    exception: str | None = None
    detail: str = ""


def first_error_codes(report: FileReport, index: int) -> list[str]:
    """The error codes located within row ``index``'s lines."""
    return row_errors(report, index)


def judge(report: FileReport, torch_run: Run, input_rank: int | None = None) -> Verdict:
    """Agreement: same steps while both run, and both stop at the same layer (or neither)."""
    mine, stop = cnnshape_steps(report)
    if stop is None and not report.ok:
        return Verdict(False, detail="cnnshape has errors but computed every layer")
    theirs, failed = torch_run.steps, torch_run.failed_at
    n = min(len(mine), len(theirs))
    for i in range(n):
        if mine[i] != theirs[i]:
            return Verdict(False, detail=f"layer {i}: cnnshape {mine[i]} vs torch {theirs[i]}")
    if stop == failed:
        return Verdict(True)
    if stop is not None and (failed is None or failed > stop):
        codes = first_error_codes(report, stop)
        rank = len(theirs[stop - 1].shape) + 1 if stop else input_rank
        if codes == ["E205"] and rank is not None and _unbatched(report, stop, rank):
            return Verdict(True, exception=UNBATCHED)
        return Verdict(
            False, detail=f"cnnshape stops at layer {stop} ({codes}); torch runs it: {theirs[stop]}"
        )
    return Verdict(
        False,
        detail=f"torch refuses layer {failed} ({torch_run.error}); cnnshape "
        + ("accepts it" if stop is None else f"stops later, at {stop}"),
    )


def _unbatched(report: FileReport, index: int, rank: int) -> bool:
    """The layer wants n+2 dims (batch included) and got n+1: PyTorch's unbatched form."""
    name = report.rows[index].type
    nd = int(name[-2]) if name[-1] == "d" and name[-2].isdigit() else SPATIAL.get(name)
    return nd is not None and rank <= nd + 1


#: Layers without an n-d suffix that work on (C, H, W): on a smaller tensor PyTorch would
#: take the batch as C, which cnnshape refuses (E205).
SPATIAL = {
    "PixelShuffle": 2,
    "PixelUnshuffle": 2,
    "Unfold": 2,
    "Fold": 1,
    "SqueezeExcitation": 2,
    "Conv2dNormActivation": 2,
    "Conv3dNormActivation": 3,
}
