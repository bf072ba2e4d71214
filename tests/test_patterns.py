"""The gitignore-style matcher: cases worked out from gitignore(5), and git itself as oracle."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cnnshape.commands.patterns import (
    PatternError,
    compile_pattern,
    matches,
    parse_gitignore,
    translate,
)

BASE = Path("/r")

# (pattern, path, is_dir, excluded) read off gitignore(5)'s PATTERN FORMAT section.
CASES = [
    ("*.yaml", "a.yaml", False, True),
    ("*.yaml", "deep/er/a.yaml", False, True),  # no slash: any depth
    ("*.yaml", "a.yml", False, False),
    ("/top.yaml", "top.yaml", False, True),  # leading slash: anchored
    ("/top.yaml", "sub/top.yaml", False, False),
    ("doc/frotz", "doc/frotz", False, True),  # a middle slash anchors too
    ("doc/frotz", "a/doc/frotz", False, False),
    ("build/", "build", True, True),  # trailing slash: folders only
    ("build/", "build", False, False),
    ("build/", "x/build", True, True),
    ("**/foo", "foo", False, True),
    ("**/foo", "a/b/foo", False, True),
    ("**/foo/bar", "x/foo/bar", False, True),
    ("abc/**", "abc/x", False, True),
    ("abc/**", "abc/x/y.yaml", False, True),
    ("abc/**", "abc", True, False),
    ("a/**/b", "a/b", False, True),  # zero folders between
    ("a/**/b", "a/x/y/b", False, True),
    ("a/**/b", "xa/b", False, False),
    ("?.yaml", "a.yaml", False, True),
    ("?.yaml", "ab.yaml", False, False),
    ("[ab].yaml", "b.yaml", False, True),
    ("[!ab].yaml", "b.yaml", False, False),
    ("[!ab].yaml", "c.yaml", False, True),
    ("m*/x.yaml", "models/x.yaml", False, True),
    ("m*/x.yaml", "m/sub/x.yaml", False, False),  # * never crosses '/'
    (r"\*.yaml", "*.yaml", False, True),
    (r"\*.yaml", "a.yaml", False, False),
]


@pytest.mark.parametrize(("pattern", "path", "is_dir", "excluded"), CASES)
def test_pattern(pattern: str, path: str, is_dir: bool, excluded: bool) -> None:
    assert matches([compile_pattern(pattern, BASE)], BASE / path, is_dir) is excluded


def test_negation_last_match_wins() -> None:
    rules = parse_gitignore("*.yaml\n!keep.yaml\n# a comment\n\n", BASE)
    assert matches(rules, BASE / "a.yaml", False)
    assert not matches(rules, BASE / "keep.yaml", False)
    assert not matches(rules, BASE / "a.txt", False)
    again = parse_gitignore("*.yaml\n!keep.yaml\nkeep.yaml\n", BASE)
    assert matches(again, BASE / "keep.yaml", False)


def test_rules_apply_only_below_their_folder() -> None:
    rules = parse_gitignore("/gen.yaml\n", BASE / "sub")
    assert matches(rules, BASE / "sub" / "gen.yaml", False)
    assert not matches(rules, BASE / "gen.yaml", False)


def test_unreadable_patterns() -> None:
    with pytest.raises(PatternError, match="never closed"):
        translate("a[b")
    with pytest.raises(PatternError, match="empty"):
        translate("/")
    assert parse_gitignore("a[b\nc.yaml\n", BASE)[0].text == "c.yaml"  # git skips it too


PATHS = [
    "a.yaml",
    "keep.yaml",
    "top.yaml",
    "sub/top.yaml",
    "sub/a.yml",
    "out/x.yaml",
    "models/gen/x.yaml",
    "models/x.yaml",
    "deep/models/gen/y.yaml",
    "q/logs/z.yaml",
    "q/r/logs/z.yaml",
    "lib/abc/d.yaml",
    "[x].yaml",
]
GITIGNORE = "*.yaml\n!keep.yaml\n!models/**\n/top.yaml\nout/\nmodels/gen\n**/logs/\nlib/**\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_agrees_with_git_check_ignore(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text(GITIGNORE)
    for p in PATHS:
        (tmp_path / p).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / p).write_text("")
    out = subprocess.run(
        ["git", "check-ignore", "--no-index", *PATHS], cwd=tmp_path, capture_output=True, text=True
    ).stdout.split()
    rules = parse_gitignore(GITIGNORE, tmp_path)

    def ignored(rel: str) -> bool:  # as the walk sees it: a folder excluded hides its files
        parts = Path(rel).parts
        folders = [tmp_path.joinpath(*parts[:i]) for i in range(1, len(parts))]
        return any(matches(rules, f, True) for f in folders) or matches(
            rules, tmp_path / rel, False
        )

    assert [p for p in PATHS if ignored(p)] == [p for p in PATHS if p in out]
