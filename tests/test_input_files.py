"""Reading specs and walking folders: only regular files are opened, every command reads the
same way, walks are iterative and say what they could not read or did not find."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from io_helpers import CIFAR, cli, no_traceback
from typer.testing import CliRunner

from cnnshape.cli import app
from cnnshape.diagnostics import SpecError

FIFO_FINDING = "1:1: error E100 not a regular file: a FIFO (named pipe); cnnshape reads only"


def _fifo(folder: Path, name: str = "net.yaml") -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "args",
    [("check",), ("check", "-q"), ("sizes",), ("convert", "--fc-to-conv"), ("export",)],
)
def test_a_fifo_spec_is_a_finding_not_a_hang(args: tuple[str, ...], tmp_path: Path) -> None:
    fifo = _fifo(tmp_path)
    p = cli(*args, fifo)  # opening the FIFO would block with no writer: the timeout fails
    assert p.returncode == 1 and no_traceback(p.stderr)
    assert f"{fifo}:{FIFO_FINDING}" in " ".join((p.stdout + p.stderr).split())  # table wraps


def test_a_fifo_inside_a_folder_scan(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(CIFAR.read_text(encoding="utf-8"), encoding="utf-8")
    fifo = _fifo(tmp_path, "pipe.yaml")
    p = cli("check", "-q", tmp_path)
    assert p.returncode == 1 and p.stdout == f"{fifo}:{FIFO_FINDING} regular files\n"


def test_1200_nested_folders_are_walked(tmp_path: Path) -> None:
    deep = str(tmp_path)
    try:
        for _ in range(1200):  # pathlib's and os's makedirs recurse: one level at a time
            deep += "/d"
            os.mkdir(deep)
        Path(deep, "net.yaml").write_text(CIFAR.read_text(encoding="utf-8"), encoding="utf-8")
        p = cli("check", "-q", "--format", "json", tmp_path)
    finally:  # pytest's clean-up (shutil.rmtree) recurses too; rm does not
        subprocess.run(["rm", "-rf", str(tmp_path / "d")], check=True)
    assert p.returncode == 0 and no_traceback(p.stderr), p.stderr[-500:]
    assert f"{tmp_path}/d/d/d/" in p.stdout and "/d/net.yaml" in p.stdout


def test_a_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "net.yaml").write_text(CIFAR.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    p = cli("check", "-q", "--format", "json", tmp_path)
    assert p.returncode == 0, p.stderr
    assert [f["path"] for f in json.loads(p.stdout)["files"]] == [str(tmp_path / "net.yaml")]


def test_an_unreadable_subfolder_is_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permission denied on one folder (simulated, so the test also runs as root)."""
    (tmp_path / "net.yaml").write_text(CIFAR.read_text(encoding="utf-8"), encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.yaml").write_text("input: [4]\nlayers: [ReLU]\n")
    real = os.scandir

    def scandir(path: str | Path) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = CliRunner().invoke(app, ["check", "-q", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"{locked}:1:1: error E100 cannot read the folder: Permission denied; "
        "the specs in it were not checked\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder")
def test_a_chmod_000_subfolder_is_a_finding(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.yaml").write_text("input: [4]\nlayers: [ReLU]\n")
    locked.chmod(0)
    try:
        p = cli("check", "-q", tmp_path)
    finally:
        locked.chmod(0o755)
    assert p.returncode == 1 and "cannot read the folder: Permission denied" in p.stdout


def test_an_empty_folder_is_exit_3_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a spec")
    p = cli("check", tmp_path)
    assert p.returncode == 3 and p.stdout == ""
    assert p.stderr.startswith(f"cnnshape: no spec files found in {tmp_path} ")
    p = cli("check", "-q", tmp_path, CIFAR)  # other files found: their exit code
    assert p.returncode == 0 and no_traceback(p.stderr)


@pytest.mark.parametrize("args", [("check", "-q"), ("sizes",), ("convert", "--fc-to-conv")])
def test_proc_self_mem_is_a_finding(args: tuple[str, ...]) -> None:
    p = cli(*args, "/proc/self/mem")
    assert p.returncode == 1 and no_traceback(p.stderr), p.stderr
    assert "/proc/self/mem:1:1: error E100 cannot read the file: " in p.stdout + p.stderr


def test_a_huge_max_bytes_reads_only_the_file() -> None:
    """--max-bytes 100000000000 used to preallocate 100 GB (MemoryError)."""
    p = cli("check", "-q", "--max-bytes", "100000000000", CIFAR)
    assert p.returncode == 0 and p.stdout == "" and no_traceback(p.stderr), p.stderr


def test_reading_is_chunked_and_stops_one_byte_past_the_limit(tmp_path: Path) -> None:
    from cnnshape.infile import read_bytes

    spec = tmp_path / "x.yaml"
    spec.write_bytes(b"a" * 200_000)
    assert read_bytes(spec, 200_000) == b"a" * 200_000
    assert read_bytes(spec, 10**15) == b"a" * 200_000  # nothing preallocated
    assert len(read_bytes(Path("/proc/self/status"), 10**6)) > 0  # st_size 0, still read


def test_a_missing_file_is_a_finding_not_an_exception(tmp_path: Path) -> None:
    from cnnshape.infile import read_bytes

    with pytest.raises(SpecError) as e:
        read_bytes(tmp_path / "none.yaml", 100)
    assert e.value.diagnostic.code == "E100" and "No such file" in e.value.diagnostic.message


def test_convert_uses_the_parser_check_uses(tmp_path: Path) -> None:
    """A byte-order mark on a line of its own: libyaml (check) accepts it, PyYAML's Python
    parser crashed on it. Converting keeps it and the rest of the text."""
    spec = tmp_path / "bom.yaml"
    spec.write_text(
        "input: [3, 8, 8]\n\ufeff\nlayers:\n  - Conv2d: {out_channels: 4, kernel_size: 3}\n"
        "  - Flatten\n  - Linear: {out_features: 10}   # head\n",
        encoding="utf-8",
    )
    assert cli("check", "-q", spec).returncode == 0
    p = cli("convert", "--fc-to-conv", spec)
    assert p.returncode == 0 and no_traceback(p.stderr), p.stderr
    # Conv 4×6×6 volume → a 6×6 convolution of 10 filters: 4·6·6·10 + 10 = 1,450 parameters
    assert p.stdout == (
        "input: [3, 8, 8]\n\ufeff\nlayers:\n  - Conv2d: {out_channels: 4, kernel_size: 3}\n"
        "  - Conv2d: {out_channels: 10, kernel_size: 6}   # head\n"
    )
    assert "1,562 parameters both ways" in p.stderr  # 4·3·3·3 + 4 = 112, plus 1,450
