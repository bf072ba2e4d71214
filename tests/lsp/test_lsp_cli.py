"""`cnnshape lsp` is a thin command: without pygls it says how to install it (exit 2)."""

from __future__ import annotations

import subprocess
import sys

WITHOUT_PYGLS = (
    "import sys; sys.modules['pygls'] = None; sys.argv = ['cnnshape', 'lsp']; "
    "from cnnshape.main import main; main()"
)


def test_without_pygls_one_line_hint_and_exit_2() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_PYGLS], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "cnnshape lsp needs pygls: pip install 'cnnshape[lsp]'\n"


def test_check_does_not_import_the_server() -> None:
    code = (
        "import sys; sys.argv = ['cnnshape', 'check', '-q', 'specs/cifar10.yaml']\n"
        "from cnnshape.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'pygls' not in sys.modules and 'cnnshape.lsp.server' not in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
