"""`-o` (export and convert) writes only a regular file or a new path, atomically, with the
umask's permissions, never through a symbolic link and never onto its own input.

Special files are made in the test's own folder (a FIFO, a socket, a device node when the
test may make one): no test ever points -o at a real /dev node.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from io_helpers import CIFAR, ROOT, cli, no_traceback

#: The two commands with -o, each as (arguments before -o).
COMMANDS = {
    "export": ("export", str(CIFAR)),
    "convert": ("convert", "--fc-to-conv", str(CIFAR)),
}


def _refused(p: subprocess.CompletedProcess[str], words: str) -> None:
    assert p.returncode == 2, p.stderr
    assert words in p.stderr and no_traceback(p.stderr)
    assert len(p.stderr.strip().splitlines()) == 1, p.stderr  # one line, nothing else


@pytest.mark.parametrize("command", COMMANDS)
def test_a_fifo_target_is_refused_not_replaced_nor_opened(command: str, tmp_path: Path) -> None:
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    p = cli(*COMMANDS[command], "-o", fifo)  # an open for writing would block: timeout fails
    _refused(p, "is a FIFO (named pipe); -o writes only a regular file or a new path")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(tmp_path.iterdir()) == [fifo]  # no temporary file left


@pytest.mark.parametrize("command", COMMANDS)
def test_a_socket_and_a_folder_are_refused(command: str, tmp_path: Path) -> None:
    sock_path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        _refused(cli(*COMMANDS[command], "-o", sock_path), "is a socket")
        assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)
    _refused(cli(*COMMANDS[command], "-o", tmp_path), "is a folder")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_device_node_is_refused(command: str, tmp_path: Path) -> None:
    """A character device like /dev/null, made in tmp (needs root; skipped otherwise)."""
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the null device
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here")
    _refused(cli(*COMMANDS[command], "-o", node), "is a character device")
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_dev_null_is_refused_before_anything_is_written() -> None:
    """Only the check (an lstat), never a write: /dev/null itself is not touched."""
    from cnnshape.outfile import OutputError, check_target

    with pytest.raises(OutputError, match=r"^/dev/null is a character device; "):
        check_target(Path("/dev/null"))


@pytest.mark.parametrize("command", COMMANDS)
def test_a_symlink_target_is_refused_and_names_the_real_path(command: str, tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("mine\n")
    link = tmp_path / "link"
    link.symlink_to(real)
    _refused(cli(*COMMANDS[command], "-o", link), f"is a symbolic link (to {real}); ")
    assert link.is_symlink() and real.read_text() == "mine\n"
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    _refused(cli(*COMMANDS[command], "-o", dangling), "is a symbolic link")
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_the_input_is_never_overwritten(command: str, tmp_path: Path) -> None:
    spec = tmp_path / "net.yaml"
    text = CIFAR.read_text(encoding="utf-8")
    spec.write_text(text, encoding="utf-8")
    args = [a if a != str(CIFAR) else str(spec) for a in COMMANDS[command]]
    _refused(cli(*args, "-o", spec), "is the input file; refusing to overwrite it")
    hard = tmp_path / "same.yaml"
    os.link(spec, hard)  # another name for the same file
    _refused(cli(*args, "-o", hard), "is the input file")
    assert spec.read_text(encoding="utf-8") == text


def test_convert_in_place_replaces_the_input_keeping_its_mode(tmp_path: Path) -> None:
    spec = tmp_path / "net.yaml"
    spec.write_text(CIFAR.read_text(encoding="utf-8"), encoding="utf-8")
    spec.chmod(0o604)
    p = cli("convert", "--fc-to-conv", spec, "--in-place")
    assert p.returncode == 0, p.stderr
    assert "Conv2d: {out_channels: 128, kernel_size: 8}" in spec.read_text(encoding="utf-8")
    assert stat.S_IMODE(spec.stat().st_mode) == 0o604
    assert cli("convert", "--fc-to-conv", spec, "--in-place", "-o", tmp_path / "x").returncode == 2


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_a_new_file_follows_the_umask(command: str, umask: int, tmp_path: Path) -> None:
    out = tmp_path / "out"
    p = cli(*COMMANDS[command], "-o", out, umask=umask)
    assert p.returncode == 0, p.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("command", COMMANDS)
def test_a_replaced_file_keeps_its_mode(command: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("old\n")
    out.chmod(0o640)
    p = cli(*COMMANDS[command], "-o", out, umask=0o077)
    assert p.returncode == 0, p.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_text() != "old\n"


def test_a_missing_folder_is_one_line_exit_2(tmp_path: Path) -> None:
    for command in COMMANDS.values():
        _refused(cli(*command, "-o", tmp_path / "no" / "x"), "does not exist")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_folder_is_one_line_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o555)
    for command in COMMANDS.values():
        _refused(cli(*command, "-o", folder / "x"), "Permission denied")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk while writing: the existing file stays whole, the temporary goes."""
    from cnnshape.outfile import OutputError, write_text

    out = tmp_path / "out.py"
    out.write_text("old\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match=r"cannot write .*out.py: No space left on device$"):
        write_text(out, "new\n")
    assert out.read_text() == "old\n" and sorted(tmp_path.iterdir()) == [out]


def test_concurrent_converts_never_show_a_partial_file(tmp_path: Path) -> None:
    """Runs writing two different results to one -o while a reader polls it: every read is
    one whole result (a truncate-then-write leaves moments of empty or mixed text)."""
    out = tmp_path / "conv.yaml"
    base = [sys.executable, "-m", "cnnshape", "convert", "--fc-to-conv", str(CIFAR), "-o", str(out)]
    sizes = ["3x32x32", "3x64x64"]  # the 8×8 or the 16×16 kernel: two texts
    wholes = set()
    for size in sizes:
        p = subprocess.run([*base, "-i", size], capture_output=True, text=True, cwd=ROOT)
        assert p.returncode == 0, p.stderr
        wholes.add(out.read_text(encoding="utf-8"))
    assert len(wholes) == 2
    seen: list[str] = []
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            seen.append(out.read_text(encoding="utf-8"))
            time.sleep(0.0005)

    reader = threading.Thread(target=poll)
    reader.start()
    runs = [
        subprocess.Popen([*base, "-i", sizes[i % 2]], stderr=subprocess.PIPE, cwd=ROOT)
        for i in range(8)
    ]
    codes = [r.wait(timeout=120) for r in runs]
    done.set()
    reader.join()
    assert codes == [0] * 8
    assert seen and set(seen) <= wholes
    assert out.read_text(encoding="utf-8") in wholes
    assert sorted(tmp_path.iterdir()) == [out]
