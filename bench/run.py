"""cnnshape's benchmark, side by side with its peers in one run: medians and ratios.

    python -m venv /tmp/bench && /tmp/bench/bin/pip install '.[bench]'   # not editable
    python bench/run.py --venv /tmp/bench [--runs 7] [--only peers,table,inprocess,...]

A regular (not editable) install is what users run: an editable one adds an import
hook that loads pathlib, urllib and importlib.util at every start (~10 ms). Without
--venv the current interpreter and its scripts are used.

The package is byte-compiled first (``compileall``) and every child runs without
PYTHONDONTWRITEBYTECODE, so the figures are what a user who pip-installed it gets. Each
case is a fresh child process run ``--runs`` times; the medians of its wall time, CPU time
(user + system, steadier on a busy machine) and peak memory (``ru_maxrss``) are shown, and
each target is judged on the median wall time.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
VGG16, RESNET50 = ROOT / "specs" / "vgg16.yaml", ROOT / "specs" / "resnet50.yaml"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
PY = sys.executable  # --venv replaces it with that environment's interpreter


@dataclass
class Result:
    seconds: float
    cpu: float
    mib: float


def tool(name: str) -> list[str]:
    """A console script installed next to this interpreter."""
    return [str(Path(PY).with_name(name))]


def measure(cmd: list[str], runs: int, ok: tuple[int, ...] = (0,)) -> Result:
    """Medians over ``runs`` fresh processes (one unmeasured warm-up run first)."""
    times, cpus, peaks = [], [], []
    for i in range(runs + 1):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise SystemExit(f"{' '.join(cmd)} exited {code}:\n{err}")
        if i:
            times.append(elapsed)
            cpus.append(usage.ru_utime + usage.ru_stime)
            peaks.append(usage.ru_maxrss / 1024)
    return Result(statistics.median(times), statistics.median(cpus), statistics.median(peaks))


def show(label: str, r: Result) -> None:
    print(f"  {label:<50} {r.seconds * 1e3:8.1f} ms  {r.cpu * 1e3:8.1f} ms CPU  {r.mib:6.1f} MiB")


def judge(what: str, value: float, target: str, met: bool, unit: str = "×") -> None:
    print(f"  → {what}: {value:.2f}{unit} (target {target}) {'MET' if met else 'NOT MET'}")


def peers(runs: int) -> None:
    print("peers: check -q on VGG-16 beside TorchShapeFlow and the interpreter's floors")
    ours = measure([*tool("cnnshape"), "check", "-q", str(VGG16)], runs)
    tsf = measure([*tool("tsf"), "check", str(BENCH / "vgg16_tsf.py")], runs)
    floor = measure([PY, "-c", "pass"], runs)
    yaml_floor = measure([PY, "-c", "import yaml"], runs)
    show("cnnshape check -q specs/vgg16.yaml", ours)
    show("tsf check bench/vgg16_tsf.py (TorchShapeFlow 0.7.3)", tsf)
    show('python -c "pass"', floor)
    show('python -c "import yaml"', yaml_floor)
    judge("cnnshape / tsf", ours.seconds / tsf.seconds, "≤ 1.0×", ours.seconds <= tsf.seconds)
    ratio = ours.seconds / floor.seconds
    judge("cnnshape / python -c pass", ratio, "≤ 3×", ratio <= 3)
    print(
        f"    (CPU: / tsf {ours.cpu / tsf.cpu:.2f}×, / pass {ours.cpu / floor.cpu:.2f}×, "
        f"/ import yaml {ours.cpu / yaml_floor.cpu:.2f}×)"
    )


def table(runs: int) -> None:
    print("table: the default table beside -q, ResNet-50")
    full = measure([*tool("cnnshape"), "check", str(RESNET50)], runs)
    quiet = measure([*tool("cnnshape"), "check", "-q", str(RESNET50)], runs)
    show("cnnshape check specs/resnet50.yaml", full)
    show("cnnshape check -q specs/resnet50.yaml", quiet)
    judge("table / -q", full.seconds / quiet.seconds, "≤ 1.5×", full.seconds <= 1.5 * quiet.seconds)


INPROCESS = """
import statistics, sys, time
from cnnshape.check import Options, check_text
text = open(sys.argv[1], encoding="utf-8").read()
opts = Options(analyses=frozenset())  # what the default columns need
for _ in range(20):
    check_text(text, "resnet50.yaml", opts)
times = []
for _ in range(300):
    start = time.perf_counter()
    check_text(text, "resnet50.yaml", opts)
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""


def inprocess(runs: int) -> None:
    print("in-process: text → report, ResNet-50, default columns (median of 300 calls)")
    out = subprocess.run(
        [PY, "-c", INPROCESS, str(RESNET50)], capture_output=True, text=True, env=ENV, check=True
    )
    ms = float(out.stdout) * 1e3
    judge("check_text(resnet50)", ms, "≤ 2 ms", ms <= 2, " ms")


