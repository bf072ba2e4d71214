"""`cnnshape sizes`: the smallest input, exact / lossy / refused sizes, square and per dimension."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from helpers import codes, run

from cnnshape.commands.sizes.sweep import EXACT, LOSSY, REFUSED, sweep
from cnnshape.limits import Limits
from cnnshape.spec.build import from_text
from cnnshape.spec.model import Spec

ROOT = Path(__file__).resolve().parent.parent


def load(text: str) -> Spec:
    return from_text(textwrap.dedent(text), Limits())


def load_file(path: Path) -> Spec:
    return load(path.read_text(encoding="utf-8"))


def test_cifar10_by_hand() -> None:
    # 3×3 p1 convs keep the size; two 2×2 pools: exact iff 4 | n; n = 1 dies at the first
    # pool (0 rows), n = 2, 3 at the second.
    s = sweep(load_file(ROOT / "specs" / "cifar10.yaml"), "c", (3, 32, 32), (0, 1), 1, 64)
    status = {o.size: o.status for o in s.outcomes}
    assert [n for n in status if status[n] == EXACT] == list(range(4, 65, 4))
    assert [n for n in status if status[n] == REFUSED] == [1, 2, 3]
    assert s.smallest == 4
    assert s.limit is not None and s.limit.size == 3 and s.limit.code == "E201"
    assert s.limit.layer == "MaxPool2d #5 (line 10)"
    first_pool = next(o for o in s.outcomes if o.size == 1)
    assert first_pool.layer == "MaxPool2d #2 (line 7)"


def test_lossy_is_exactly_w301() -> None:
    text = (ROOT / "specs" / "cifar10.yaml").read_text(encoding="utf-8")
    s = sweep(load(text), "c", (3, 32, 32), (0, 1), 4, 40)
    for o in s.outcomes:
        report = run(text, input_shape=(3, o.size, o.size))
        assert (o.status == LOSSY) == ("W301" in codes(report)), o


def test_vgg16_smallest_is_32_limited_by_the_fifth_pool() -> None:
    s = sweep(load_file(ROOT / "specs" / "vgg16.yaml"), "v", (3, 224, 224), (0, 1), 32, 256)
    assert s.smallest == 32
    assert s.limit is not None and s.limit.layer == "MaxPool2d #30 (line 21)"
    assert [o.size for o in s.outcomes if o.status == EXACT] == list(range(32, 257, 32))


def test_one_dimension_at_a_time() -> None:
    # W: conv k5 s3 then pool 2: conv out (n − 5)//3 + 1 must be even and the conv's last
    # window must end at n − 1, so n − 5 ≡ 0 (mod 3) and (n − 5)/3 + 1 even: n = 8, 14, 20.
    # H: conv k3 s1, pool 2: n − 2 even: n = 4, 6, ..., 20.
    text = """
        input: [3, 32, 48]
        layers:
          - Conv2d: {out_channels: 4, kernel_size: [3, 5], stride: [1, 3]}
          - MaxPool2d: 2
    """
    parsed = load(text)
    h = sweep(parsed, "r", (3, 32, 48), (0,), 1, 20)
    w = sweep(parsed, "r", (3, 32, 48), (1,), 1, 20)
    assert [o.size for o in h.outcomes if o.status == EXACT] == list(range(4, 21, 2))
    assert [o.size for o in w.outcomes if o.status == EXACT] == [8, 14, 20]
    assert (h.smallest, w.smallest) == (4, 8)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cnnshape", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip


def test_cli_answers_in_a_sentence() -> None:
    p = cli("sizes", "specs/vgg16.yaml", "--range", "30:100")
    assert p.returncode == 0, p.stderr
    assert "vgg16 needs at least 32×32: at 31×31 MaxPool2d #30 (line 21) refuses it" in p.stdout
    assert "of 30–100, 3 exact" in p.stdout


def test_cli_usage_errors() -> None:
    assert cli("sizes", "specs/vgg16.yaml", "--range", "100:30").returncode == 2
    assert cli("sizes", "specs/vgg16.yaml", "--vary", "Q").returncode == 2
    bad = cli("sizes", "specs/bad/E105_unknown_layer.yaml")
    assert bad.returncode == 1
    assert bad.stderr.startswith("specs/bad/E105_unknown_layer.yaml:") and "E105" in bad.stderr
