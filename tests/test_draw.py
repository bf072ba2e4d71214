"""`cnnshape draw`: the SVG read back against the report, the feature-map figure, text formats,
bad input, and the time for a 1,000-layer spec."""

from __future__ import annotations

import io
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import FORMS, run

from cnnshape.check import Options, check_file, check_text
from cnnshape.draw.command import draw
from cnnshape.draw.model import build
from cnnshape.draw.svg import render
from cnnshape.draw.text import dot, mermaid, mermaid_text
from cnnshape.report import FileReport

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").rglob("*.yaml"))
SVG = "{http://www.w3.org/2000/svg}"


def _svg(report: FileReport, **kw: object) -> ET.Element:
    return ET.fromstring(render(build(report, **kw)))  # type: ignore[arg-type]


def _graph(root: ET.Element) -> tuple[dict[str, ET.Element], list[tuple[str, str]]]:
    nodes = {g.attrib["data-node"]: g for g in root.iter(f"{SVG}g") if "data-node" in g.attrib}
    edges = [
        (g.attrib["data-from"], g.attrib["data-to"])
        for g in root.iter(f"{SVG}g")
        if "data-from" in g.attrib
    ]
    return nodes, edges


def _inputs(nodes: dict[str, ET.Element], edges: list[tuple[str, str]], node: str) -> set[str]:
    """What a node takes, looking through merge nodes to the rows they merge; every input
    node counts as "in" (the report's -1, whichever named input it is)."""
    out: set[str] = set()
    for src, dst in edges:
        if dst == node:
            kind = nodes[src].attrib["data-kind"]
            if kind == "merge":
                out |= _inputs(nodes, edges, src)
            else:
                out.add("in" if kind == "input" else src)
    return out


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_svg_nodes_and_edges_match_the_report(spec: Path) -> None:
    report = check_file(spec, Options(analyses=frozenset()))
    root = _svg(report, fold=False)  # well-formed XML, or this raises
    nodes, edges = _graph(root)
    rows = sorted(int(g.attrib["data-row"]) for g in nodes.values() if "data-row" in g.attrib)
    assert rows == list(range(len(report.rows)))
    merges = {g.attrib["data-group"] for g in nodes.values() if g.attrib["data-kind"] == "merge"}
    forms = {g.path for g in report.groups if g.kind in ("residual", "parallel")}
    assert merges == forms
    assert all(s in nodes and d in nodes for s, d in edges)
    for r in report.rows:
        if r.inputs is None and r.output_shape is None:
            continue  # past an error the report does not record what a row takes
        want = r.inputs if r.inputs is not None else (r.index - 1,)
        names = {"in" if i < 0 else f"r{i}" for i in want}
        assert _inputs(nodes, edges, f"r{r.index}") == names, r.path


def test_split_mul_side_paths_and_named_inputs_and_outputs() -> None:
    report = run(FORMS)
    assert report.ok
    d = build(report)
    # rows in spec order: r0 a, r1 the split's conv, r2 pool, r3 sigmoid, r4 the side conv,
    # r5 Add, r6 Flatten and r7 Linear of aux, r8 Flatten, r9 fc
    assert [r.type for r in report.rows] == [
        "Conv2d", "Conv2d", "AdaptiveAvgPool2d", "Sigmoid", "Conv2d",
        "Add", "Flatten", "Linear", "Flatten", "Linear",
    ]  # fmt: skip
    split, mul = (f"m:{g.path}" for g in report.groups if g.kind == "parallel")
    assert d.nodes[split].title == "concat" and d.nodes[mul].title == "×"
    got = {(e.src, e.dst): e for e in d.edges}
    assert len(got) == len(d.edges)
    assert set(got) == {
        ("in", "r0"),
        ("r0", split), ("r0", "r1"), ("r1", split),  # the split: identity piece, conv piece
        (split, mul), (split, "r2"), ("r2", "r3"), ("r3", mul),  # x · sigmoid(pool(x))
        ("in:right", "r4"),  # side path r from the second input
        (mul, "r5"), ("r4", "r5"),  # Add: the main path (around r's frame) and r
        ("r0", "r6"), ("r6", "r7"),  # side path aux from a
        ("r5", "r8"), ("r8", "r9"),  # the main path goes on around aux
        ("r9", "out"), ("r7", "out:aux"),  # the named outputs
    }  # fmt: skip
    # the pieces: x.split([2, 6], dim=1) gives channels 0:2 (identity) and 2:8 (the conv)
    assert (got[("r0", split)].label, got[("r0", "r1")].label) == ("ch 0:2", "ch 2:8")
    assert {k for k, e in got.items() if e.label} == {("r0", split), ("r0", "r1")}
    skips = {("in:right", "r4"), ("r4", "r5"), ("r0", "r6"), ("r7", "out:aux")}
    assert {k for k, e in got.items() if e.skip} == skips
    assert {k for k, e in got.items() if e.around} == {(mul, "r5"), ("r5", "r8")}
    ins = {n.id: n for n in d.nodes.values() if n.kind == "input"}
    outs = {n.id: n for n in d.nodes.values() if n.kind == "output"}
    assert {k: (n.title, n.shape) for k, n in ins.items()} == {
        "in": ("Input left", (8, 8, 8)),
        "in:right": ("Input right", (4, 8, 8)),
    }
    assert {k: (n.title, n.shape) for k, n in outs.items()} == {
        "out": ("Output fc", (10,)),
        "out:aux": ("Output aux", (5,)),
    }


