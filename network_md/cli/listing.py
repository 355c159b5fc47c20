"""`list`: one row per contact. Its rows come from the index cache, made once per contact and
evaluation day, then kept.

A warm `list` decodes no record and analyses no one: it reads the rows kept for the day and
config (render/listrows.py), makes again only those of contacts whose files (or daily-note
entries) changed since, and chooses, orders and joins them. A row is a function of its
contact, the config and the day, as a summary's part is, and is dropped on the same changes
(store/cache_rows.py). What spans contacts (who introduced whom, the close-the-loop nudge)
is worked out from every contact after a change in a vault where some file may hold someone's
introduction; each row keeps what of it it was made with, and is made again where that moved.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import click

from network_md.analysis.selection import SORTS, select
from network_md.cli.main import (
    Session,
    cli,
    emit,
    emit_json_list,
    emit_pieces,
    json_option,
    pass_session,
    width,
)
from network_md.core.errors import UsageError
from network_md.core.model import RELATIONSHIPS
from network_md.store.cache import SMALL_CHANGE
from network_md.store.layout import CACHE_DIR

# The modules whose code decides what a row holds, beyond those that decide the index cache
# itself (store/cache_file.py): an upgrade (or an edit of them) makes the rows anew.
ROW_MODULES = (
    "analysis/selection", "render/listrows", "render/text", "render/table", "render/shapes",
    "core/terminal", "core/width", "core/dates", "cli/listing", "store/cache_rows",
)  # fmt: skip


def _circle_named(config, name: str) -> str:
    """The config's circle that `name` names (case and accents ignored); UsageError for none."""
    from network_md.core.names import fold

    for circle in config.circles:
        if fold(circle) == fold(name):
            return circle
    raise UsageError(
        f"--circle: unknown circle '{name}'; the circles are: {', '.join(config.circles)}"
    )


@cli.command("list")
@click.option(
    "--relationship", type=click.Choice(RELATIONSHIPS), help="Only contacts in this relationship."
)
@click.option("--tag", help="Only contacts with this tag.")
@click.option("--archived", is_flag=True, help="The archived contacts (left out otherwise).")
@click.option(
    "--company",
    metavar="TEXT",
    help="Only contacts whose company holds TEXT (stripe finds Stripe Inc; case and accents ignored).",
)
@click.option("--circle", metavar="CIRCLE", help="Only contacts in this circle.")
@click.option(
    "--sort",
    "sort_by",
    type=click.Choice(list(SORTS)),
    default="name",
    show_default=True,
    help="Order of the rows (numbers: highest first; last: most recent first; company: A to Z, "
    "those without one last).",
)
@json_option
@pass_session
def list_(s: Session, relationship, tag, archived, company, circle, sort_by, as_json):
    """One row per contact (archived contacts only with --archived)."""
    from network_md.render import text as render

    if circle is not None:
        circle = _circle_named(s.config, circle)
    kept = kept_rows(s, as_json)
    if kept is not None:  # the rows kept in the cache: the same bytes as below
        from network_md.render.listrows import chosen, rows_json, rows_text
        from network_md.store.bulk import bulk

        with bulk():  # many small lists and tuples, never cycles
            rows = chosen(kept[0], archived, relationship, tag, sort_by, company, circle)
            if as_json:
                emit_pieces(rows_json(rows, kept[1]))
            else:
                emit(rows_text(rows, width()))
        s.report_problems()
        return
    shown = [st for st in s.analysis.contacts if st.archived == archived]
    rows = select(shown, relationship, tag, sort_by, company, circle)
    if as_json:
        emit_json_list("contacts", map(render.contact_json, rows))
    else:
        emit(render.list_text(rows, width()))
    s.report_problems()


def kept_rows(s: Session, json: bool = False) -> tuple[list, object] | None:
    """(every contact's row for the session's day and config, each with the half `list` (or
    with `json`, `list --json`) prints, the kept texts their items may lie in); None when rows
    cannot serve (no cache, or a cache that cannot be written). A row's other half is made
    only when a `list` asks for it: a first `list` of the day costs what the plain one does."""
    if not s.use_cache:
        return None
    from network_md.render.listrows import SPANS, sound_rows
    from network_md.store.bulk import bulk

    cache, index = s.cache, s.index
    key = (s.today.toordinal(), index.vault.config_key, rows_code())
    # a table prints no item: its rows' kept items stay in the file (copied if it is rewritten)
    (stored, texts), touched = cache.stored_rows(key, texts=json), index.touched
    if not sound_rows(stored, len(texts)):
        stored = {}  # never trusted before it checks out: made anew
    if not stored and not _writable(s.root):
        return None  # rows made for everyone but never kept would only cost more
    # a change since the rows were made may have changed who introduced whom
    changed = not stored or bool(touched) or bool(cache.stale_rows())
    with bulk(freeze=True):
        spans = _spans(s) if changed and _introducing(s) else None
        rows, made, fresh = _gathered(s, stored, spans, json, changed)
        if changed or fresh:
            if spans is None and any(r[0][SPANS] for r in rows.values()):
                spans = _spans(s)
            made += _made_across(s, rows, spans, json)
    if made and cache.enabled:
        cache.keep_rows(key, rows, texts, made > SMALL_CHANGE)
    return list(rows.values()), texts


