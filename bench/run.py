"""cnnshape's benchmark: median wall time and peak memory, side by side, in one run.

    pip install -e '.[bench]' torch    # torchinfo for comparison a; torch on the CPU
    python bench/run.py [--runs 7]

Every case is a fresh child process (what a user or a pre-commit hook pays), run
``--runs`` times; the medians of its wall time and of its peak resident memory
(``ru_maxrss`` from ``os.wait4``, per child) are reported. Not part of the test run.

a. ``cnnshape check specs/vgg16.yaml`` against torchinfo's ``summary()`` of the same
   VGG-16 (plain torch.nn, CPU): ≥ 15× faster and ≥ 10× less memory.
b. ``cnnshape check --quiet`` on a clean spec against ``python -c "import typer, yaml"``,
   the floor of any typer tool: ≤ 1.5× the floor.
c. generated specs of 10,000 and 100,000 layers (written out), ``--format json``:
   time grows linearly (ratio ≤ 12×) and 100,000 layers take < 2 s.
d. 500 spec files in one invocation (a pre-commit batch): < 3 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
VGG16 = ROOT / "specs" / "vgg16.yaml"
CLEAN = ROOT / "specs" / "cifar10.yaml"


@dataclass
class Result:
    seconds: float  # median wall time
    mib: float  # median peak resident memory
    cpu: float  # median user + system CPU seconds (less sensitive to a busy machine)


def cnnshape() -> list[str]:
    """The installed console script next to this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("cnnshape")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "cnnshape"]


def measure(cmd: list[str], runs: int, ok: tuple[int, ...] = (0,)) -> Result:
    """Median wall time and peak RSS of ``cmd`` over ``runs`` fresh processes."""
    times, peaks, cpus = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        err = proc.stderr.read().decode() if proc.stderr else ""
        if code not in ok:
            raise SystemExit(f"{' '.join(cmd)} exited {code}:\n{err}")
        peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux
        cpus.append(usage.ru_utime + usage.ru_stime)
    return Result(statistics.median(times), statistics.median(peaks), statistics.median(cpus))


def show(label: str, r: Result) -> None:
    print(
        f"  {label:<46} {r.seconds * 1000:9.1f} ms wall {r.cpu * 1000:9.1f} ms CPU {r.mib:8.1f} MiB"
    )


def verdict(what: str, value: float, target: str, met: bool) -> None:
    print(f"  → {what}: {value:.2f} (target {target}): {'MET' if met else 'NOT MET'}")


def write_layers(path: Path, n: int) -> None:
    """A spec of ``n`` layers written out (no repeat): conv/BN/ReLU triples on 16 channels."""
    lines = ["name: generated", "input: [16, 32, 32]", "layers:"]
    cycle = [
        "  - Conv2d: {out_channels: 16, kernel_size: 3, padding: 1}",
        "  - BatchNorm2d",
        "  - ReLU",
    ]
    lines += [cycle[i % 3] for i in range(n)]
    path.write_text("\n".join(lines) + "\n")


def write_batch(folder: Path, n: int) -> list[str]:
    """``n`` small, varied, clean specs, as a repository's pre-commit batch would hold."""
    paths = []
    for i in range(n):
        c, k = 8 + i % 24, 1 + 2 * (i % 3)
        text = (
            f"name: net{i}\ninput: [3, {32 + i % 64}, {32 + i % 64}]\nlayers:\n"
            f"  - Conv2d: {{out_channels: {c}, kernel_size: {k}, padding: {k // 2}}}\n"
            "  - BatchNorm2d\n  - ReLU\n  - MaxPool2d: 2\n"
            f"  - Conv2d: {{out_channels: {2 * c}, kernel_size: 3, padding: 1}}\n"
            "  - ReLU\n  - AdaptiveAvgPool2d: 1\n  - Flatten\n"
            f"  - Linear: {{out_features: {10 + i % 90}}}\n"
        )
        path = folder / f"net{i:03}.yaml"
        path.write_text(text)
        paths.append(str(path))
    return paths


def bench_torchinfo(runs: int) -> None:
    print("a. VGG-16: cnnshape vs torchinfo.summary() (torch on the CPU)")
    ours = measure([*cnnshape(), "check", str(VGG16)], runs)
    theirs = measure([sys.executable, str(BENCH / "vgg16_torchinfo.py")], runs)
    show(f"cnnshape check {VGG16.relative_to(ROOT)}", ours)
    show("torchinfo summary(vgg16, (1, 3, 224, 224))", theirs)
    speed, memory = theirs.seconds / ours.seconds, theirs.mib / ours.mib
    verdict("speed-up", speed, "≥ 15×", speed >= 15)
    verdict("memory ratio", memory, "≥ 10×", memory >= 10)


def bench_floor(runs: int) -> None:
    print("b. start-up: cnnshape check --quiet vs the floor of a typer tool")
    ours = measure([*cnnshape(), "check", "--quiet", str(CLEAN)], runs)
    floor = measure([sys.executable, "-c", "import typer, yaml"], runs)
    show(f"cnnshape check --quiet {CLEAN.relative_to(ROOT)}", ours)
    show('python -c "import typer, yaml"', floor)
    ratio = ours.seconds / floor.seconds
    verdict("time / floor", ratio, "≤ 1.5×", ratio <= 1.5)
    print(f"    (CPU time / floor: {ours.cpu / floor.cpu:.2f})")


def bench_scaling(runs: int, tmp: Path) -> None:
    print("c. scaling: generated specs, --format json")
    results = {}
    for n in (10_000, 100_000):
        path = tmp / f"layers_{n}.yaml"
        write_layers(path, n)
        cmd = [
            *cnnshape(),
            "check",
            "--format",
            "json",
            "--max-bytes",
            "100000000",
            "--max-layers",
            "1000000",
            str(path),
        ]
        results[n] = measure(cmd, runs)
        show(f"{n:,} layers ({path.stat().st_size / 1e6:.1f} MB of YAML)", results[n])
    ratio = results[100_000].seconds / results[10_000].seconds
    verdict("100k / 10k time", ratio, "≤ 12×", ratio <= 12)
    print(f"    (CPU time ratio: {results[100_000].cpu / results[10_000].cpu:.2f})")
    verdict("100k layers, seconds", results[100_000].seconds, "< 2 s", results[100_000].seconds < 2)


def bench_batch(runs: int, tmp: Path) -> None:
    print("d. a pre-commit batch: 500 spec files in one invocation")
    folder = tmp / "batch"
    folder.mkdir()
    paths = write_batch(folder, 500)
    r = measure([*cnnshape(), "check", "--quiet", *paths], runs)
    show("cnnshape check --quiet <500 files>", r)
    verdict("seconds", r.seconds, "< 3 s", r.seconds < 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per case (median taken)")
    parser.add_argument("--only", choices="abcd", help="run one comparison only")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.runs} runs per case")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        cases = {
            "a": lambda: bench_torchinfo(args.runs),
            "b": lambda: bench_floor(args.runs),
            "c": lambda: bench_scaling(max(3, args.runs // 2), tmp),
            "d": lambda: bench_batch(args.runs, tmp),
        }
        for key, case in cases.items():
            if args.only in (None, key):
                case()


if __name__ == "__main__":
    main()
