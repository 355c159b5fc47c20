"""Commands that bring people in and out: `import linkedin`, `import vcard`, `export`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from network_md.cli.main import (
    UNDECODABLE,
    Session,
    cli,
    emit_json,
    json_option,
    pass_session,
    select,
)
from network_md.cli.write import _commit_wanted, _contacts_folder, say
from network_md.core.errors import UsageError, WriteError
from network_md.core.model import RELATIONSHIPS
from network_md.store.safeopen import NotRegularFile, read_regular

SHOWN = 20  # lines per section of the text report; --json has them all
PROGRESS_FROM = 300  # records: fewer are written before a progress line would help


def _read_input(path: Path) -> bytes:
    """An input file's bytes; exit 2 (nothing written) when it cannot be read."""
    try:
        return read_regular(path)
    except NotRegularFile as exc:
        raise UsageError(f"{path} is {exc.strerror}; nothing imported") from None
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file; nothing imported") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder, not a file; nothing imported") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror}); nothing imported") from None


def _vcard_files(paths: tuple[Path, ...]) -> list[Path]:
    """The files named, and every *.vcf / *.vcard under the folders named (hidden ones skipped)."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        inside = sorted(
            p
            for p in path.rglob("*")
            if p.suffix.lower() in (".vcf", ".vcard")
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        if not inside:
            raise UsageError(f"{path}: no .vcf or .vcard files in this folder; nothing imported")
        found.extend(inside)
    return found


class _Progress:
    """`writing 300/1,869…` on a terminal's stderr, for imports big enough to wait for."""

    def __init__(self, total: int):
        self.total = total
        self.on = total > PROGRESS_FROM and sys.stderr.isatty()

    def __call__(self, done: int):
        if self.on and (done % 50 == 0 or done == self.total):
            end = "\n" if done == self.total else ""
            click.echo(f"\rwriting {done:,}/{self.total:,} files…{end}", err=True, nl=False)


def _commit_files(root: Path, rels: list[str], message: str) -> None:
    """Stage and commit exactly these files, in one commit; other changes stay as they were."""
    from network_md.store.git import commit_files

    commit_files(root, rels, message)
    say(f"Committed: {message}")


def _run_import(
    s: Session, source: str, files: list[str], records, read_count: int, problems, malformed, opts
):
    """Plan, write (unless --dry-run), commit, report. Returns the report."""
    from network_md.exchange import files as writer
    from network_md.exchange import identity
    from network_md.store.newfile import new_contact_path, slugify

    dry_run, update, as_json, commit = opts
    wants_commit = not dry_run and _commit_wanted(s, commit)
    root, folder, planned = s.root, _contacts_folder(s.config), set()

    def place(name: str) -> str:
        taken = lambda p: p in planned or p.exists()  # noqa: E731
        path = new_contact_path(root, folder, name if slugify(name) else "contact", taken)
        planned.add(path)
        return s.vault_rel(path)

    plan = identity.plan(records, s.index.contacts(), place)
    written: list[str] = []
    updated: set[str] = set()
    if not dry_run:
        todo = len(plan.created) + (len(plan.changed) if update else 0)
        progress = _Progress(todo)
        try:
            for record, rel in plan.created:
                with s.naming(root / rel):
                    writer.create(root, rel, record)
                written.append(rel)
                progress(len(written))
            for change in plan.changed if update else ():
                with s.naming(root / change.path):
                    if writer.update(root, change, s.today):
                        written.append(change.path)
                        updated.add(change.path)
                progress(len(written))
        except WriteError as exc:
            raise WriteError(
                f"{exc.message} ({len(written)} file(s) had been written before it)"
            ) from None
        if wants_commit and written:
            what = f"{len(plan.created)} created" + (f", {len(updated)} updated" if updated else "")
            names = (
                ", ".join(Path(f).name for f in files) if len(files) <= 3 else f"{len(files)} files"
            )
            _commit_files(root, written, f"import {source}: {what} ({names})")
    report = _report(
        source, files, read_count, plan, problems, malformed, dry_run, update, updated, written
    )
    if as_json:
        emit_json(report)
    else:
        _print_report(report)
    return report


