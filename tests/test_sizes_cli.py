"""`cnnshape sizes` at the command line: the default range, a band of sizes, the progress bar."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

# MaxPool2d(4) then Flatten then Linear(in_features=49): the pooled map is ⌊n/4⌋ × ⌊n/4⌋
# with 1 channel, and 49 = 7·7, so only n with ⌊n/4⌋ = 7 fit: 28, 29, 30, 31. 28 = 4·7
# reads every pixel (exact); 29–31 leave 1–3 edge rows unread (lossy).
BAND = (
    "input: [1, 28, 28]\nlayers:\n  - MaxPool2d: 4\n  - Flatten\n"
    "  - Linear: {in_features: 49, out_features: 10}\n"
)


def sizes(path: Path, *args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "cnnshape", "sizes", str(path), *args]
    return subprocess.run(cmd, text=True, timeout=120, **kw)  # type: ignore[call-overload, no-any-return]


def test_default_range_includes_the_specs_own_size_and_a_band_is_a_band(tmp_path: Path) -> None:
    spec = tmp_path / "mnist.yaml"
    spec.write_text(BAND)
    r = sizes(spec, capture_output=True)
    assert r.returncode == 0, r.stderr
    assert "from 28 to 1024" in r.stdout  # 32:1024 widened down to the spec's 28
    last = r.stdout.splitlines()[-1]
    assert last.startswith("mnist.yaml takes only 28–31 (28×28 to 31×31): at 27×27 and at 32×32")
    assert "at least" not in last
    assert "1 exact, 3 lose edge rows/columns" in last
    assert r.stderr == ""  # piped: no progress bar


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    spec = tmp_path / "mnist.yaml"
    spec.write_text(BAND)
    leader, follower = pty.openpty()
    env = os.environ | {"COLUMNS": "100", "TERM": "xterm"}
    r = sizes(spec, "--range", "1:600", stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    seen = b""
    try:
        while chunk := os.read(leader, 65536):
            seen += chunk
    except OSError:  # the terminal closes when the process has gone
        pass
    os.close(leader)
    assert r.returncode == 0
    assert b"trying sizes" in seen and b"/600" in seen, seen[:300]
    assert "trying sizes" not in r.stdout
