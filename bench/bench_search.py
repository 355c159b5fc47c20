"""Benchmark: `search TERM` against `grep -rli TERM` over the same vault.

Each round runs grep, then a warm search (its cache valid), then the search again after one
file changed, interleaved so that a busy machine slows all three alike; the best of the
rounds counts (the least disturbed). Also the first search of a vault (no cache yet).

Usage: python bench/bench_search.py VAULT [TERM...] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = shutil.which("network-md") or str(HERE.parent / ".venv" / "bin" / "network-md")


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and the number of output lines."""
    start = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - start, len(r.stdout.splitlines())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("vault", type=Path)
    ap.add_argument("terms", nargs="*", default=["nordlicht", "lisbon", "kwame"])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    root = args.vault.resolve()
    search = [SCRIPT, "--vault", str(root), "--today", "2026-11-27", "search"]
    cache = root / ".network-md" / "search"
    if cache.exists():
        cache.unlink()
    cold, _ = timed([*search, args.terms[0]])
    print(f"first search (no cache yet): {cold:.2f} s")
    some = next((root / "people").rglob("*.md"))
    for term in args.terms:
        best = {"grep": 1e9, "search": 1e9, "changed": 1e9}
        for _ in range(args.rounds):
            g, files = timed(["grep", "-rli", term, str(root / "people")])
            s, _ = timed([*search, term])
            os.utime(some)  # one file moved: it is read again
            c, _ = timed([*search, term])
            best = {"grep": min(best["grep"], g), "search": min(best["search"], s),
                    "changed": min(best["changed"], c)}  # fmt: skip
        print(
            f"{term!r}: {files:,} files · grep -rli {best['grep']:.2f} s · search "
            f"{best['search']:.2f} s ({best['search'] / best['grep']:.1f}×) · one file changed "
            f"{best['changed']:.2f} s ({best['changed'] / best['grep']:.1f}×)"
        )


if __name__ == "__main__":
    main()