def test_split_mul_side_forms_in_svg_mermaid_and_dot() -> None:
    report = run(FORMS)
    d = build(report)
    root = _svg(report)
    nodes, edges = _graph(root)
    assert sorted(edges) == sorted((e.src, e.dst) for e in d.edges)
    for r in report.rows:  # the same check as for every spec file, named inputs included
        assert r.inputs is not None
        want = {"in" if i < 0 else f"r{i}" for i in r.inputs}
        assert _inputs(nodes, edges, f"r{r.index}") == want, r.path
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert {"ch 0:2", "ch 2:8", "side from right r", "side from a aux"} <= set(texts)
    mm, gv = mermaid(d), dot(d)
    assert mm.count('-->|"ch 0:2"|') == 1 and mm.count('-->|"ch 2:8"|') == 1
    assert gv.count('label="ch 0:2"') == 1 and gv.count(" -> ") == len(d.edges)
    assert sum(1 for line in mm.splitlines() if "->" in line) == len(d.edges)


def test_blocks_main_path_leaves_side_paths_out() -> None:
    from cnnshape.draw.model import main_path

    steps = main_path(run(FORMS))
    # input, a, the split, the product, Add (not a new shape, but takes r), Flatten, fc
    ids = [s.id for s in steps]
    assert "r4" not in ids and "r6" not in ids and "r7" not in ids
    assert ids[0] == "in" and ids[-2:] == ["r8", "r9"]


def test_a_folded_side_path_keeps_its_source_and_output_edges() -> None:
    report = check_file(ROOT / "specs/zoo/inception_v3.yaml", Options(analyses=frozenset()))
    d = build(report, depth=0)
    got = {(e.src, e.dst): e for e in d.edges}
    # AuxLogits is a side path from Mixed_6e; the main path goes on to Mixed_7a around it
    assert got[("g:Mixed_6e", "g:AuxLogits")].skip
    assert got[("g:Mixed_6e", "g:Mixed_7a")].around
    assert got[("g:AuxLogits", "out:AuxLogits")].skip
    assert not any(e.dst == "g:AuxLogits" and not e.skip for e in d.edges)


def test_findings_are_marked_on_their_layer() -> None:
    report = check_file(ROOT / "specs/bad/E211_unet_odd_size.yaml", Options())
    nodes, _ = _graph(_svg(report))
    concat = next(r for r in report.rows if r.path == "up1.1")
    node = nodes[f"r{concat.index}"]
    texts = ["".join(t.itertext()) for t in node.iter(f"{SVG}text")]
    assert "! E211" in texts
    assert 'stroke="#dc2626"' in ET.tostring(node, encoding="unicode")


def test_an_identical_repeat_is_drawn_once_as_times_n() -> None:
    spec = """\
        input: [4, 8, 8]
        layers:
          - repeat: 3
            name: stack
            layers: [Conv2d: {out_channels: 4, kernel_size: 3, padding: 1}, ReLU]
          - Flatten
        """
    report = run(spec)
    nodes, edges = _graph(_svg(report))
    assert sorted(n for n in nodes if n.startswith("r")) == ["r0", "r1", "r6"]
    assert ("r1", "r6") in edges  # the shown repetition's exit feeds what follows
    labels = ["".join(t.itertext()) for t in _svg(report).iter(f"{SVG}text")]
    assert "repeat × 3 stack" in labels


def test_depth_folds_groups_into_one_node() -> None:
    report = check_file(ROOT / "specs/resnet18.yaml", Options())
    nodes, edges = _graph(_svg(report, depth=0))
    folded = sorted(n for n in nodes if n.startswith("g:"))
    assert folded == ["g:layer1", "g:layer2", "g:layer3", "g:layer4"]
    assert ("g:layer1", "g:layer2") in edges and ("r3", "g:layer1") in edges


def test_unet_skips_are_edges_from_the_named_block() -> None:
    report = check_file(ROOT / "specs/unet.yaml", Options())
    _, edges = _graph(_svg(report, depth=0))
    # up1 takes enc4, up2 enc3, up3 enc2, up4 enc1 (the spec's `skip:` arguments)
    want = {("g:enc4", "g:up1"), ("g:enc3", "g:up2"), ("g:enc2", "g:up3"), ("g:enc1", "g:up4")}
    assert want <= set(edges)


ALEXNET = ["3×224×224", "64×55×55", "64×27×27", "192×27×27", "192×13×13", "384×13×13"]
ALEXNET += ["256×13×13", "256×13×13", "256×6×6", "9216", "4096", "4096", "1000"]
# LeCun et al. 1998, figure 2: C1 6@28×28, S2 6@14×14, C3 16@10×10, S4 16@5×5, then 120, 84, 10
LENET = ["1×32×32", "6×28×28", "6×14×14", "16×10×10", "16×5×5", "400", "120", "84", "10"]