def _report(
    source, files, read_count, plan, problems, malformed, dry_run, update, updated, written
) -> dict:
    def person(record, path):
        return {"name": record.name, "path": path, "from": record.where}

    notes = [
        *({"where": w, "severity": "error", "message": m} for w, m in malformed),
        *(
            {"where": w, "severity": "warning", "message": m}
            for w, m in [*problems, *plan.problems]
        ),
    ]
    changed = [
        {
            **person(c.record, c.path),
            "name": c.name,
            "old": {"company": c.old[0], "role": c.old[1]},
            "new": {"company": c.new[0], "role": c.new[1]},
            "change": c.describe(),
            "written": c.path in updated,
        }
        for c in plan.changed
    ]
    return {
        "source": source,
        "files": files,
        "dry_run": dry_run,
        "update": update,
        "read": read_count,
        "created": [person(r, p) for r, p in plan.created],
        "existing": [person(r, p) for r, p in plan.existing],
        "changed": changed,
        "skipped": [{"name": r.name, "from": r.where, "reason": why} for r, why in plan.skipped],
        "malformed": len(malformed),
        "problems": notes,
        "written": written,
        "counts": {
            "read": read_count,
            "created": len(plan.created),
            "existing": len(plan.existing),
            "changed": len(plan.changed),
            "updated": len(updated),
            "skipped": len(plan.skipped) + len(malformed),
            "problems": len(notes),
            # different people the rows name: a person on two rows is one contact
            "people": len(
                {p for _, p in [*plan.created, *plan.existing]} | {c.path for c in plan.changed}
            ),
        },
    }


def count_of(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _print_report(r: dict) -> None:
    n = r["counts"]
    unit = "rows" if r["source"] == "linkedin" else "cards"
    dry = " (dry run: nothing written)" if r["dry_run"] else ""
    where = ", ".join(r["files"]) if len(r["files"]) <= 3 else f"{len(r['files']):,} files"
    say(f"Import {r['source']}: {n['read']:,} {unit} from {where}{dry}")
    verb = "would be created" if r["dry_run"] else "created"
    folders = sorted({str(Path(c["path"]).parent) for c in r["created"]})
    single = unit[:-1]
    say(
        f"  {n['created']:>6,} {verb}"
        + (f" in {', '.join(folders)}/" if folders else "")
        + " (a new contact file each)"
    )
    say(f"  {n['existing']:>6,} already there (a known contact, or one an earlier {single} named)")
    if not r["update"] or r["dry_run"]:
        tail = " (--update writes them)" if n["changed"] and not r["update"] else ""
        say(f"  {n['changed']:>6,} changed: a known contact's new job{tail}")
    else:
        say(f"  {n['changed']:>6,} changed: a known contact's new job, {n['updated']:,} updated")
    say(f"  {n['skipped']:>6,} skipped (see the problems)")
    people = count_of(n["people"], "different person", "different people")
    say(f"  = {n['read']:,} {unit}, naming {people}; {n['problems']:,} problem(s)")
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
    if n["created"] and not r["dry_run"]:
        say(
            "Next: `network-md status` shows them as contacts; log a first touch to start a relationship."
        )


# --- import ----------------------------------------------------------------------------------


def _import_options(f):
    for option in reversed(
        (
            click.option(
                "--dry-run", is_flag=True, help="Report what would happen; write nothing."
            ),
            click.option(
                "--update",
                is_flag=True,
                help="Write changed company and role of known people (the old job goes to `previously:`).",
            ),
            json_option,
            click.option(
                "--commit",
                is_flag=True,
                help="Commit the written files (and nothing else) to git, in one commit.",
            ),
        )
    ):
        f = option(f)
    return f


@cli.group("import")
def import_():
    """Bring people in as contacts: LinkedIn connections, vCards. Re-running changes nothing."""


@import_.command("linkedin", short_help="LinkedIn's Connections.csv export.")
@click.argument("file", type=click.Path(path_type=Path))
@_import_options
@pass_session
def import_linkedin(s: Session, file: Path, dry_run, update, as_json, commit):
    """Import LinkedIn's Connections.csv (Settings → Data privacy → Get a copy of your data)."""
    from network_md.exchange import linkedin

    data = _read_input(file)
    try:
        export = linkedin.read(data, file.name)
    except linkedin.NotAnExport as exc:
        raise UsageError(f"{file}: {exc}; nothing imported") from None
    problems = list(export.problems)
    if "url" in export.missing:
        problems.append(
            (
                file.name,
                "no URL column (an older export): people are matched by email, else name and company",
            )
        )
    _run_import(
        s,
        "linkedin",
        [str(file)],
        export.records,
        export.rows,
        problems,
        [],
        (dry_run, update, as_json, commit),
    )


@import_.command("vcard")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE_OR_DIR..."
)
@_import_options
@pass_session
def import_vcard(s: Session, paths, dry_run, update, as_json, commit):
    """Import vCards (2.1, 3.0, 4.0): files, or folders of *.vcf. Exit 1 if a card was malformed."""
    from network_md.exchange import vcard

    files = _vcard_files(paths)
    blobs = [(f, _read_input(f)) for f in files]  # every file read before anything is written
    records, problems, malformed, cards = [], [], [], 0
    for path, data in blobs:
        found = vcard.read(data, str(path))
        records += found.records
        problems += found.problems
        malformed += found.malformed
        cards += found.cards
    _run_import(
        s,
        "vcard",
        [str(f) for f in files],
        records,
        cards,
        problems,
        malformed,
        (dry_run, update, as_json, commit),
    )
    if malformed:
        sys.exit(1)