def torchinfo(runs: int) -> None:
    print("torchinfo: the VGG-16 table beside torchinfo's summary() (torch on the CPU)")
    ours = measure([*tool("cnnshape"), "check", str(VGG16)], runs)
    theirs = measure([PY, str(BENCH / "vgg16_torchinfo.py")], runs)
    show("cnnshape check specs/vgg16.yaml", ours)
    show("torchinfo summary(vgg16, (1, 3, 224, 224))", theirs)
    speed, memory = theirs.seconds / ours.seconds, theirs.mib / ours.mib
    judge("speed-up", speed, "≥ 20×", speed >= 20)
    judge("memory ratio", memory, "≥ 30×", memory >= 30)


def write_layers(path: Path, n: int) -> None:
    """A spec of ``n`` layers written out (no repeat): conv/BN/ReLU triples on 16 channels."""
    cycle = [
        "  - Conv2d: {out_channels: 16, kernel_size: 3, padding: 1}",
        "  - BatchNorm2d",
        "  - ReLU",
    ]
    lines = ["name: generated", "input: [16, 32, 32]", "layers:"]
    path.write_text("\n".join(lines + [cycle[i % 3] for i in range(n)]) + "\n")


def scaling(runs: int, tmp: Path) -> None:
    print("scaling: generated specs of 10,000 and 100,000 layers")
    targets = {"-q": 1.5, "json": 2.5}
    for mode, limit in targets.items():
        fmt = ["-q"] if mode == "-q" else ["--format", "json"]
        res = {}
        for n in (10_000, 100_000):
            path = tmp / f"layers_{n}.yaml"
            if not path.exists():
                write_layers(path, n)
            cmd = [
                *tool("cnnshape"),
                "check",
                *fmt,
                "--max-bytes",
                "100000000",
                "--max-layers",
                "1000000",
                str(path),
            ]
            res[n] = measure(cmd, runs)
            show(f"{n:,} layers, {mode}", res[n])
        big = res[100_000].seconds
        judge(f"100k layers {mode}", big, f"≤ {limit} s", big <= limit, " s")
        ratio = big / res[10_000].seconds
        judge(f"100k / 10k {mode}", ratio, "≤ 12× (linear)", ratio <= 12)


def batch(runs: int, tmp: Path) -> None:
    print("batch: 500 small spec files in one invocation (a pre-commit run)")
    folder = tmp / "batch"
    folder.mkdir(exist_ok=True)
    for i in range(500):
        c, k = 8 + i % 24, 1 + 2 * (i % 3)
        (folder / f"net{i:03}.yaml").write_text(
            f"name: net{i}\ninput: [3, {32 + i % 64}, {32 + i % 64}]\nlayers:\n"
            f"  - Conv2d: {{out_channels: {c}, kernel_size: {k}, padding: {k // 2}}}\n"
            "  - BatchNorm2d\n  - ReLU\n  - MaxPool2d: 2\n"
            f"  - Conv2d: {{out_channels: {2 * c}, kernel_size: 3, padding: 1}}\n"
            "  - ReLU\n  - AdaptiveAvgPool2d: 1\n  - Flatten\n"
            f"  - Linear: {{out_features: {10 + i % 90}}}\n"
        )
    r = measure([*tool("cnnshape"), "check", "-q", str(folder)], runs)
    show("cnnshape check -q <folder of 500 files>", r)
    judge("seconds", r.seconds, "< 3 s", r.seconds < 3, " s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per case (median taken)")
    parser.add_argument("--only", default="", help="comma-separated cases to run")
    parser.add_argument("--venv", type=Path, help="a virtual environment with '.[bench]'")
    args = parser.parse_args()
    global PY
    if args.venv is not None:
        PY = str(args.venv / "bin" / "python")
    package = subprocess.run(
        [PY, "-c", "import cnnshape, os; print(os.path.dirname(cnnshape.__file__))"],
        capture_output=True,
        text=True,
        env=ENV,
        check=True,
    ).stdout.strip()
    subprocess.run([PY, "-m", "compileall", "-q", package], env=ENV, check=True)
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"python {sys.version.split()[0]}, {args.runs} runs per case, bytecode compiled"
    )
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        cases = {
            "peers": lambda: peers(args.runs),
            "table": lambda: table(args.runs),
            "inprocess": lambda: inprocess(args.runs),
            "torchinfo": lambda: torchinfo(args.runs),
            "scaling": lambda: scaling(max(3, args.runs // 2), tmp),
            "batch": lambda: batch(max(3, args.runs // 2), tmp),
        }
        wanted = [c for c in args.only.split(",") if c] or list(cases)
        for key in wanted:
            cases[key]()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