@pytest.mark.parametrize(("name", "want"), [("alexnet", ALEXNET), ("lenet5", LENET)])
def test_blocks_figure_boxes_in_order_with_their_shapes(name: str, want: list[str]) -> None:
    from cnnshape.draw.blocks import render as blocks

    report = check_file(ROOT / f"specs/{name}.yaml", Options())
    root = ET.fromstring(blocks(report))
    maps = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "fmap"]
    labels = ["".join(t.itertext()) for g in maps for t in g if t.get("class") == "shape"]
    assert labels == want
    by_row = {f"r{r.index}": r for r in report.rows}
    for g, label in zip(maps[1:], labels[1:], strict=True):  # each box is its row's output
        shape = by_row[g.attrib["data-id"]].output_shape
        assert shape is not None and label == "×".join(map(str, shape))
    lefts = [
        min(float(p.split(",")[0]) for p in g.find(f"{SVG}polygon").get("points", "").split())
        for g in maps
    ]  # type: ignore[union-attr]
    assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts)
    kernels = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "kernel"]
    assert len(kernels) == (8 if name == "alexnet" else 4)  # 5 convs + 3 pools; 2 + 2


def test_blocks_says_it_draws_the_main_path_of_a_branched_net() -> None:
    from cnnshape.draw.blocks import render as blocks

    svg = blocks(check_file(ROOT / "specs/resnet18.yaml", Options()))
    ET.fromstring(svg)
    assert "main path only" in svg and "residual" in svg


def test_mermaid_and_dot_declare_every_node_and_edge() -> None:
    d = build(check_file(ROOT / "specs/inception.yaml", Options()))
    mm, gv = mermaid(d), dot(d)
    lines = [line.strip() for line in mm.splitlines()]
    assert lines[0] == "flowchart TD"
    assert sum(s.startswith("subgraph ") for s in lines) == lines.count("end") > 0
    arrows = sum(1 for line in mm.splitlines() if "-->" in line or "-.->" in line)
    assert arrows == len(d.edges)
    assert gv.count(" -> ") == len(d.edges) and gv.count("{") == gv.count("}")


def test_labels_cannot_break_out_of_mermaid_or_dot() -> None:
    nasty = 'x"] --> evil[" end\\n#'
    assert mermaid_text(nasty).count('"') == 0 and "]" not in mermaid_text(nasty)
    report = check_text(
        f"name: '{nasty}'\ninput: [3]\nlayers:\n"
        "  - Linear: {out_features: 2, name: 'a\"b]<c>'}\n",
        "s.yaml",
        Options(),
    )
    d = build(report)
    assert "a#34;b#93;#60;c#62;" in mermaid(d)
    assert 'a\\"b]<c>' in dot(d)
    ET.fromstring(render(d))  # the SVG escapes it too


def _draw(*args: str, output: Path | None = None, **kw: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    path = Path(args[0])
    code = draw(
        path, output, kw.get("fmt"), str(kw.get("style", "graph")), None, True, Options(), out, err
    )  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def test_bad_output_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, _, err = _draw(str(ROOT / "specs/cifar10.yaml"), output=tmp_path / "no" / "net.svg")
    assert code == 2 and err.count("\n") == 1 and "cannot write" in err
    code, _, err = _draw(str(ROOT / "specs/cifar10.yaml"), output=tmp_path / "net.png")
    assert code == 2 and "PNG" in err and not (tmp_path / "net.png").exists()


def test_a_spec_with_errors_is_drawn_with_exit_1_and_one_without_layers_is_not(
    tmp_path: Path,
) -> None:
    code, out, err = _draw(str(ROOT / "specs/bad/E201_output_too_small.yaml"))
    assert code == 1 and "E201" in err and "E201" in out
    ET.fromstring(out)
    code, out, err = _draw(str(ROOT / "specs/bad/E101_yaml_syntax.yaml"))
    assert code == 1 and out == "" and "nothing written" in err


def test_a_thousand_layers_draw_in_under_a_second(tmp_path: Path) -> None:
    body = "[Conv2d: {out_channels: 8, kernel_size: 3, padding: 1}, BatchNorm2d, ReLU]"
    spec = tmp_path / "big.yaml"
    spec.write_text(
        "input: [8, 16, 16]\nlayers:\n  - repeat: 200\n    layers:\n"
        f"      - residual: {{body: {body}, "
        "shortcut: [Conv2d: {out_channels: 8, kernel_size: 1}]}\n"
        "      - ReLU\n"
    )
    out = tmp_path / "big.svg"
    start = time.perf_counter()
    code = draw(
        spec,
        out,
        None,
        "graph",
        None,
        False,
        Options(analyses=frozenset()),
        io.StringIO(),
        io.StringIO(),
    )
    elapsed = time.perf_counter() - start
    assert code == 0
    nodes, _ = _graph(ET.parse(out).getroot())
    assert sum(1 for n in nodes if n.startswith("r")) == 1000  # 200 × (3 + 1 + 1)
    assert elapsed < 1.0, f"{elapsed:.2f} s"