# --- export ----------------------------------------------------------------------------------


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "vcard"]),
    required=True,
    help="json: as `list --json`; csv: a spreadsheet; vcard: vCard 4.0 for address books.",
)
@click.option(
    "--relationship", type=click.Choice(RELATIONSHIPS), help="Only contacts in this relationship."
)
@click.option("--tag", help="Only contacts with this tag.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of stdout.",
)
@pass_session
def export(s: Session, fmt, relationship, tag, output):
    """The contacts and their analysis, sorted by name: JSON, CSV or vCard 4.0."""
    from network_md.exchange import export as out
    from network_md.render.text import dumps

    rows = select(s.analysis.contacts, relationship, tag)
    if fmt == "json":
        text = dumps(out.to_json(rows)) + "\n"
    elif fmt == "csv":
        text = out.to_csv(rows)
    else:
        text = out.to_vcards(rows, out.notes_of_files(s.root, rows, s.config.log_heading))
    if output is None:
        click.echo(text, nl=False)  # JSON ends with the newline `list --json` prints
    else:
        _write_output(output, text)
        say(f"Wrote {len(rows):,} contact(s) to {output}")
    s.report_problems()


def _write_output(path: Path, data: str | bytes) -> None:
    """The file `--output` names, written atomically; text is UTF-8, and a file name in it
    that is not valid UTF-8 shows U+FFFD. A FIFO or a device there is refused (reading it to
    compare would wait forever): leave out --output to write to stdout."""
    from network_md.store.atomic import write_file

    if isinstance(data, str):
        data = data.encode("utf-8", UNDECODABLE)
    try:
        before = read_regular(path)
    except NotRegularFile:
        before = False
    except FileNotFoundError:
        before = None
    except OSError as exc:
        raise WriteError(f"{path}: cannot be read ({exc.strerror}); nothing written") from None
    if before is False:
        raise UsageError(
            f"--output {path}: not a regular file; nothing written (without --output: stdout)"
        )
    if not path.parent.is_dir():
        raise UsageError(
            f"--output {path}: the folder {path.parent} does not exist; nothing written"
        )
    write_file(path, data, before)
