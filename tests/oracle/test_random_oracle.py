"""≥ 500 random specs per run, each judged by PyTorch on CPU with a real batch-2 tensor.

The seed is printed (pytest -s); rerun with CNNSHAPE_ORACLE_SEED=<seed>, and with
CNNSHAPE_ORACLE_N=<n> for more specs. Every disagreement is a cnnshape bug: fix the rule and
keep the case in tests/test_oracle_regressions.py with the figures PyTorch gave.
"""

from __future__ import annotations

import collections
import os
from dataclasses import dataclass, field

from gen import GenSpec, specs
from gen_layers import DRAWERS
from harness import cnnshape_steps, run_direct
from judge import first_error_codes, judge
from test_layers2_oracle import ACTIVATIONS, NORMS, TV

from cnnshape.check import Options, check_text
from cnnshape.layers import BY_NAME

SEED = int(os.environ.get("CNNSHAPE_ORACLE_SEED", "20261124"))
N = int(os.environ.get("CNNSHAPE_ORACLE_N", "1000"))
#: The refusals the generator must provoke in every run (it never makes E209, too large).
CODES = {"E109", "E201", "E202", "E203", "E204", "E205", "E206", "E207", "E208"}

Counter = collections.Counter


@dataclass
class Tally:
    """What the run covered: outcomes, cnnshape's refusal codes, layer types PyTorch ran."""

    outcomes: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    ran: Counter[str] = field(default_factory=Counter)
    disagreements: list[str] = field(default_factory=list)

    def add(self, i: int, spec: GenSpec) -> None:
        text = spec.yaml()
        report = check_text(text, "generated.yaml", Options())
        torch_run = run_direct(spec.input, spec.layers)
        verdict = judge(report, torch_run, input_rank=len(spec.input) + 1)
        self.outcomes["refused" if torch_run.failed_at is not None else "ran"] += 1
        if verdict.exception:
            self.outcomes[verdict.exception] += 1
        _, stop = cnnshape_steps(report)
        if stop is not None:
            self.codes.update(first_error_codes(report, stop))
        self.ran.update(name for (name, _), _s in zip(spec.layers, torch_run.steps, strict=False))
        if not verdict.ok:
            self.disagreements.append(f"--- spec {i} (seed {SEED}): {verdict.detail}\n{text}")


def test_random_specs_agree_with_torch() -> None:
    print(f"\noracle seed {SEED}, {N} specs")
    tally = Tally()
    for i, spec in enumerate(specs(SEED, N)):
        tally.add(i, spec)
    print(dict(tally.outcomes))
    print("refusals:", sorted(tally.codes.items()))
    bad = tally.disagreements
    assert not bad, f"{len(bad)} disagreements:\n" + "\n".join(bad[:15])
    if N >= 500:  # the generator reaches both sides of every check
        assert min(tally.outcomes["ran"], tally.outcomes["refused"]) >= N // 5, tally.outcomes
        assert set(tally.codes) >= CODES, f"no spec provoked {CODES - set(tally.codes)}"
        # Concat/Add take earlier outputs: tests/oracle_graphs runs them in random graphs
        # and test_layer_oracle.py runs the layers of its drawers, a few hundred specs each
        single = {n for n, rule in BY_NAME.items() if not any(a.name == "from" for a in rule.args)}
        single -= set(DRAWERS)
        single -= set(ACTIVATIONS + NORMS + TV)  # drawn one type at a time: test_layers2_oracle
        assert set(tally.ran) >= single, f"no spec ran {single - set(tally.ran)}"