def _gathered(s: Session, stored: dict, spans, json: bool, changed: bool) -> tuple:
    """(every contact's row with the half `json` says, how many were made, how many of them
    had no kept row): the kept rows where they serve, the others made."""
    from network_md.render.listrows import ACROSS, has_half, joined

    touched = s.index.touched
    rows, made, fresh = {}, 0, 0
    for path in s.index.paths():
        old = None if path in touched else stored.get(path)
        if old is not None and has_half(old, json):
            rows[path] = old
            continue
        # nothing changed: the other half's introductions are still the day's
        kept = None if changed or old is None else old[0][ACROSS]
        row = _row(s, path, spans, json, kept)
        if row is not None:
            rows[path], made, fresh = joined(row, old), made + 1, fresh + (old is None)
    return rows, made, fresh


def _spans(s: Session):
    """Who introduced whom and the close-the-loop nudges of the day, from every contact."""
    from network_md.analysis.introductions import spanning

    return spanning(s.index.contacts(), s.config, s.today.toordinal())


def _row(s: Session, path: str, spans, json: bool, kept: tuple | None = None) -> tuple | None:
    """The row of the contact at `path` made now, the half `json` says (None: no contact
    there); `spans`: what spans contacts today (None: nothing, or `kept`: what of it the
    contact's other half, still the day's, was made with)."""
    from network_md.analysis.stats import contact_stats
    from network_md.render.listrows import ALONE, row_of

    contact = s.index.passing(path)
    if contact is None:
        return None
    stats = contact_stats(contact, s.config, s.today.toordinal(), {})
    if spans is None and kept is not None and kept != ALONE:
        spans = _replayed(path, kept, contact.name)
    if spans is None:
        return row_of(stats, json=json)
    return row_of(spans.onto(stats), spans.key(path), json)


def _replayed(path: str, kept: tuple, name: str):
    """What spans contacts as a row's `across` says it for the contact at `path`: its
    introducer, and as many close-the-loop nudges (a row shows a flag's rule alone)."""
    from network_md.analysis.introductions import RULE, Across, Introduction, Introductions
    from network_md.core.model import Flag

    by, nudges = kept
    intros = Introductions({path: Introduction(by, path, None)} if by else {}, ())
    flag = Flag(RULE, "nudge", name, path, 0, "", "")
    return Across(intros, {path: [flag] * nudges} if nudges else {})


def _made_across(s: Session, rows: dict, spans, json: bool) -> int:
    """Make again, in `rows`, the rows made with other introductions than `spans`' (None: no
    one was introduced); how many."""
    from network_md.render.listrows import ACROSS, ALONE

    def now(path: str) -> tuple:
        return ALONE if spans is None else spans.key(path)

    stale = [p for p, r in rows.items() if r[0][ACROSS] != now(p)]
    for path in stale:
        row = _row(s, path, spans, json)
        if row is None:  # read again and found damaged since: no contact there now
            del rows[path]
        else:
            rows[path] = row
    return len(stale)


def _writable(root: Path) -> bool:
    """Whether the cache folder (or the vault, where it is still to be made) may be written."""
    folder = root / CACHE_DIR
    return os.access(folder if folder.is_dir() else root, os.W_OK)


def _introducing(s: Session) -> bool:
    """The stored summary (of any day: an introduction's mark is not the day's) says a file
    still untouched may hold someone's introduction."""
    stored = s.cache.stored_summary()
    if not isinstance(stored, dict) or stored.get("config_key") != s.index.vault.config_key:
        return False
    introducing = stored.get("introducing")
    touched = s.index.touched
    return isinstance(introducing, list) and any(p not in touched for p in introducing)


def rows_code() -> str:
    """A stamp of ROW_MODULES (their sizes and modification times), hashed: a short key."""
    from network_md.store.layout import modules_stamp

    return hashlib.sha1(repr(modules_stamp(ROW_MODULES)).encode()).hexdigest()
