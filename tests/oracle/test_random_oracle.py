"""≥ 500 random specs per run, each judged by PyTorch on CPU with a real batch-2 tensor.

The seed is printed; rerun one with CNNSHAPE_ORACLE_SEED=<seed> (and CNNSHAPE_ORACLE_N for
more specs). Every disagreement is a cnnshape bug: fix the rule, keep the case in
test_regressions.py.
"""

from __future__ import annotations

import collections
import os

from gen import specs
from harness import run_direct
from judge import UNBATCHED, judge

from cnnshape.check import Options, check_text

SEED = int(os.environ.get("CNNSHAPE_ORACLE_SEED", "20261124"))
N = int(os.environ.get("CNNSHAPE_ORACLE_N", "600"))


def test_random_specs_agree_with_torch() -> None:
    print(f"oracle seed {SEED}, {N} specs")
    bad: list[str] = []
    tally: collections.Counter[str] = collections.Counter()
    for i, spec in enumerate(specs(SEED, N)):
        text = spec.yaml()
        report = check_text(text, "generated.yaml", Options())
        torch_run = run_direct(spec.input, spec.layers)
        verdict = judge(report, torch_run, input_rank=len(spec.input) + 1)
        tally["refused" if torch_run.failed_at is not None else "ran"] += 1
        if verdict.exception:
            tally[verdict.exception] += 1
        if not verdict.ok:
            bad.append(f"--- spec {i} (seed {SEED}): {verdict.detail}\n{text}")
    print(dict(tally))
    assert not bad, f"{len(bad)} disagreements:\n" + "\n".join(bad[:15])
