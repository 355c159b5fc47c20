"""Benchmark: every reading command, on vaults of 1,000, 10,000 and 100,000 contacts.

Each measure runs beside its baselines in the same run, on the same files, and reports wall
time and CPU time (user + system of the process and every worker it waited for):

- cold `status --no-cache` vs the floor (read + C-loader front matter + log scan, in one
  process) and a naive loop of `frontmatter.load`, and reading the raw bytes;
- warm `status` (cache valid) vs `python -c pass` and `python -c "import click"`;
- `status` after one file changed (each run changes one file first);
- `show NAME`, `today`, `flags --json`, `list`, `list --json`, `search` (when the command
  exists) and `watch` from start to its `ready` line, each as a ratio of warm `status`;
- `import linkedin` of a generated 30,000-row Connections.csv into a fresh vault;
- `--help` vs `python -c "import click"`; peak memory (max RSS) of each.

Usage: python bench/bench_status.py [--sizes 1000,10000,100000] [--write docs/performance.md]
Vaults are generated once (deterministic, bench/generate.py) under bench/vaults/; network-md is
installed (not editable) into bench/.venv, so every run measures the code as users get it.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import FIRST, LAST, generate, machine  # noqa: E402
from marked import replace_marked  # noqa: E402

VENV = HERE / ".venv"  # a regular (not editable) install, as a user has it: compiled .pyc
PY = str(VENV / "bin" / "python")
SCRIPT = str(VENV / "bin" / "network-md")
TODAY = "2026-11-27"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
LINKEDIN_ROWS = 30_000  # LinkedIn's cap on connections
# Goals: absolute seconds or MB at a size, or ratios of warm `status` (docs/performance.md).
GOALS = {
    "warm": {10_000: 0.150, 100_000: 1.2},
    "one_changed": {10_000: 0.170, 100_000: 1.3},
    "cold_mb": {10_000: 150, 100_000: 800},
    "import": {LINKEDIN_ROWS: 15.0},
}
RATIO_GOALS = {  # measure: goal as a multiple of warm `status` at 100,000 contacts
    "show": 1.3,
    "today": 1.3,
    "flags_json": 1.5,
    "list": 2.5,
    "list_json": 2.5,
    "watch_ready": 1.5,
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


class Run(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds of user + system time, this process and the workers it waited for
    mb: float  # peak resident set of the process, MB


def run(argv: list[str], until: str | None = None) -> Run:
    """One process, to its exit (or, with `until`, to the first stdout line holding it, then
    SIGINT: the wall time is to that line, CPU and memory to the exit)."""
    start = time.perf_counter()
    out = subprocess.PIPE if until else subprocess.DEVNULL
    proc = subprocess.Popen(argv, env=ENV, stdout=out, stderr=subprocess.PIPE)
    wall = None
    if until:
        for line in proc.stdout:
            if until.encode() in line:
                wall = time.perf_counter() - start
                proc.send_signal(signal.SIGINT)
                break
        proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = wall if wall is not None else time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(argv)}: {proc.stderr.read().decode()}")
    proc.stderr.close()
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median(argv, times: int, before=None, until=None) -> Run:
    results = []
    for _ in range(times):
        if before:
            before()
        results.append(run(argv, until))
    return _medians(results)


def _medians(results: list[Run]) -> Run:
    """The median wall and CPU of some runs, and their highest peak memory."""
    return Run(
        statistics.median(r.wall for r in results),
        statistics.median(r.cpu for r in results),
        max(r.mb for r in results),
    )


def paired(first: list[str], second: list[str], times: int) -> tuple[Run, Run]:
    """`median` of two commands run in turns (first, second, first, ...): a ratio of the two
    then compares runs made under the same load, as the machine's speed drifts."""
    runs: tuple[list, list] = ([], [])
    for _ in range(times):
        runs[0].append(run(first))
        runs[1].append(run(second))
    return _medians(runs[0]), _medians(runs[1])


def vault_for(n: int) -> Path:
    root = HERE / "vaults" / f"v{n}"
    if not (root / ".network-md.yaml").exists():
        print(f"generating {n:,} contacts…", file=sys.stderr)
        generate(root, n, seed=1)
        old = time.time() - 3600  # as if written an hour ago: nothing is "just modified"
        for p in root.rglob("*.md"):
            os.utime(p, (old, old))
    return root


