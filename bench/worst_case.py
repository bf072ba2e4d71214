"""The worst specs within the default limits, through every command, under a memory cap.

    python bench/worst_case.py [--quick] [--timeout 10] [--cap-gib 2]

Each spec is as large as the defaults let it be (--max-layers nodes, --max-bytes of text,
--max-work layer checks for `sizes`); each command runs in a fresh process with its
address space capped (RLIMIT_AS) and a timeout. Prints one line per run: seconds, peak
RSS, exit code; exits 1 if any run times out, is killed, or prints a traceback.
--quick runs a few of them at a tenth of the size (what the test suite does).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cnnshape.limits import Limits

L = Limits()
FORMATS = ("table", "json", "concise", "github", "sarif", "markdown")


def _growing(nodes: int) -> str:
    """As many layers as ``nodes`` allows, none folded in the table (each has a new shape):
    repeat a of repeat b of one layer costs 1 + a·(2 + 2b) nodes."""
    a = 10
    b = max(1, (nodes - 1) // a // 2 - 1)
    return (
        f"input: [1, 1, 1]\nlayers:\n  - repeat: {a}\n    layers:\n      - repeat: {b}\n"
        "        layers: [ZeroPad2d: [0, 1, 0, 0]]\n"
    )


def _nested_empty() -> str:
    body = "layers: []"
    for _ in range(40):
        body = f"layers: [{{repeat: {L.max_repeat}, {body}}}]"
    return f"input: [3, 8, 8]\n{body}\n"


def _wide(branches: int) -> str:
    """One parallel form of ``branches`` one-layer branches (an alias keeps the text short)."""
    return (
        "input: [1, 4, 4]\nlayers:\n  - parallel:\n      branches: [&b [ReLU]"
        + ", *b" * (branches - 1)
        + "]\n"
    )


def _unknown_names(n: int) -> str:
    """Many named layers, then many Concat/Add of names that do not exist (E113 each)."""
    lines = ["input: [1, 4, 4]", "layers:"]
    lines += [f"  - {{ReLU: {{name: n{i}}}}}" for i in range(n)]
    lines += [f"  - {{Add: {{from: x{i}}}}}" for i in range(n)]
    return "\n".join(lines) + "\n"


def _unknown_types() -> str:
    name = "Q" * 1000
    lines = ["input: [1, 4, 4]", "blocks:"]
    lines += [f"  b{i}: {{layers: []}}" for i in range(5000)]
    lines += ["layers:"] + [f"  - {name}{i}" for i in range(800)]
    return "\n".join(lines) + "\n"


def _sizes_worst() -> str:
    """As many nodes as --max-work lets `sizes` check over its default range (1,025 sizes)."""
    return _growing(L.max_work // 1025)


def specs(scale: float) -> dict[str, str]:
    n = int(L.max_layers * scale)
    return {
        "max_layers": _growing(n),
        "nested_empty_repeats": _nested_empty(),
        "wide_parallel": _wide(n // 2 - 1),  # a branch is 2 nodes: its group and its layer
        "unknown_from_names": _unknown_names(n // 2 - 1),
        "long_unknown_types": _unknown_types(),
        "sizes_budget": _sizes_worst(),
    }


def commands(name: str, path: str) -> list[list[str]]:
    if name == "sizes_budget":
        return [["sizes", path], ["sizes", path, "--format", "json"]]
    runs = [["check", path, "--format", f] for f in FORMATS]
    runs += [["check", path, "--columns", "all", "--batch", "8"]]
    runs += [["check", path, "--format", "json", "--columns", "all"]]
    runs += [["export", path, "--to", "pytorch"], ["convert", path, "--fc-to-conv"]]
    runs += [["sizes", path, "--range", "1:10000"]]
    return runs


def run(args: list[str], timeout: float, cap: int) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds, peak RSS in MiB, exit code or what stopped it)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    # GNU time reports this run's own peak (its child inherits the cap).
    cmd = ["/usr/bin/time", "-f", "%U %S %M", sys.executable, "-m", "cnnshape", *args]
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=limit
    )
    try:
        _, err = proc.communicate(timeout=timeout)
        *rest, last = err.decode(errors="replace").rstrip().split("\n")
        user, system, peak = last.split()
        rss, cpu = int(peak) // 1024, float(user) + float(system)
        err = "\n".join(rest).encode()
        status = str(proc.returncode)
        if b"Traceback" in err or proc.returncode not in (0, 1, 2):
            status = f"FAIL({proc.returncode}): {err.decode()[-300:]}"
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        status, rss, cpu = "TIMEOUT", -1, -1.0
    return time.perf_counter() - start, cpu, rss, status


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--cap-gib", type=float, default=2.0)
    opts = parser.parse_args()
    cap = int(opts.cap_gib * (1 << 30))
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in specs(0.1 if opts.quick else 1.0).items():
            path = os.path.join(tmp, f"{name}.yaml")
            Path(path).write_text(text)
            runs = commands(name, path)[:3] if opts.quick else commands(name, path)
            for args in runs:
                wall, cpu, rss, status = run(args, opts.timeout, cap)
                shown = " ".join(a if a != path else f"{name}.yaml" for a in args)
                line = f"{wall:6.2f} s wall {cpu:6.2f} s CPU {rss:5d} MiB  {status:>4}  {shown}"
                print(line, flush=True)
                bad += not status.isdigit()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
