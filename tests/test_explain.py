"""Every code has an explain page whose examples really trigger (and fix) it, an example
spec in specs/bad/, and a row in the generated table of codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cnnshape.check import Options, check_file, check_text
from cnnshape.commands.config import read
from cnnshape.commands.explain import document, markdown, page
from cnnshape.diagnostics import CODES, Diagnostic, Severity
from cnnshape.explain import EXPLAIN

ROOT = Path(__file__).resolve().parent.parent
# A finding about configuration (E115) cannot live in a spec: its example is a configuration
# file, specs/bad/E115_*.toml, read as cnnshape.toml would be.
BAD = sorted((ROOT / "specs" / "bad").glob("*.yaml")) + sorted(
    (ROOT / "specs" / "bad").glob("*.toml")
)


def findings(path: Path) -> list[Diagnostic]:
    if path.suffix == ".toml":
        config = read(path)
        assert config is not None
        return config.errors
    return check_file(path, Options()).diagnostics


def codes_of(text: str, **opts: object) -> list[str]:
    report = check_text(text, "t.yaml", Options(**opts))  # type: ignore[arg-type]
    return [d.code for d in report.diagnostics]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cnnshape", *args], capture_output=True, text=True)


def test_every_code_has_a_page_and_nothing_else_does() -> None:
    assert list(EXPLAIN) == list(CODES)


@pytest.mark.parametrize("code", [c for c, p in EXPLAIN.items() if p.runnable])
def test_bad_example_triggers_the_code_and_fixed_example_is_clean(code: str) -> None:
    assert code in codes_of(EXPLAIN[code].bad)
    assert codes_of(EXPLAIN[code].fixed) == []


def test_e100_example_as_bytes(tmp_path: Path) -> None:
    """E100 is about bytes, so its example is checked as files saved in two encodings."""
    latin1, utf8 = tmp_path / "latin1.yaml", tmp_path / "utf8.yaml"
    latin1.write_bytes(EXPLAIN["E100"].bad.encode("latin-1"))
    utf8.write_bytes(EXPLAIN["E100"].fixed.encode("utf-8"))
    assert [d.code for d in check_file(latin1, Options()).diagnostics] == ["E100"]
    assert check_file(utf8, Options()).diagnostics == []


def test_every_code_is_triggered_by_a_spec_in_specs_bad() -> None:
    found: dict[str, set[str]] = {}
    for path in BAD:
        found[path.name] = {d.code for d in findings(path)}
    for name, codes in found.items():
        assert name[:4] in codes, f"{name} does not trigger {name[:4]}"
    assert set(CODES) <= set().union(*found.values())
    assert {name[:4] for name in found} == set(CODES)


def test_warning_pages_show_how_to_silence_and_the_advice_works() -> None:
    text = page("W301")
    assert "ignore: [W301]" in text and "--ignore W301" in text
    bad = EXPLAIN["W301"].bad
    silenced = bad.replace("stride: 4}", "stride: 4, ignore: [W301]}")
    assert "W301" in codes_of(bad)
    assert codes_of(silenced) == []
    assert codes_of(bad, ignore=frozenset({"W301"})) == []


@pytest.mark.parametrize("code", [c for c in CODES if CODES[c].severity is Severity.ERROR])
def test_error_pages_say_errors_cannot_be_silenced(code: str) -> None:
    assert "Errors cannot be silenced" in page(code)


def test_explain_command() -> None:
    one = cli("explain", "e201")
    assert one.returncode == 0
    for heading in ("What it means", "Rule", "A spec that triggers it", "Fixed", "Silencing it"):
        assert f"\n{heading}\n" in one.stdout
    assert one.stdout.startswith("E201 (error): ")
    listing = cli("explain")
    assert listing.returncode == 0
    assert [line[:4] for line in listing.stdout.splitlines()[: len(CODES)]] == list(CODES)
    unknown = cli("explain", "E999")
    assert unknown.returncode == 2 and "E999" in unknown.stderr


def test_docs_codes_table_is_generated() -> None:
    """docs/codes.md is `cnnshape explain --markdown`; regenerate it when CODES changes."""
    assert (ROOT / "docs" / "codes.md").read_text() == document()
    assert cli("explain", "--markdown").stdout == document()
    assert document().startswith(markdown())
    headings = [line for line in document().splitlines() if line.startswith("### ")]
    assert headings == [f"### {code}" for code in CODES]  # GitHub anchors #e101 … (helpUri)
    rows = [line for line in markdown().splitlines() if line.startswith("| `")]
    assert [row[3:7] for row in rows] == list(CODES)


def test_codes_table_lives_only_in_docs_codes() -> None:
    """The generated table is in docs/codes.md alone: a copy elsewhere would drift."""
    header = "| Code | Severity | Finding | Rule |"
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    holders = [p.name for p in pages if header in p.read_text()]
    assert holders == ["codes.md"]