def linkedin_csv(path: Path, rows: int) -> Path:
    """A Connections.csv as LinkedIn writes it: preamble, header, `rows` distinct people."""
    rng = random.Random(7)
    lines = ["Notes:", '"When exporting your connection data, you may notice..."', ""]
    lines.append("First Name,Last Name,URL,Email Address,Company,Position,Connected On")
    for i in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        url = f"https://www.linkedin.com/in/p{i}-{rng.randrange(10**6)}"
        lines.append(f'{first},{last},{url},,"Acme {i % 500}",Engineer,0{1 + i % 9} Mar 2024')
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def has_command(name: str) -> bool:
    done = subprocess.run([SCRIPT, name, "--help"], env=ENV, capture_output=True)
    return done.returncode == 0


def bench(n: int, repeat: int) -> dict:
    root = vault_for(n)
    base = [SCRIPT, "--vault", str(root), "--today", TODAY]
    status = [*base, "status"]
    cold_repeat = max(1, repeat // 2)
    r: dict = {"n": n}
    r["read"] = median([PY, "-c", READ, str(root)], cold_repeat)
    r["naive"] = median([PY, "-c", NAIVE, str(root)], cold_repeat)
    floor, cold = [PY, "-c", FLOOR, str(root)], [*base, "--no-cache", "status"]
    r["floor"], r["cold"] = paired(floor, cold, max(3, cold_repeat))
    run(status)  # build the cache
    run(status)
    r["warm"] = median(status, repeat)
    r["pass"] = median([PY, "-c", "pass"], repeat)
    # a few tens of ms each, where the machine's jitter is a tenth: more runs, in turns
    r["click"], r["help"] = paired([PY, "-c", "import click"], [SCRIPT, "--help"], 3 * repeat)
    files = sorted((root / "people").rglob("*.md"))
    name = files[n // 3].stem  # unique: generated stems end in the contact's number
    r["show"] = median([*base, "show", name], repeat)
    r["today"] = median([*base, "today"], repeat)
    r["flags_json"] = median([*base, "flags", "--json"], repeat)
    r["list"] = median([*base, "list"], repeat)
    r["list_json"] = median([*base, "list", "--json"], repeat)
    if has_command("search"):
        r["search"] = median([*base, "search", "lisbon", "tag:python"], repeat)
        r["grep"] = median(["grep", "-rli", "lisbon", str(root / "people")], repeat)
    r["watch_ready"] = median([*base, "watch", "--json"], repeat, until='"ready"')
    target = files[n // 2]
    original = target.read_bytes()
    counter = iter(range(10**6))

    def touch_one():
        target.write_bytes(original + f"- 2026-11-2{next(counter) % 7} met: bench edit\n".encode())

    try:
        r["one_changed"] = median(status, repeat, before=touch_one)
    finally:
        target.write_bytes(original)
        old = time.time() - 3600
        os.utime(target, (old, old))
        run(status)
    return r


def bench_import(rows: int) -> Run:
    with tempfile.TemporaryDirectory(prefix="nmd-import-") as tmp:
        csv = linkedin_csv(Path(tmp) / "Connections.csv", rows)
        vault = Path(tmp) / "vault"

        def fresh():
            shutil.rmtree(vault, ignore_errors=True)
            vault.mkdir()
            (vault / ".network-md.yaml").write_text("contacts: [people]\n", encoding="utf-8")

        return median(
            [SCRIPT, "--vault", str(vault), "import", "linkedin", str(csv)], 3, before=fresh
        )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def mark(ok: bool) -> str:
    return " ✓" if ok else " ✗"


def verdict(measure: str, n: int, value: float) -> str:
    goal = GOALS.get(measure, {}).get(n)
    return "" if goal is None else mark(value <= goal)


def ratio(r: dict, key: str, of: str = "warm") -> str:
    value = r[key].wall / r[of].wall
    goal = RATIO_GOALS.get(key) if r["n"] >= 100_000 and of == "warm" else None
    return f"{value:.2f}" + ("" if goal is None else mark(value <= goal))


def table(results: list[dict]) -> str:
    def wall_cpu(key, goal_key=None):
        return [
            f"{ms(r[key].wall)} / {ms(r[key].cpu)}" + verdict(goal_key or key, r["n"], r[key].wall)
            for r in results
        ]

    rows = [
        ("cold `status --no-cache`", wall_cpu("cold")),
        ("  floor: read + C-loader parse + log scan (1 process)", wall_cpu("floor")),
        (
            "  cold CPU ÷ floor CPU (goal ≤ 1.6)",
            [
                f"{r['cold'].cpu / r['floor'].cpu:.2f}"
                + mark(r["cold"].cpu / r["floor"].cpu <= 1.6)
                for r in results
            ],
        ),
        ("  cold wall ÷ floor wall", [f"{r['cold'].wall / r['floor'].wall:.2f}" for r in results]),
        ("  naive loop of `frontmatter.load`", wall_cpu("naive")),
        ("  reading the raw bytes", wall_cpu("read")),
        ("warm `status` (cache valid)", wall_cpu("warm")),
        ("`status` after one file changed", wall_cpu("one_changed")),
        ("`show NAME`", wall_cpu("show")),
        ("  ÷ warm `status` (goal at 100k ≤ 1.3)", [ratio(r, "show") for r in results]),
        ("`today`", wall_cpu("today")),
        ("  ÷ warm `status` (goal at 100k ≤ 1.3)", [ratio(r, "today") for r in results]),
        ("`flags --json`", wall_cpu("flags_json")),
        ("  ÷ warm `status` (goal at 100k ≤ 1.5)", [ratio(r, "flags_json") for r in results]),
        ("`list`", wall_cpu("list")),
        ("  ÷ warm `status` (goal at 100k ≤ 2.5)", [ratio(r, "list") for r in results]),
        ("`list --json`", wall_cpu("list_json")),
        ("  ÷ warm `status` (goal at 100k ≤ 2.5)", [ratio(r, "list_json") for r in results]),
        (
            "  peak memory (goal at 100k ≤ 500 MB)",
            [
                f"{r['list_json'].mb:.0f} MB"
                + (mark(r["list_json"].mb <= 500) if r["n"] >= 100_000 else "")
                for r in results
            ],
        ),
    ]
    if all("search" in r for r in results):
        rows += [
            ("`search lisbon tag:python`", wall_cpu("search")),
            ("  `grep -rli lisbon`", wall_cpu("grep")),
            (
                "  search ÷ grep (goal ≤ 3)",
                [
                    f"{r['search'].wall / r['grep'].wall:.2f}"
                    + mark(r["search"].wall / r["grep"].wall <= 3)
                    for r in results
                ],
            ),
        ]
    rows += [
        ("`watch` warm start to `ready`", wall_cpu("watch_ready")),
        ("  ÷ warm `status` (goal at 100k ≤ 1.5)", [ratio(r, "watch_ready") for r in results]),
        ("  memory ÷ warm `status`'s (goal at 100k ≤ 1.5)", [f"{r['watch_ready'].mb / r['warm'].mb:.2f}" + (mark(r["watch_ready"].mb / r["warm"].mb <= 1.5) if r["n"] >= 100_000 else "") for r in results]),
        ("  `python -c pass`", wall_cpu("pass")),
        ('  `python -c "import click"`', wall_cpu("click")),
        ("`--help`", wall_cpu("help")),
        ("  `--help` ÷ `import click` (goal ≤ 1.5)", [ratio(r, "help", "click") + mark(r["help"].wall / r["click"].wall <= 1.5) for r in results]),
        ("peak memory, cold `status`", [f"{r['cold'].mb:.0f} MB" + verdict("cold_mb", r["n"], r["cold"].mb) for r in results]),
        ("peak memory, warm `status`", [f"{r['warm'].mb:.0f} MB" for r in results]),
    ]  # fmt: skip
    cols = [f"{r['n']:,} contacts" for r in results]
    out = ["| measure (wall / CPU) | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    out += [f"| {name} | " + " | ".join(vals) + " |" for name, vals in rows]
    return "\n".join(out)


def install() -> None:
    if not Path(PY).exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    print("installing network-md into bench/.venv…", file=sys.stderr)
    pip = [PY, "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--force-reinstall", "--no-deps", str(HERE.parent)], env=ENV, check=True)
    subprocess.run([*pip, str(HERE.parent)], env=ENV, check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument(
        "--repeat", type=int, default=7, help="runs per measure (median); cold runs half as many"
    )
    ap.add_argument("--import-rows", type=int, default=LINKEDIN_ROWS)
    ap.add_argument("--write", type=Path, help="replace the results section of this Markdown file")
    args = ap.parse_args()
    install()
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        results.append(bench(n, args.repeat if n < 100_000 else max(3, args.repeat // 2)))
        print(f"done {n:,}", file=sys.stderr)
    imported = bench_import(args.import_rows)
    text = table(results)
    text += (
        f"\n\n`import linkedin` of {args.import_rows:,} rows into a fresh vault: "
        f"{ms(imported.wall)} wall, {ms(imported.cpu)} CPU, {imported.mb:.0f} MB"
        + verdict("import", args.import_rows, imported.wall)
    )
    header = (
        f"Measured on {date.today().isoformat()}: {machine()}. Medians of {args.repeat} runs "
        "(cold: fewer; 100,000: 3; `--help` and `import click`: three times as many); cold and "
        "its floor, and `--help` and `import click`, in turns; wall / CPU, CPU of every process."
    )
    print(header + "\n\n" + text)
    if args.write:
        doc = args.write.read_text(encoding="utf-8")
        args.write.write_text(
            replace_marked(doc, "status", header + "\n\n" + text), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
