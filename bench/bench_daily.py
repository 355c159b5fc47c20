"""Benchmark: warm `status` with daily notes against the same vault without them.

Two vaults of the same N contacts (bench/generate.py): one as it is, one with D daily notes
(`Journal/YYYY/MM/YYYY-MM-DD.md`, the last D days) that each hold two entries linking contacts
by file name, a link to nobody, and bullets that are not entries. Measured in turns, on the
same machine: warm `status` (caches valid), and `status` after one daily note changed (each
run changes the note first). The goal: warm `status` with daily notes within 1.2x of without.

Usage: python bench/bench_daily.py [--contacts 10000] [--notes 3000] [--runs 15]
Uses the `network-md` next to this Python (run it with the project's .venv/bin/python).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate, machine  # noqa: E402

SCRIPT = str(Path(sys.executable).with_name("network-md"))
TODAY = date(2026, 11, 27)
CONFIG = "contacts: [people]\ndaily_notes: {folder: Journal, format: YYYY/MM/YYYY-MM-DD}\n"
GOAL = 1.2


def note_text(rng: random.Random, day: date, stems: list[str]) -> str:
    a, b = rng.sample(stems, 2)
    return (
        f"# {day}\n\n- [ ] groceries\n- met: coffee with [[{a}]] (about [[Lisbon]])\n"
        f"- todo: call the bank\n- got (15m): advice from [[{b}]]\n\nA quiet day.\n"
    )


def make_vaults(base: Path, contacts: int, notes: int) -> tuple[Path, Path]:
    plain, daily = base / "plain", base / "daily"
    paths = generate(plain, contacts, seed=1)
    shutil.copytree(plain, daily)
    (daily / ".network-md.yaml").write_text(CONFIG, encoding="utf-8")
    rng = random.Random(2)
    stems = [p.stem for p in paths]
    for i in range(notes):
        day = TODAY - timedelta(days=i)
        path = daily / "Journal" / f"{day:%Y}" / f"{day:%m}" / f"{day}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note_text(rng, day, stems), encoding="utf-8")
    old = time.time() - 3600  # as if written an hour ago: nothing is "just modified"
    for root in (plain, daily):
        for p in root.rglob("*.md"):
            os.utime(p, (old, old))
    return plain, daily


def timed(root: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `status`: on a shared machine the CPU time is the
    steadier measure of the work done."""
    start = time.perf_counter()
    argv = [SCRIPT, "--vault", str(root), "--today", TODAY.isoformat(), "status"]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--notes", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-daily-") as tmp:
        plain, daily = make_vaults(Path(tmp), args.contacts, args.notes)
        for root in (plain, daily):
            timed(root)  # cold: builds the caches
            timed(root)
        warm = {"plain": [], "daily": []}
        for _ in range(args.runs):  # in turns: a busy moment slows both alike
            warm["plain"].append(timed(plain))
            warm["daily"].append(timed(daily))
        note = daily / "Journal" / f"{TODAY:%Y}" / f"{TODAY:%m}" / f"{TODAY}.md"
        changed = []
        for i in range(args.runs):
            note.write_text(f"- got: a tip from [[{plain.name}]] {i}\n- met: [[Lisbon]]\n")
            old = time.time() - 60
            os.utime(note, (old, old))
            changed.append(timed(daily))
    print(f"machine: {machine()}")
    print(f"{args.contacts:,} contacts, {args.notes:,} daily notes, median of {args.runs} runs")
    ratio = 0.0
    for i, what in enumerate(("wall", "CPU")):
        p, d, c = (
            statistics.median(r[i] for r in v) for v in (warm["plain"], warm["daily"], changed)
        )
        ratio = max(ratio, d / p) if what == "CPU" else ratio
        print(f"{what}: warm status, no daily notes:   {p * 1000:7.1f} ms")
        print(
            f"{what}: warm status, with daily notes: {d * 1000:7.1f} ms  ({d / p:.2f}x; goal {GOAL}x)"
        )
        print(f"{what}: status after one note changed: {c * 1000:7.1f} ms  ({c / p:.2f}x)")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
