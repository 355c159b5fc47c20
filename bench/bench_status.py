"""Benchmark: how fast `status` answers on vaults of 1,000, 10,000 and 100,000 contacts.

Each measure runs beside its baselines in the same run, on the same files:

- cold `status --no-cache`   vs the floor (read + C-loader front matter + log scan, in one
  process) and a naive loop of `frontmatter.load`, and reading the raw bytes;
- warm `status` (cache valid) vs `python -c pass` and `python -c "import click"`;
- `status` after one file changed (each run changes one file first);
- `--help`                    vs `python -c "import click"`;
- peak memory (max RSS) of cold and warm `status`.

Usage: python bench/bench_status.py [--sizes 1000,10000,100000] [--write docs/performance.md]
Vaults are generated once (deterministic, bench/generate.py) under bench/vaults/; network-md is
installed (not editable) into bench/.venv, so every run measures the code as users get it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate, machine  # noqa: E402

VENV = (
    HERE / ".venv"
)  # a regular (not editable) install, as a user has it: compiled .pyc, no import hooks
PY = str(VENV / "bin" / "python")
SCRIPT = str(VENV / "bin" / "network-md")
TODAY = "2026-11-27"
ENV = {
    k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"
}  # as installed: .pyc used
GOALS = {  # issue 5, in seconds (None: no goal at that size)
    "warm": {10_000: 0.150, 100_000: 1.2},
    "one_changed": {10_000: 0.170, 100_000: 1.3},
    "memory_mb": {10_000: 150, 100_000: 800},
}

FLOOR = r"""
import re, sys, os, yaml
from pathlib import Path
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
entry = re.compile(r"^[ \t]*[-*+][ \t]+([0-9]{4}-[0-9]{2}-[0-9]{2})[ \t]+([A-Za-z0-9-]+)[ \t]*(?:\(([^)\n]*)\))?[ \t]*:(.*)$", re.M)
n = 0
for path in sorted(Path(sys.argv[1]).rglob("*.md")):
    text = path.read_bytes().decode("utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        yaml.load(text[4:end], Loader=loader)
        body = text[end + 4:]
    else:
        body = text
    n += len(entry.findall(body))
print(n)
"""
NAIVE = r"""
import sys, frontmatter
from pathlib import Path
print(sum(len(frontmatter.load(p).content) for p in sorted(Path(sys.argv[1]).rglob("*.md"))))
"""
READ = r"""
import sys
from pathlib import Path
print(sum(len(p.read_bytes()) for p in sorted(Path(sys.argv[1]).rglob("*.md"))))
"""


def run(argv: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(argv)}: {proc.stderr.read().decode()}")
    proc.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def median(argv, times: int, before=None) -> tuple[float, float]:
    results = []
    for _ in range(times):
        if before:
            before()
        results.append(run(argv))
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def vault_for(n: int) -> Path:
    root = HERE / "vaults" / f"v{n}"
    if not (root / ".network-md.yaml").exists():
        print(f"generating {n:,} contacts…", file=sys.stderr)
        generate(root, n, seed=1)
        old = time.time() - 3600  # as if written an hour ago: nothing is "just modified"
        for p in root.rglob("*.md"):
            os.utime(p, (old, old))
    return root


def bench(n: int, repeat: int) -> dict:
    root = vault_for(n)
    status = [SCRIPT, "--vault", str(root), "--today", TODAY, "status"]
    r: dict = {"n": n}
    cold_repeat = max(1, repeat // 2)
    r["read"] = median([PY, "-c", READ, str(root)], cold_repeat)[0]
    r["floor"] = median([PY, "-c", FLOOR, str(root)], cold_repeat)[0]
    r["naive"] = median([PY, "-c", NAIVE, str(root)], cold_repeat)[0]
    r["cold"], r["cold_mb"] = median([*status[:-1], "--no-cache", "status"], cold_repeat)
    run(status)  # build the cache
    run(status)
    r["warm"], r["warm_mb"] = median(status, repeat)
    r["pass"] = median([PY, "-c", "pass"], repeat)[0]
    r["click"] = median([PY, "-c", "import click"], repeat)[0]
    r["help"] = median([SCRIPT, "--help"], repeat)[0]
    target = sorted((root / "people").rglob("*.md"))[n // 2]
    original = target.read_bytes()
    counter = iter(range(10**6))

    def touch_one():
        target.write_bytes(original + f"- 2026-11-2{next(counter) % 7} met: bench edit\n".encode())

    try:
        r["one_changed"], _ = median(status, repeat, before=touch_one)
    finally:
        target.write_bytes(original)
        old = time.time() - 3600
        os.utime(target, (old, old))
        run(status)
    return r


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def verdict(measure: str, n: int, value: float) -> str:
    goal = GOALS.get(measure, {}).get(n)
    if goal is None:
        return ""
    return (
        " ✓"
        if value <= goal
        else f" ✗ (goal {ms(goal) if measure != 'memory_mb' else f'{goal} MB'})"
    )


def table(results: list[dict]) -> str:
    cols = [f"{r['n']:,} contacts" for r in results]
    rows = [
        ("cold `status --no-cache`", [ms(r["cold"]) for r in results]),
        ("  floor: read + C-loader parse + log scan", [ms(r["floor"]) for r in results]),
        (
            "  cold ÷ floor (goal ≤ 1.1)",
            [
                f"{r['cold'] / r['floor']:.2f}" + (" ✓" if r["cold"] / r["floor"] <= 1.1 else " ✗")
                for r in results
            ],
        ),
        ("  naive loop of `frontmatter.load`", [ms(r["naive"]) for r in results]),
        ("  reading the raw bytes", [ms(r["read"]) for r in results]),
        (
            "warm `status` (cache valid)",
            [ms(r["warm"]) + verdict("warm", r["n"], r["warm"]) for r in results],
        ),
        (
            "`status` after one file changed",
            [
                ms(r["one_changed"]) + verdict("one_changed", r["n"], r["one_changed"])
                for r in results
            ],
        ),
        ("  `python -c pass`", [ms(r["pass"]) for r in results]),
        ('  `python -c "import click"`', [ms(r["click"]) for r in results]),
        ("`--help`", [ms(r["help"]) for r in results]),
        (
            "  `--help` ÷ `import click` (goal ≤ 1.5)",
            [
                f"{r['help'] / r['click']:.2f}" + (" ✓" if r["help"] / r["click"] <= 1.5 else " ✗")
                for r in results
            ],
        ),
        (
            "peak memory, cold `status`",
            [
                f"{r['cold_mb']:.0f} MB" + verdict("memory_mb", r["n"], r["cold_mb"])
                for r in results
            ],
        ),
        ("peak memory, warm `status`", [f"{r['warm_mb']:.0f} MB" for r in results]),
    ]
    out = ["| measure | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    out += [f"| {name} | " + " | ".join(vals) + " |" for name, vals in rows]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument(
        "--repeat", type=int, default=7, help="runs per measure (median); cold runs half as many"
    )
    ap.add_argument("--write", type=Path, help="replace the results section of this Markdown file")
    args = ap.parse_args()
    if not Path(PY).exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    print("installing network-md into bench/.venv…", file=sys.stderr)
    subprocess.run(
        [PY, "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps", str(HERE.parent)],
        env=ENV,
        check=True,
    )
    subprocess.run([PY, "-m", "pip", "install", "--quiet", str(HERE.parent)], env=ENV, check=True)
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        results.append(bench(n, args.repeat if n < 100_000 else max(3, args.repeat // 2)))
        print(f"done {n:,}", file=sys.stderr)
    text = table(results)
    header = f"Measured on {date.today().isoformat()}: {machine()}. Medians of {args.repeat} runs (cold: fewer; 100,000: 3)."
    print(header + "\n\n" + text)
    if args.write:
        doc = args.write.read_text(encoding="utf-8")
        start, end = "<!-- bench:status -->", "<!-- /bench:status -->"
        i, j = doc.index(start) + len(start), doc.index(end)
        args.write.write_text(
            doc[:i] + "\n" + header + "\n\n" + text + "\n" + doc[j:], encoding="utf-8"
        )


if __name__ == "__main__":
    main()
