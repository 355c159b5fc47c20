"""`search TERM...`: the contacts whose files hold every term, best first, with their lines."""

from __future__ import annotations

import os

import click

from network_md.cli.main import Session, cli, emit, json_option, pass_session, width

# Up to this many files to look at closely, each is parsed on its own; past it, their contacts
# come from the index and its cache: opening it costs more than a few parses, far less than many.
PARSE_AT_MOST = 2000
SHOWN = 20  # results in text, best first, unless --all; JSON has every one


@cli.command()
@click.argument("terms", nargs=-1, metavar="TERM...")
@click.option("--all", "show_all", is_flag=True, help=f"Every result, not only the best {SHOWN}.")
@json_option
@pass_session
def search(s: Session, terms, show_all, as_json):
    """Contacts whose name, aliases, tags, fields, notes or log hold every TERM (case and
    accents ignored), best first, each with its matching lines. `key:value` must hold in one
    field: company:, role:, email:, phone:, linkedin:, name:, alias:, tag:, circle:,
    relationship:, kind:."""
    from network_md.analysis.search import narrowed, needles, parse_terms, ranked
    from network_md.render.search import search_json_text, search_text
    from network_md.store import scan
    from network_md.store.vault import Vault

    vault = Vault.open(s.root)
    found_terms = parse_terms(terms, vault.config)
    wanted = needles(found_terms, vault.config)
    seen = vault.discover()
    files = scan.corpus(s.root, seen, scan.load(s.root, s.use_cache), s.use_cache)
    best = None if as_json or show_all else SHOWN
    hits, source = _hits(s, vault, seen, files, narrowed(files, wanted, found_terms), found_terms)
    shown = ranked(hits, best)
    if source is None:  # text and facts said it all: contacts only for the results shown
        source = _Contacts(s, vault, seen, len(shown), with_log=False)
    found = [f for h in shown if (f := source.found(h))]
    if as_json:
        click.echo(search_json_text(found), color=False)
    else:
        emit(search_text(found, width(), more=len(hits) - len(shown)))
    for p in vault.config_problems:
        click.echo(p.format(), err=True)


def _hits(s: Session, vault, seen: dict, files, candidates: list[int], terms) -> tuple:
    """(the hits, in no order; the _Contacts asked, or None when no contact was needed)."""
    from network_md.analysis.search import match, needs_contacts

    paths, texts, facts = files
    if not needs_contacts(terms):
        hits = [h for i in candidates if (h := match(terms, texts[i], paths[i], facts=facts[i]))]
        return hits, None
    # relationship:, circle:, kind: ask every candidate's contact
    with_log = any(t.key == "kind" for t in terms)
    source = _Contacts(s, vault, seen, len(candidates), with_log)
    found = (source.match(terms, paths[i], texts[i], facts[i]) for i in candidates)
    return [h for h in found if h], source


class _Contacts:
    """The contacts of the files that may match: parsed one by one, or from the index."""

    def __init__(self, s: Session, vault, seen: dict, count: int, with_log: bool):
        self.s, self.vault, self.with_log = s, vault, with_log
        self.from_index = count > PARSE_AT_MOST
        if self.from_index:
            from network_md.analysis.current import Contribution
            from network_md.store.cache import Cache

            cache = Cache(s.root, s.use_cache)
            index = cache.open_index()
            day = Contribution(index.vault.config, s.today.toordinal())
            index.refresh(None, parallel=True, prepare=day, seen=seen)  # one walk, not two
            s.adopt_cache(cache)
        self.today = s.today.toordinal()
        self.root = str(vault.root)
        self._data: dict[str, bytes] = {}
        self._parsed: dict[str, tuple] = {}
        self._stats: dict[str, object] = {}

    def data(self, path: str) -> bytes:
        if path not in self._data:
            from network_md.store.safeopen import read_regular

            try:  # os.path, not pathlib: this runs once per match, and there may be thousands
                self._data[path] = read_regular(os.path.join(self.root, path))
            except OSError:
                self._data[path] = b""
        return self._data[path]

    def parsed(self, path: str) -> tuple:
        """(contact, log) of the file: contact None when it is none, log None until read."""
        if path in self._parsed:
            return self._parsed[path]
        from network_md.format.parse import parse_contact

        if self.from_index:
            contact = self.s.index.contact(path)
            log = None  # read when a kind: term asks for it
        else:
            contact, _ = parse_contact(path, self.data(path), self.vault.config, self.with_log)
            log = list(contact.log) if contact and contact.log is not None else None
        self._parsed[path] = (contact, log)
        return contact, log

    def stats(self, path: str):
        """The contact's numbers (None: not a contact), worked out once, only when asked."""
        if path not in self._stats:
            from network_md.analysis.stats import contact_stats

            contact = self.parsed(path)[0]
            found = (
                None
                if contact is None
                else contact_stats(contact, self.vault.config, self.today, {})
            )
            self._stats[path] = found
        return self._stats[path]

    def log(self, path: str) -> list:
        contact, log = self.parsed(path)
        if log is None:
            log = self.s.full_log(path)
            self._parsed[path] = (contact, log)
        return log

    def match(self, terms, path: str, text: bytes, facts: bytes):
        """The file's Hit, from its searchable text and facts and its contact as needed."""
        from network_md.analysis.search import match, needs_numbers

        contact = self.parsed(path)[0]
        if contact is None:
            return None  # not a contact: the dashboard, a binary or broken file
        stats = self.stats(path) if needs_numbers(terms) else None
        log = self.log(path) if self.with_log else None
        return match(terms, text, path, stats, log, contact, facts)

    def found(self, hit):
        """The hit as shown: its contact's numbers and its lines as written (None: no contact)."""
        from network_md.render.search import Found, Line

        if self.stats(hit.path) is None:
            return None
        lines = self.data(hit.path).decode("utf-8", "replace").removeprefix("\ufeff").split("\n")
        shown = [Line(hit.path, n, lines[n - 1].rstrip("\r")) for n in hit.lines if n <= len(lines)]
        return Found(self.stats(hit.path), shown)
