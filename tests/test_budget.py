"""The work budget: every node counts (groups, branches, repetitions of empty lists), `sizes`
is held to --max-work and does not try every size, and messages stay short.

Expected counts are worked out by hand in the comments; the heavy cases run in a subprocess
with a 2 GiB address-space cap and a timeout, so a regression fails instead of hanging.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from cnnshape.check import Options, check_text
from cnnshape.cli import app
from cnnshape.commands.sizes.smallest import BLOCK, SCAN, smallest
from cnnshape.commands.sizes.sweep import EXACT, REFUSED, Outcome
from cnnshape.limits import Limits

CAP = 2 << 30


def capped(args: list[str], path: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run cnnshape in a fresh process with RLIMIT_AS = 2 GiB."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))

    return subprocess.run(
        [sys.executable, "-m", "cnnshape", *args, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
    )


def test_nested_repeats_of_an_empty_list_are_refused_from_the_counts(tmp_path: Path) -> None:
    # inner: 1 group + 100,000 repetitions = 100,001; middle: 1 + 100,000 × (1 + 100,001)
    # = 10,000,200,001; outer: 1 + 100,000 × (1 + 10,000,200,001) = 1,000,020,000,200,001.
    path = tmp_path / "s.yaml"
    path.write_text(
        "input: [3, 8, 8]\nlayers:\n"
        "  - {repeat: 100000, layers: [{repeat: 100000, layers: [{repeat: 100000, layers: []}]}]}\n"
    )
    result = capped(["check", "--quiet"], path)
    assert result.returncode == 1
    assert result.stdout == (
        f"{path}:3:5: error E111 the spec expands to 1,000,020,000,200,001 layers, groups and "
        "repetitions, more than 5,000; raise --max-layers if it is real\n"
    )


def test_branches_and_groups_count_not_only_leaves(tmp_path: Path) -> None:
    # parallel of 4 one-layer branches: 1 form + 4 × (1 branch + 1 ReLU) = 9 nodes, 4 leaves.
    text = "input: [1, 4, 4]\nlayers:\n  - parallel: {branches: [[ReLU], [ReLU], [ReLU], [ReLU]]}\n"
    report = check_text(text, "s.yaml", Options(limits=Limits(max_layers=8)))
    assert [(d.code, d.span and d.span.line) for d in report.diagnostics] == [("E111", 3)]
    assert "9 layers, groups and repetitions, more than 8; raise --max-layers" in (
        report.diagnostics[0].message
    )
    assert not check_text(text, "s.yaml", Options(limits=Limits(max_layers=9))).diagnostics


def test_worst_specs_within_the_defaults_finish_under_a_memory_cap(tmp_path: Path) -> None:
    """A wide parallel form at the default limit, in every machine format, under 2 GiB."""
    branches = Limits().max_layers // 2 - 1  # each branch costs 2 nodes (its group, its layer)
    path = tmp_path / "wide.yaml"
    path.write_text(
        "input: [1, 4, 4]\nlayers:\n  - parallel:\n      branches: [&b [ReLU]"
        + ", *b" * (branches - 1)
        + "]\n"
    )
    result = capped(["check", "--format", "json"], path, timeout=60)
    assert result.returncode == 0, result.stderr[-500:]
    assert json.loads(result.stdout)["files"][0]["output_shape"] == [branches, 4, 4]


def test_sizes_is_held_to_max_work(tmp_path: Path) -> None:
    # 2,000 ReLUs: 1 repeat + 2,000 × (1 + 1) = 4,001 nodes; range 1:10 tries at most
    # 10 sizes + 0 outside it + 1 = 11 sizes: 44,011 layer checks.
    path = tmp_path / "s.yaml"
    path.write_text("input: [1, 8, 8]\nlayers:\n  - repeat: 2000\n    layers: [ReLU]\n")
    args = ["sizes", str(path), "--range", "1:10", "--max-work", "44010"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert result.output == (
        f"{path}:1:8: error E111 checking up to 11 input sizes of this spec would check "
        "44,011 layers, more than 44,010; narrow --range or raise --max-work if it is real\n"
    )
    args[-1] = "44011"
    assert CliRunner().invoke(app, args).exit_code == 0


def test_sizes_finds_a_smallest_size_of_a_billion_without_trying_each(tmp_path: Path) -> None:
    # Conv1d out = in − k + 1 ≥ 1 ⇔ in ≥ k: the smallest size is k = 1,000,000,000 and
    # 999,999,999 is refused (E201). A linear search would check a billion sizes.
    path = tmp_path / "s.yaml"
    path.write_text(
        "input: [1, 8]\nlayers:\n  - Conv1d: {out_channels: 1, kernel_size: 1000000000}\n"
    )
    result = capped(
        ["sizes", "--range", "1000000000:1000000002", "--format", "json"], path, timeout=60
    )
    assert result.returncode == 0, result.stderr[-500:]
    sweep = json.loads(result.stdout)["sweeps"][0]
    assert sweep["smallest"] == 1_000_000_000
    assert sweep["limit"]["size"] == 999_999_999
    assert sweep["limit"]["code"] == "E201"


def test_smallest_matches_a_linear_scan_for_periodic_refusals() -> None:
    """Sizes accepted when n ≥ n0 and d divides n (too small, then divisibility)."""
    for n0 in (1, 5, 1000, 1025, 1090, 5000, 123_457):
        for d in (1, 2, 16, 64):
            tried: list[int] = []

            def probe(n: int, n0: int = n0, d: int = d, tried: list[int] = tried) -> Outcome:
                tried.append(n)
                ok = n >= n0 and n % d == 0
                return Outcome(n, EXACT if ok else REFUSED)

            hi = 10**7
            expected = next(n for n in range(n0, n0 + d) if n % d == 0)
            found, limit = smallest(probe, hi)
            assert found == expected, (n0, d)
            assert (limit is None) == (expected == 1)
            if limit is not None:
                assert limit.size == expected - 1
            assert len(tried) <= SCAN + BLOCK * (hi.bit_length() + 3)


def test_unknown_names_are_listed_in_part(tmp_path: Path) -> None:
    names = "".join(f"  - {{ReLU: {{name: n{i}}}}}\n" for i in range(50))
    text = f"input: [1, 4, 4]\nlayers:\n{names}  - Add: {{from: {'z' * 5000}}}\n"
    report = check_text(text, "s.yaml", Options())
    (diag,) = report.diagnostics
    assert diag.code == "E113"
    assert "'" + "z" * 60 + "…' names no earlier layer" in diag.message
    assert "(named so far: n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, … and 40 more)" in (diag.message)


def test_long_unknown_type_is_quoted_in_part() -> None:
    text = f"input: [1, 4, 4]\nlayers:\n  - {'Q' * 100_000}\n"
    (diag,) = check_text(text, "s.yaml", Options()).diagnostics
    assert diag.code == "E105"
    assert diag.message.startswith("unknown layer type '" + "Q" * 60 + "…'")
    assert len(diag.message) < 300
