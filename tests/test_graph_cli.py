"""The issue's 'done when', as a user runs it: ResNet-50, the ResNet without projection,
the U-Net at a size that does not divide."""

from __future__ import annotations

from pathlib import Path

from test_cli import cli

from cnnshape.check import Options, check_file

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"


def test_resnet50_grouped_table_totals_and_output() -> None:
    p = cli("check", str(SPECS / "resnet50.yaml"))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "25,557,032 total" in p.stdout
    assert "→ output (N, 1000)" in p.stdout
    assert "▸ stage layer3" in p.stdout  # a group header
    assert "⋮ × 4 more " in p.stdout  # layer3's 5 identical identity blocks, folded


def test_resnet50_still_checks_at_512() -> None:
    p = cli("check", "--input", "3x512x512", str(SPECS / "resnet50.yaml"))
    assert p.returncode == 0, p.stdout
    assert "(N, 2048, 16, 16)" in p.stdout  # 512 / 32
    assert "25,557,032 total" in p.stdout


def test_resnet_without_projection_names_both_shapes() -> None:
    p = cli("check", "-q", str(SPECS / "bad" / "E210_resnet_no_projection.yaml"))
    assert p.returncode == 1
    (line,) = p.stdout.splitlines()
    assert line.startswith(f"{SPECS / 'bad' / 'E210_resnet_no_projection.yaml'}:10:9: error E210")
    assert "(N, 128, 28, 28)" in line and "(N, 64, 56, 56)" in line


def test_unet_odd_size_error_at_the_concat() -> None:
    p = cli("check", "-q", str(SPECS / "bad" / "E211_unet_odd_size.yaml"))
    assert p.returncode == 1
    (line,) = [x for x in p.stdout.splitlines() if " error " in x]
    assert ":25:9: error E211" in line  # the Concat in block 'up'
    # 250 → 125 → 62 → 31 → 15; 15·2 = 30 against the skip's 31; multiples of 16 fit
    assert "30×30 vs 31×31" in line
    assert "an input of [1, 240, 240] or [1, 256, 256] would fit" in line


def test_group_subtotals_add_up_to_their_rows() -> None:
    for name in ("resnet18.yaml", "resnet50.yaml", "mobilenet_v2.yaml", "unet.yaml"):
        r = check_file(SPECS / name, Options())
        for g in r.groups:
            assert g.params == sum(row.params or 0 for row in r.rows[g.start : g.end]), g.path
        top = [g for g in r.groups if g.depth == 0]
        outside = [row for row in r.rows if not any(g.start <= row.index < g.end for g in top)]
        assert sum(g.params or 0 for g in top) + sum(row.params or 0 for row in outside) == (
            r.totals.params
        )
