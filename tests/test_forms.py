"""Residual and parallel forms, named skips (Concat/Add from), and the mismatch findings."""

from __future__ import annotations

import io
import json

from graph_helpers import check, errors, only

from cnnshape.render import RenderOptions, get
from cnnshape.render.outline import outline


def test_identity_residual_keeps_the_shape() -> None:
    r = check(
        """
        input: [4, 6, 6]
        layers:
          - residual:
              body:
                - Conv2d: {out_channels: 4, kernel_size: 3, padding: 1}
        """
    )
    assert r.ok, errors(r)
    assert r.output_shape == (4, 6, 6) and r.totals.params == 4 * 4 * 9 + 4


def test_projection_shortcut_rows_come_after_the_body() -> None:
    r = check(
        """
        input: [4, 6, 6]
        layers:
          - residual:
              name: blk
              body: [{Conv2d: {out_channels: 8, kernel_size: 3, stride: 2, padding: 1}}]
              shortcut: [{Conv2d: {out_channels: 8, kernel_size: 1, stride: 2}}]
        """
    )
    assert r.ok, errors(r)
    # (6 + 2 − 3)//2 + 1 = 3 and (6 − 1)//2 + 1 = 3
    assert r.output_shape == (8, 3, 3)
    assert [row.path for row in r.rows] == ["blk.0", "blk.shortcut.0"]
    assert [g.kind for g in r.groups] == ["residual", "branch"]


def test_residual_mismatch_names_both_shapes_both_sources_and_the_fix() -> None:
    r = check(
        """
        input: [4, 6, 6]
        layers:
          - ReLU: {name: pre}
          - residual:
              body: [{Conv2d: {out_channels: 8, kernel_size: 3, stride: 2, padding: 1}}]
        """
    )
    d = only(r, "E210")
    assert d.span is not None and (d.span.line, d.span.column) == (5, 5)
    assert "(N, 8, 3, 3) (from 1.0 (Conv2d))" in d.message
    assert "(N, 4, 6, 6) (from pre (ReLU))" in d.message
    assert "channels (8 vs 4) and height × width (3×3 vs 6×6)" in d.message
    assert "kernel_size: 1, stride: 2" in d.message
    assert r.output_shape is None


def test_parallel_concat_sums_channels_and_checks_the_rest() -> None:
    ok = check(
        """
        input: [3, 9, 9]
        layers:
          - parallel:
              branches:
                - [{Conv2d: {out_channels: 5, kernel_size: 1}}]
                - [{Conv2d: {out_channels: 7, kernel_size: 3, padding: 1}}]
                - []
        """
    )
    assert ok.ok, errors(ok)
    assert ok.output_shape == (5 + 7 + 3, 9, 9)
    bad = check(
        """
        input: [3, 9, 9]
        layers:
          - parallel:
              branches:
                - [{Conv2d: {out_channels: 5, kernel_size: 1}}]
                - [{Conv2d: {out_channels: 7, kernel_size: 3}}]
        """
    )
    d = only(bad, "E211")
    assert "branch 0 gives (N, 5, 9, 9)" in d.message and "branch 1 gives (N, 7, 7, 7)" in d.message


def test_parallel_add_needs_equal_shapes() -> None:
    r = check(
        """
        input: [3, 9, 9]
        layers:
          - parallel:
              merge: add
              branches: [[{Conv2d: {out_channels: 3, kernel_size: 1}}], []]
        """
    )
    assert r.ok and r.output_shape == (3, 9, 9)


def test_concat_from_a_named_layer() -> None:
    r = check(
        """
        input: [2, 8, 8]
        layers:
          - Conv2d: {out_channels: 4, kernel_size: 3, padding: 1, name: skip}
          - MaxPool2d: 2
          - Upsample: {scale_factor: 2}
          - Concat: {from: skip}
          - Add: {from: [skip]}
        """
    )
    assert not r.ok
    assert r.rows[3].output_shape == (8, 8, 8)
    d = only(r, "E210")
    assert "'skip' gives (N, 4, 8, 8)" in d.message


def test_from_an_unknown_name_is_located_at_the_argument() -> None:
    r = check("input: [2, 8, 8]\nlayers:\n  - ReLU: {name: a}\n  - Concat: {from: [a, b]}\n")
    d = only(r, "E113")
    assert "'b' names no earlier layer (named so far: a)" in d.message  # too short to suggest
    assert d.span is not None and (d.span.line, d.span.column) == (4, 20)


def test_fitting_hint_only_for_rounding_mismatches() -> None:
    unet = """
        input: [1, 10, 10]
        layers:
          - Conv2d: {out_channels: 2, kernel_size: 3, padding: 1, name: e1}
          - MaxPool2d: 2
          - MaxPool2d: 2
          - ConvTranspose2d: {out_channels: 2, kernel_size: 2, stride: 2}
          - ConvTranspose2d: {out_channels: 2, kernel_size: 2, stride: 2}
          - Concat: {from: e1}
        """
    # 10 → 5 → 2 → 4 → 8, against 10; 8 and 12 are the nearest multiples of 4
    d = only(check(unet), "E211")
    assert "height × width (8×8 vs 10×10)" in d.message
    assert "[1, 8, 8] or [1, 12, 12] would fit" in d.message
    assert check(unet, (1, 12, 12)).ok


def test_json_keeps_the_flat_list_with_paths_and_groups() -> None:
    r = check(
        """
        input: [1, 4, 4]
        layers:
          - repeat: 4
            name: stage
            layers: [{residual: {body: [ReLU]}}]
        """
    )
    out = io.StringIO()
    get("json")([r], out, RenderOptions(color="never"))
    doc = json.loads(out.getvalue())["files"][0]
    assert [x["path"] for x in doc["layers"]] == [f"stage.{i}.0.0" for i in range(4)]
    assert [x["depth"] for x in doc["layers"]] == [2] * 4
    assert doc["groups"][0] | {"output_shape": None} == {
        "path": "stage", "kind": "repeat", "label": "repeat × 4", "name": "stage", "line": 4,
        "depth": 0, "start": 0, "end": 4, "params": 0, "output_shape": None,
    }  # fmt: skip
    # the table folds the identical repetitions into one line
    kinds = [line.kind for line in outline(r)]
    assert kinds == ["group", "group", "row", "fold"]
    assert outline(r)[-1].hidden == 3


def test_no_fitting_hint_when_no_input_size_fits() -> None:
    """A 3×3 valid conv beside an identity branch is always 2 short: no size helps."""
    r = check(
        """
        input: [3, 9, 9]
        layers:
          - parallel:
              branches: [[{Conv2d: {out_channels: 5, kernel_size: 3}}], []]
        """
    )
    d = only(r, "E211")
    assert "branch 1 (identity) gives (N, 3, 9, 9)" in d.message
    assert "would fit" not in d.message
    assert [g.label for g in r.groups] == ["parallel concat", "branch 0", "branch 1 (identity)"]


def test_a_branch_ending_in_max_pool_indices_cannot_be_merged() -> None:
    r = check(
        """
        input: [2, 8, 8]
        layers:
          - residual:
              body: [{MaxPool2d: {kernel_size: 1, return_indices: true}}]
        """
    )
    d = only(r, "E205")
    assert "the body ends in the (values, indices) pair" in d.message
