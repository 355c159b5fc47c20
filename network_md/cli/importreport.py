"""An import's report: what was asked (`ImportRequest`), what was written (`Written`), and the
report `--json` prints and the text report reads."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from network_md.cli.write import say

SHOWN = 20  # lines per section of the text report; --json has them all


class ImportRequest(NamedTuple):
    """One import as asked for: the source, its files and what they held, and the options."""

    source: str  # "linkedin", "vcard"
    files: list[str]
    records: list
    read_count: int  # rows or cards read
    problems: list  # (where, message): reported only
    malformed: list  # (where, why): skipped, exit 1
    dry_run: bool
    update: bool
    as_json: bool
    commit: bool


class Written(NamedTuple):
    """What an import wrote: every file, and those of them that were updated jobs."""

    files: list[str]
    updated: set[str]


def import_report(request: ImportRequest, plan, written: Written) -> dict:
    """The import's report, as `--json` prints it and the text report reads it."""

    def person(record, path):
        return {"name": record.name, "path": path, "from": record.where}

    notes = [
        *({"where": w, "severity": "error", "message": m} for w, m in request.malformed),
        *(
            {"where": w, "severity": "warning", "message": m}
            for w, m in [*request.problems, *plan.problems]
        ),
    ]
    changed = [
        {
            **person(c.record, c.path),
            "name": c.name,
            "old": {"company": c.old[0], "role": c.old[1]},
            "new": {"company": c.new[0], "role": c.new[1]},
            "change": c.describe(),
            "written": c.path in written.updated,
        }
        for c in plan.changed
    ]
    return {
        "source": request.source,
        "files": request.files,
        "dry_run": request.dry_run,
        "update": request.update,
        "read": request.read_count,
        "created": [person(r, p) for r, p in plan.created],
        "existing": [person(r, p) for r, p in plan.existing],
        "changed": changed,
        "skipped": [{"name": r.name, "from": r.where, "reason": why} for r, why in plan.skipped],
        "malformed": len(request.malformed),
        "problems": notes,
        "written": written.files,
        "counts": _counts(request, plan, written, notes),
    }


def _counts(request: ImportRequest, plan, written: Written, notes: list) -> dict:
    return {
        "read": request.read_count,
        "created": len(plan.created),
        "existing": len(plan.existing),
        "changed": len(plan.changed),
        "updated": len(written.updated),
        "skipped": len(plan.skipped) + len(request.malformed),
        "problems": len(notes),
        # different people the rows name: a person on two rows is one contact
        "people": len(
            {p for _, p in [*plan.created, *plan.existing]} | {c.path for c in plan.changed}
        ),
    }


def count_of(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def print_import_report(r: dict) -> None:
    for line in _count_lines(r):
        say(line)
    would_create = [f"{c['name']} → {c['path']}" for c in r["created"]] if r["dry_run"] else []
    sections = (
        ("Would create:", would_create),
        ("Job changes:", [f"{c['change']} ({c['path']})" for c in r["changed"]]),
        ("Problems:", [f"{p['where']}: {p['severity']}: {p['message']}" for p in r["problems"]]),
    )
    for title, lines in sections:
        if lines:
            say(title)
            for line in lines[:SHOWN]:
                say(f"  {line}")
            if len(lines) > SHOWN:
                say(f"  … and {len(lines) - SHOWN:,} more (--json lists them all)")
    if r["counts"]["created"] and not r["dry_run"]:
        say(
            "Next: `network-md status` shows them as contacts; log a first touch to start a relationship."
        )


def _count_lines(r: dict) -> list[str]:
    """The report's head: what was read, and what became of it, one line per outcome."""
    n = r["counts"]
    unit = "rows" if r["source"] == "linkedin" else "cards"
    dry = " (dry run: nothing written)" if r["dry_run"] else ""
    where = ", ".join(r["files"]) if len(r["files"]) <= 3 else f"{len(r['files']):,} files"
    verb = "would be created" if r["dry_run"] else "created"
    folders = sorted({str(Path(c["path"]).parent) for c in r["created"]})
    inside = f" in {', '.join(folders)}/" if folders else ""
    if not r["update"] or r["dry_run"]:
        tail = " (--update writes them)" if n["changed"] and not r["update"] else ""
        changed = f"  {n['changed']:>6,} changed: a known contact's new job{tail}"
    else:
        changed = (
            f"  {n['changed']:>6,} changed: a known contact's new job, {n['updated']:,} updated"
        )
    people = count_of(n["people"], "different person", "different people")
    return [
        f"Import {r['source']}: {n['read']:,} {unit} from {where}{dry}",
        f"  {n['created']:>6,} {verb}{inside} (a new contact file each)",
        f"  {n['existing']:>6,} already there (a known contact, or one an earlier {unit[:-1]} named)",
        changed,
        f"  {n['skipped']:>6,} skipped (see the problems)",
        f"  = {n['read']:,} {unit}, naming {people}; {n['problems']:,} problem(s)",
    ]
