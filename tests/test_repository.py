"""`cnnshape check` in a real-looking repository: selection, configuration, stdin, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from scratch_repo import BAD, BAD_LINE, WARN_LINE, finding_lines, make_repo


def cnnshape(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "", "NO_COLOR": "1", "COLUMNS": "200"}
    cmd = [sys.executable, "-m", "cnnshape", *args]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, input=stdin, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "project")
    (root / ".git").mkdir()  # the repository's top, for .gitignore files above a folder
    return root


def test_check_dot_reports_exactly_the_model_findings(repo: Path) -> None:
    r = cnnshape(repo, "check", "-q", ".")
    assert r.returncode == 1, r.stderr
    lines = finding_lines(r.stdout)
    assert [line[: len(BAD_LINE)] for line in lines] == [BAD_LINE, WARN_LINE[: len(BAD_LINE)]]
    assert r.stdout.count("\n") == 2  # nothing from .venv, generated/, workflows, compose
    table = cnnshape(repo, "check", ".")
    assert "note: skipped 1 YAML file that is not a cnnshape spec" in table.stderr
    assert "docker-compose.yaml" in table.stderr


def test_gitignore_above_the_walked_folder_applies(repo: Path) -> None:
    (repo / "models" / ".gitignore").write_text("bad.yaml\n")
    r = cnnshape(repo / "models", "check", "-q", ".")
    assert r.returncode == 0 and "bad.yaml" not in r.stdout
    assert "warn.yaml:3:45: warning W301" in r.stdout
    (repo / ".gitignore").write_text("/models/warn.yaml\n")
    assert cnnshape(repo / "models", "check", "-q", ".").stdout == ""


def test_exclude_option_and_explicit_files(repo: Path) -> None:
    r = cnnshape(repo, "check", "-q", "--exclude", "bad.yaml", ".")
    assert r.returncode == 0 and r.stdout.startswith(WARN_LINE)
    named = cnnshape(repo, "check", "-q", "docker-compose.yaml")
    assert named.returncode == 1 and "E104" in named.stdout  # named: always checked
    forced = cnnshape(repo, "check", "-q", "--force-exclude", "docker-compose.yaml")
    assert forced.returncode == 0 and forced.stdout == ""


def test_nothing_found_is_exit_3(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("services: {}\n")
    r = cnnshape(tmp_path, "check", ".")
    assert r.returncode == 3
    assert "no spec files found" in r.stderr and "compose.yaml" in r.stderr


def test_a_broken_spec_is_still_recognised_and_a_named_spec_suffix_counts(repo: Path) -> None:
    (repo / "models" / "syntax.yaml").write_text("input: [3, 32, 32\nlayers:\n  - ReLU\n")
    (repo / "models" / "odd.cnn.yaml").write_text("network:\n  - ReLU\n")
    out = cnnshape(repo, "check", "-q", "models").stdout
    assert "models/syntax.yaml:1:" in out and "E101" in out  # where the '[' was opened
    assert "models/odd.cnn.yaml:1:1: error E104" in out


def test_pyproject_settings_take_effect_and_the_command_line_wins(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.cnnshape]\nstrict = true\nexclude = ["models/bad.yaml"]\n'
        'columns = "shape,params,macs"\n'
    )
    r = cnnshape(repo, "check", ".")
    assert r.returncode == 1, r.stdout  # strict: the warning fails
    assert "MACs" in r.stdout and "bad.yaml" not in r.stdout
    assert "MACs" not in cnnshape(repo, "check", "--columns", "shape", ".").stdout
    (repo / "pyproject.toml").write_text(
        '[tool.cnnshape]\nstrict = true\n[tool.cnnshape.per-file-ignores]\n"warn.yaml" = ["W301"]\n'
    )
    assert cnnshape(repo, "check", "-q", "models/warn.yaml").returncode == 0


def test_nearest_configuration_wins(repo: Path) -> None:
    (repo / "pyproject.toml").write_text("[tool.cnnshape]\nignore = ['W301']\n")
    assert cnnshape(repo, "check", "-q", "models/warn.yaml").stdout == ""
    (repo / "models" / "cnnshape.toml").write_text("strict = true\n")  # nearer: no ignore
    r = cnnshape(repo, "check", "-q", "models/warn.yaml")
    assert r.returncode == 1 and "W301" in r.stdout
    (repo / "models" / ".cnnshape.toml").write_text("ignore = ['W301']\n")  # before cnnshape.toml
    assert cnnshape(repo, "check", "-q", "models/warn.yaml").returncode == 0


def test_bad_configuration_is_a_located_e114(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.cnnshape]\nstrict = "yes"\nignor = ["W301"]\n'
        "[tool.cnnshape.limits]\nmax-depth = 0\n"
    )
    r = cnnshape(repo, "check", "-q", "models/good.yaml")
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines[0].startswith("pyproject.toml:5:1: error E115 'strict' must be true or false")
    assert lines[1].startswith("pyproject.toml:6:1: error E115 unknown configuration key 'ignor'")
    assert "did you mean 'ignore'" in lines[1]
    assert lines[2].startswith("pyproject.toml:8:1: error E115 'limits.max-depth' must be")
    (repo / "cnnshape.toml").write_text("strict = [\n")
    broken = cnnshape(repo, "check", "-q", "models/good.yaml").stdout
    assert broken.startswith("cnnshape.toml:2:1: error E115 the configuration is not valid TOML")


def test_stdin_with_a_filename_is_configured_and_labelled(repo: Path) -> None:
    r = cnnshape(repo, "check", "-q", "-", "--stdin-filename", "models/bad.yaml", stdin=BAD)
    assert r.returncode == 1 and r.stdout.startswith(BAD_LINE)
    plain = cnnshape(repo, "check", "-q", "-", stdin=BAD)
    assert plain.stdout.startswith("-:3:45: error E201")
    (repo / "cnnshape.toml").write_text("[per-file-ignores]\n'models/*.yaml' = ['W301']\n")
    warn = (repo / "models" / "warn.yaml").read_text()
    quiet = cnnshape(repo, "check", "-q", "-", "--stdin-filename", "models/w.yaml", stdin=warn)
    assert quiet.returncode == 0 and quiet.stdout == ""


def test_usage_line_names_files() -> None:
    r = cnnshape(Path.cwd(), "check", "--help")
    assert " check [OPTIONS] FILES...\n" in r.stdout


def test_git_info_exclude_applies_below_every_gitignore(repo: Path) -> None:
    """The repository's .git/info/exclude ignores files as git does, from the top and from a
    subfolder; a .gitignore, higher in git's precedence, can take a file back."""
    (repo / ".git" / "info").mkdir()
    (repo / ".git" / "info" / "exclude").write_text("# local ignores\nmodels/bad.yaml\n")
    for cwd in (repo, repo / "models"):
        r = cnnshape(cwd, "check", "-q", ".")
        assert r.returncode == 0 and "bad.yaml" not in r.stdout, (cwd, r.stdout)
        assert "warn.yaml:3:45: warning W301" in r.stdout
    gitignore = repo / ".gitignore"
    before = gitignore.read_text() if gitignore.exists() else ""
    gitignore.write_text(before + "!models/bad.yaml\n")
    r = cnnshape(repo, "check", "-q", ".")
    assert r.returncode == 1 and BAD_LINE in r.stdout
