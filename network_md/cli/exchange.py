"""Commands that bring people in and out: `import linkedin`, `import vcard`, `export`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from network_md.analysis.selection import select
from network_md.cli.importreport import ImportRequest, Written, import_report, print_import_report
from network_md.cli.main import Session, cli, emit_json, json_option, pass_session
from network_md.cli.output import deliver, output_option
from network_md.cli.write import _commit_wanted, _contacts_folder, say
from network_md.core.errors import UsageError, WriteError
from network_md.core.model import RELATIONSHIPS
from network_md.store.safeopen import NotRegularFile, read_regular

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


def _run_import(s: Session, request: ImportRequest) -> dict:
    """Plan, write (unless --dry-run), commit, report. Returns the report."""
    from network_md.exchange import identity
    from network_md.store.newfile import Namer

    namer = None

    def place(name: str) -> str:
        nonlocal namer
        if namer is None:  # the folder is looked at only when someone is new
            namer = Namer(s.root, _contacts_folder(s.config))
        return namer.pick(name, "contact")

    plan = identity.plan(request.records, s.index.contacts(), place)
    written = Written([], set()) if request.dry_run else _write_plan(s, plan, request)
    report = import_report(request, plan, written)
    if request.as_json:
        emit_json(report)
    else:
        print_import_report(report)
    return report


def _write_plan(s: Session, plan, request: ImportRequest) -> Written:
    """Create the new contacts' files and (with --update) write the job changes; commit them
    when asked."""
    from network_md.exchange import files as writer

    wants_commit = _commit_wanted(s, request.commit)  # before writing: no repository, no write
    root, done = s.root, Written([], set())
    progress = _Progress(len(plan.created) + (len(plan.changed) if request.update else 0))
    try:

        def created(rel: str) -> None:
            done.files.append(rel)
            progress(len(done.files))

        writer.create_all(root, plan.created, created)  # one batch: one sync, not one per file
        for change in plan.changed if request.update else ():
            with s.naming(root / change.path):
                if writer.update(root, change, s.today):
                    done.files.append(change.path)
                    done.updated.add(change.path)
            progress(len(done.files))
    except WriteError as exc:
        raise WriteError(
            f"{exc.message} ({len(done.files)} file(s) had been written before it)",
            path=exc.path,
        ) from None
    if wants_commit and done.files:
        what = f"{len(plan.created)} created" + (
            f", {len(done.updated)} updated" if done.updated else ""
        )
        files = request.files
        names = ", ".join(Path(f).name for f in files) if len(files) <= 3 else f"{len(files)} files"
        _commit_files(root, done.files, f"import {request.source}: {what} ({names})")
    return done


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
    request = ImportRequest(
        "linkedin", [str(file)], export.records, export.rows, problems, [],
        dry_run, update, as_json, commit,
    )  # fmt: skip
    _run_import(s, request)


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
    request = ImportRequest(
        "vcard", [str(f) for f in files], records, cards, problems, malformed,
        dry_run, update, as_json, commit,
    )  # fmt: skip
    _run_import(s, request)
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
@output_option("Write to this file instead of stdout.")
@pass_session
def export(s: Session, fmt, relationship, tag, output):
    """The contacts and their analysis, sorted by name: JSON, CSV or vCard 4.0."""
    from network_md.exchange import export as out
    from network_md.render.text import dumps

    active = [st for st in s.analysis.contacts if not st.archived]  # as `list` shows them
    rows = select(active, relationship, tag)
    if fmt == "json":
        text = dumps(out.to_json(rows)) + "\n"
    elif fmt == "csv":
        text = out.to_csv(rows)
    else:
        text = out.to_vcards(rows, out.notes_of_files(s.root, rows, s.config.log_heading))
    # JSON ends with the newline `list --json` prints
    deliver(output, text, f"Wrote {len(rows):,} contact(s) to {output}")
    s.report_problems()
