"""A long fuzz run of the command line: mutated specs through check, sizes, export and convert.

    python bench/long_fuzz.py --minutes 20 [--seed 1] [--workers 2]

Each case mutates a spec from specs/ (zoo and bad ones included): flipped bytes, deleted or
doubled lines, numbers replaced by hostile ones (NaN, ±inf, 400 digits, 0, -1, 1e308),
names replaced by hostile Unicode (line breaks of every kind, control characters, RTL
override, NFKC-folding letters, keywords), truncation. It runs one command on it as a
whole process under a 2 GiB address-space cap and a 20 s timeout, and fails the case on a
traceback, a timeout or an exit code other than 0, 1 or 2. It prints the figures and every
failing case (saved under --out) at the end; the exit code is 1 if any case failed.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").rglob("*.yaml"))
NUMBERS = [".nan", ".inf", "-.inf", "1" * 400, "0", "-1", "1e308", "-0.0", "3.5", "true", "2e9"]
NAMES = ["a\nb", "a\rb", "a\u2028b", "x\x1b[2Jy", "\u202eevil", "ﬁ", "ｆ", "x²", "training",
         "forward", "__class__", "for", "a\x00b", "日本", "#x", "'\"", "\\\\"]  # fmt: skip
COMMANDS = ["check", "check-json", "check-md", "sizes", "export", "export-o", "convert"]
CAP = 2 << 30


def mutate(text: str, r: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(r.randint(1, 4)):
        pick = r.random()
        if pick < 0.25 and text:
            i = r.randrange(len(text))
            text = text[:i] + chr(r.randrange(32, 127)) + text[i + 1 :]
            lines = text.split("\n")
            continue
        if pick < 0.4 and len(lines) > 1:
            del lines[r.randrange(len(lines))]
        elif pick < 0.5:
            i = r.randrange(len(lines))
            lines.insert(i, lines[i])
        elif pick < 0.75:
            i = r.randrange(len(lines))
            lines[i] = re.sub(r"\b\d+\b", lambda _: r.choice(NUMBERS), lines[i], count=1)
        elif pick < 0.9:
            i = r.randrange(len(lines))
            lines[i] = re.sub(r"name: \w+", lambda _: f"name: {r.choice(NAMES)!r}", lines[i])
        else:
            lines = lines[: r.randrange(1, len(lines) + 1)]
        text = "\n".join(lines)
    return text


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def run_case(spec: Path, command: str, work: Path) -> tuple[str, int | None, str]:
    exe = [sys.executable, "-m", "cnnshape"]
    args = {
        "check": ["check", "-q", str(spec)],
        "check-json": ["check", "--format", "json", "--columns", "all", str(spec)],
        "check-md": ["check", "--format", "markdown", str(spec)],
        "sizes": ["sizes", str(spec), "--range", "1:64"],
        "export": ["export", str(spec)],
        "export-o": ["export", str(spec), "-o", str(work / "out.py")],
        "convert": ["convert", "--fc-to-conv", str(spec), "-o", str(work / "out.yaml")],
    }[command]
    try:
        p = subprocess.run(
            exe + args, capture_output=True, text=True, timeout=20, preexec_fn=_cap, cwd=work
        )
    except subprocess.TimeoutExpired:
        return command, None, "timeout"
    return command, p.returncode, p.stderr[-2000:]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "cnnshape-fuzz")
    opts = ap.parse_args()
    opts.out.mkdir(parents=True, exist_ok=True)
    r = random.Random(opts.seed)
    end = time.monotonic() + opts.minutes * 60
    runs: Counter[str] = Counter()
    codes: Counter[int] = Counter()
    failures: list[str] = []
    n = 0

    def one(k: int, text: str, command: str) -> tuple[int, str, str, int | None, str]:
        work = opts.out / f"w{k % opts.workers}"
        work.mkdir(exist_ok=True)
        spec = work / f"case{k}.yaml"
        spec.write_text(text, encoding="utf-8", errors="surrogatepass")
        cmd, code, err = run_case(spec, command, work)
        spec.unlink()
        return k, text, cmd, code, err

    with ThreadPoolExecutor(opts.workers) as pool:
        while time.monotonic() < end:
            batch = []
            for _ in range(opts.workers * 4):
                base = r.choice(SPECS).read_text(encoding="utf-8", errors="replace")
                batch.append((n, mutate(base, r), r.choice(COMMANDS)))
                n += 1
            for k, text, cmd, code, err in pool.map(lambda a: one(*a), batch):
                runs[cmd] += 1
                if code is not None:
                    codes[code] += 1
                if code not in (0, 1, 2) or "Traceback" in err:
                    saved = opts.out / f"failure{k}.yaml"
                    saved.write_text(text, encoding="utf-8", errors="surrogatepass")
                    failures.append(f"{cmd}: exit {code} on {saved}: {err.strip()[-300:]}")
    total = sum(runs.values())
    print(f"{total:,} runs in {opts.minutes:g} min: {dict(runs)}; exit codes {dict(codes)}")
    print(f"failures: {len(failures)}")
    for f in failures[:20]:
        print("  " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
