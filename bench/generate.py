"""A deterministic generator of realistic vaults, for benchmarks: `generate(root, n, seed)`.

Same (n, seed), same bytes: unicode names, a few subfolders, about 20 log entries per contact
spread over the three years ending on END, in the kinds' realistic proportions.
"""

from __future__ import annotations

import os
import platform
import random
import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

END = date(2026, 11, 27)
SPAN_DAYS = 3 * 365
FIRST = [
    "Ada",
    "José",
    "Zoë",
    "Łukasz",
    "Søren",
    "Amélie",
    "Chloé",
    "Mikołaj",
    "Ingrid",
    "Björn",
    "Aiko",
    "美咲",
    "Nguyễn",
    "Oğuz",
    "Şebnem",
    "Zeynep",
    "Émile",
    "Renée",
    "Dvořák",
    "Ana",
    "Priya",
    "Ravi",
    "Fatima",
    "Omar",
    "Grace",
    "Kwame",
    "Ngozi",
    "Mateo",
    "Lucía",
    "Joaquín",
]
LAST = [
    "Lovelace",
    "García",
    "Müller",
    "Østergaard",
    "Kowalski",
    "Dubois",
    "Nakamura",
    "田中",
    "Öztürk",
    "Håkansson",
    "Novák",
    "Schröder",
    "Fernández",
    "O'Brien",
    "Ng",
    "Mensah",
    "Okafor",
    "Patel",
    "Haddad",
    "Rossi",
    "Svensson",
    "Ivanović",
    "Lefèvre",
    "Çelik",
]
FOLDERS = ["", "work", "work/clients", "friends", "conferences", "alumni"]
CIRCLES = ["inner", "close", "wide", "wide", "contact", None]
TAGS = ["mentor", "engineering", "design", "founder", "investor", "recruiter", "python", "ops"]
COMPANIES = [
    "Analytical Engines Ltd",
    "Nordlicht GmbH",
    "Société Générale d'Idées",
    "株式会社カメ",
    "Acme",
]
# (kind, weight, sample texts): roughly how a real log reads.
KINDS = [
    ("met", 30, ["coffee at the conference", "call about the roadmap", "lunch"]),
    (
        "gave",
        20,
        ["sent the structured-interviews article", "intro to [[Ada Lovelace]]", "reviewed the CV"],
    ),
    ("got", 15, ["a referral for the Lisbon job", "feedback on my talk", "three restaurant tips"]),
    ("thanked", 10, ["postcard", "short note", "coffee on me"]),
    ("thanked-me", 5, ["a kind email", "a book"]),
    ("asked", 8, ["an intro to their CTO", "a quote for the article"]),
    ("asked-me", 7, ["advice on hiring", "a reference"]),
    ("declined", 5, ["too busy this quarter", ""]),
]
WEIGHTS = [w for _, w, _ in KINDS]
DURATIONS = ["", "", "", " (5m)", " (15m)", " (30m)", " (1h)", " (1h30m)"]


def slug(name: str) -> str:
    """A file-name stem: accents folded, non-ASCII letters kept, spaces as dashes."""
    folded = unicodedata.normalize("NFKD", name)
    kept = "".join(c for c in folded if not unicodedata.combining(c))
    return (
        "-".join("".join(c for c in part if c.isalnum()) for part in kept.lower().split())
        or "contact"
    )


def contact_text(rng: random.Random, name: str, entries: int) -> str:
    """One contact file: front matter, a line of notes, and a dated log in date order."""
    lines = ["---", f"name: {name}"]
    lines.append(f"tags: [{', '.join(rng.sample(TAGS, rng.randint(0, 3)))}]")
    circle = rng.choice(CIRCLES)
    if circle:
        lines.append(f"circle: {circle}")
    lines.append(f'company: "{rng.choice(COMPANIES)}"')
    start = END - timedelta(days=SPAN_DAYS)
    lines.append(f"met: {start + timedelta(days=rng.randrange(SPAN_DAYS // 2))}")
    lines += ["---", f"# {name}", "", "Met through work. Cares about good tools.", "", "## Log"]
    days = sorted(rng.randrange(SPAN_DAYS) for _ in range(entries))
    for offset in days:
        kind, _, texts = KINDS[rng.choices(range(len(KINDS)), WEIGHTS)[0]]
        day = start + timedelta(days=offset + 1)
        lines.append(f"- {day} {kind}{rng.choice(DURATIONS)}: {rng.choice(texts)}".rstrip())
    return "\n".join(lines) + "\n"


def generate(root: str | Path, n: int, seed: int = 1) -> list[Path]:
    """Write a vault of `n` contacts under `root` (created); the contact files' paths."""
    rng = random.Random(seed)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / ".network-md.yaml").write_text("contacts: [people]\n", encoding="utf-8")
    paths = []
    for i in range(n):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        folder = root / "people" / rng.choice(FOLDERS)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{slug(name)}-{i}.md"
        path.write_text(contact_text(rng, name, rng.randint(14, 26)), encoding="utf-8")
        paths.append(path)
    return paths


def machine() -> str:
    """This machine in one line, for the benchmarks' reports."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main(argv: list[str] | None = None) -> int:
    """`python bench/generate.py ROOT N [SEED]`: write a vault of N contacts under ROOT."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="bench/generate.py",
        description="Write a deterministic vault of N contacts under ROOT, for benchmarks: "
        "the same N and SEED give the same bytes.",
    )
    parser.add_argument("root", metavar="ROOT", help="the vault folder to write (made if missing)")
    parser.add_argument("n", metavar="N", type=int, help="how many contacts")
    parser.add_argument("seed", metavar="SEED", type=int, nargs="?", default=1, help="(1)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be 0 or more")
    try:
        generate(args.root, args.n, args.seed)
    except OSError as exc:
        parser.exit(1, f"bench/generate.py: error: {args.root}: {exc.strerror}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
