"""A full, broken or closed stdout (or stderr) is one line on stderr and exit 2, for every
command: no traceback, no "Exception ignored" from Python's shutdown flush."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from io_helpers import CIFAR, ROOT, TIMEOUT, cli, no_traceback

BAD = ROOT / "specs" / "bad" / "E206_in_features.yaml"

#: Every command, with arguments that make it print to stdout.
COMMANDS = [
    ("check", str(CIFAR)),
    ("check", "-q", str(BAD)),
    ("check", "--format", "json", str(CIFAR)),
    ("check", "--format", "markdown", str(CIFAR)),
    ("check", "--format", "sarif", str(CIFAR)),
    ("check", "--format", "github", str(BAD)),
    ("export", str(CIFAR)),
    ("sizes", str(CIFAR)),
    ("sizes", "--format", "json", str(CIFAR)),
    ("convert", "--fc-to-conv", str(CIFAR)),
    ("schema",),
    ("layers",),
    ("new",),
    ("explain",),
    ("explain", "E100"),
    ("explain", "--markdown"),
    ("--version",),
    ("--help",),
    ("check", "--help"),
]


def _one_line(p: subprocess.CompletedProcess[str], reason: str) -> None:
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert no_traceback(p.stderr), p.stderr
    assert p.stderr.endswith(f"cnnshape: cannot write the output: {reason}\n"), p.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_stdout(args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        p = cli(*args, stdout=full, stderr=subprocess.PIPE, capture_output=False)
    _one_line(p, "No space left on device")


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_closed_stdout(args: tuple[str, ...]) -> None:
    """`cnnshape ... >&-`: descriptor 1 is closed before Python starts."""
    p = cli(*args, stdout=None, stderr=subprocess.PIPE, capture_output=False,
            preexec_fn=lambda: os.close(1))  # fmt: skip
    _one_line(p, "Bad file descriptor")


def test_stdout_closed_after_start() -> None:
    """Descriptor 1 closed while Python runs (sys.stdout exists but cannot write)."""
    code = (
        "import os, runpy, sys; os.close(1); "
        f"sys.argv = ['cnnshape', 'check', {str(CIFAR)!r}]; "
        "runpy.run_module('cnnshape', run_name='__main__')"
    )
    p = subprocess.run(
        [sys.executable, "-c", code], stderr=subprocess.PIPE, text=True, cwd=ROOT,
        timeout=TIMEOUT, env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    _one_line(p, "Bad file descriptor")


def _big_spec(folder: Path) -> Path:
    """A spec whose report is hundreds of kilobytes in every format: far more than a pipe
    buffers, so the program is still writing when the reader goes away."""
    spec = folder / "big.yaml"
    layers = "  - Linear: {out_features: 8}\n  - ReLU\n" * 1200  # a list: nothing folds
    spec.write_text("input: [8]\nlayers:\n" + layers)
    return spec


@pytest.mark.parametrize("fmt", ["json", "table", "markdown"])
def test_a_reader_that_stops_after_one_byte(fmt: str, tmp_path: Path) -> None:
    """`cnnshape check --format json big.yaml | head -c1`."""
    spec = _big_spec(tmp_path)
    cmd = [sys.executable, "-m", "cnnshape", "check", "--format", fmt, str(spec)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None and proc.stderr is not None
    assert len(proc.stdout.read(1)) == 1
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=TIMEOUT) == 2, err
    assert no_traceback(err) and err == "cnnshape: cannot write the output: Broken pipe\n", err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_stderr_is_exit_2_without_a_traceback() -> None:
    """Findings go to stderr in export; with stderr full there is no one to tell: exit 2."""
    with open("/dev/full", "w") as full:
        p = subprocess.run(
            [sys.executable, "-m", "cnnshape", "export", str(BAD)],
            stdout=subprocess.PIPE, stderr=full, cwd=ROOT, timeout=TIMEOUT,
        )  # fmt: skip
    assert p.returncode == 2 and p.stdout == b""
