"""Who is who: import records matched to the vault's contacts, and the plan of what to write."""

# Identity (docs/import-export.md): when both sides have a LinkedIn URL, the URL alone decides;
# email, then name and company, decide only when one side lacks a URL. Pure: no file is read.

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import unquote

from network_md.core.model import Contact
from network_md.core.names import fold
from network_md.format.fields import link_text

SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
URL_KEYS = ("linkedin", "linkedin_url", "url")  # where a contact file may hold its profile URL


class Record(NamedTuple):
    """One person from an import file, with the front matter a new file for them gets."""

    where: str  # `file:line` or `file: card N`, for messages
    name: str  # "" when the source names nobody
    keys: dict  # front-matter key -> str | list[str] | date, in the order they are written
    body: str = ""  # Markdown between the front matter and `## Log` (a vCard's NOTE)

    @property
    def linkedin(self) -> str | None:
        return linkedin_of(self.keys)

    @property
    def emails(self) -> set[str]:
        return emails_of(self.keys)

    @property
    def company(self) -> str:
        return text_of(self.keys.get("company"))

    @property
    def role(self) -> str:
        return text_of(self.keys.get("role"))

    @property
    def names(self) -> set[str]:
        return {fold(n) for n in (self.name, *as_list(self.keys.get("aliases"))) if n.strip()}


# --- normalising -----------------------------------------------------------------------------


def norm_url(url) -> str | None:
    """A URL as identity: no scheme, `www.`, query or trailing slash; percent-decoded, folded."""
    # `uk.linkedin.com/in/x` is `linkedin.com/in/x`; `?trk=...` is tracking, not identity
    text = unicodedata.normalize("NFC", unquote(str(url or "").strip())).casefold()
    text = SCHEME.sub("", text).split("?", 1)[0].split("#", 1)[0]
    host, _, path = text.partition("/")
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        host = "linkedin.com"
    elif host.startswith("www."):
        host = host[4:]
    path = path.rstrip("/")
    out = f"{host}/{path}" if path else host
    return out or None


def is_linkedin(url) -> bool:
    found = norm_url(url)
    return bool(found) and found.startswith("linkedin.com/")


def norm_email(email) -> str:
    text = str(email or "").strip().casefold()
    return text[7:] if text.startswith("mailto:") else text


def as_list(value) -> list[str]:
    """A front-matter value as a list of non-empty strings (one string is one item)."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    return [str(i).strip() for i in items if i is not None and str(i).strip()]


def text_of(value) -> str:
    """The first text of a front-matter value; a link is what Obsidian shows (`[[a/Acme]]`: Acme)."""
    items = as_list(value)
    return link_text(items[0]) if items else ""


def linkedin_of(fields: dict) -> str | None:
    for key in URL_KEYS:
        for url in as_list(fields.get(key)):
            if key != "url" or is_linkedin(url):
                return norm_url(url)
    return None


def shown_url(fields: dict) -> str:
    """The LinkedIn URL as the source wrote it, for a message (the user can search for it)."""
    for key in URL_KEYS:
        for url in as_list(fields.get(key)):
            if key != "url" or is_linkedin(url):
                return str(url).strip()
    return ""


def emails_of(fields: dict) -> set[str]:
    return {norm_email(e) for key in ("email", "emails") for e in as_list(fields.get(key))} - {""}


def job(company: str, role: str) -> str:
    """`Flipkart, Senior SDE`; either part may be missing."""
    return ", ".join(p for p in (company, role) if p) or "(none)"


# --- the plan --------------------------------------------------------------------------------


class Known:
    """A contact as identity sees it: a vault file, or a file this import is about to create.

    A contact that others were merged into also stands for them: each `merged:` item's name,
    LinkedIn URL, email and company identify it as well (docs/import-export.md)."""

    def __init__(self, path: str, name: str, names: set[str], fields: dict, seen_by=None):
        self.path, self.name, self.names, self.fields = path, name, names, fields
        self.seen_by: Record | None = seen_by  # the first record of this import that is them
        self.url = linkedin_of(fields)
        self.emails = emails_of(fields)
        self.company = text_of(fields.get("company"))
        self.role = text_of(fields.get("role"))
        self.urls = {self.url} - {None}
        self.pairs = {(n, fold(self.company)) for n in names}  # (name, company), folded
        for item in merged_items(fields):
            self._also(item)

    def _also(self, item: dict) -> None:
        """One merged-away identity, known from now on as this contact's too."""
        url = linkedin_of(item)
        if url:
            self.urls.add(url)
        self.emails |= emails_of(item)
        self.names |= {fold(n) for n in as_list(item.get("name"))}
        company = fold(text_of(item.get("company")) or self.company)
        self.pairs |= {(n, company) for n in self.names}  # every name of theirs, at that company

    @classmethod
    def of_contact(cls, c: Contact) -> Known:
        from network_md.exchange.export import (
            known_fields,  # `E-mail`, `Company: "[[Acme]]"` count too
        )

        names = {fold(n) for n in (c.name, *c.aliases)}
        return cls(c.path, c.name, names, known_fields(c.fields))


def merged_items(fields: dict) -> list[dict]:
    """The `merged:` items of a contact's fields (each a mapping, keys folded as read)."""
    from network_md.format.fields import canonical

    value = next((v for k, v in fields.items() if canonical(k) == "merged"), None)
    items = value if isinstance(value, list) else []
    # as written and as known (`E-mail` is `email`; `linkedin_url` stays itself too)
    return [
        {**{str(k): v for k, v in i.items()}, **{canonical(str(k)): v for k, v in i.items()}}
        for i in items
        if isinstance(i, dict)
    ]


class Change(NamedTuple):
    """A known person whose company or role differs in the import."""

    record: Record
    path: str
    name: str
    old: tuple[str, str]  # (company, role) as the file has them
    new: tuple[str, str]  # as the import has them ("" where it has nothing)
    keys: dict  # the front-matter keys to write: {"company": ..., "role": ...}
    previously: list  # the file's `previously:` list as it is

    def describe(self) -> str:
        return f"{self.name}: {job(*self.old)} → {job(*self.new)}"


class Plan(NamedTuple):
    created: list  # (Record, vault-relative path)
    existing: list  # (Record, path)
    changed: list  # Change
    skipped: list  # (Record, reason)
    problems: list  # (where, message): reported, never fatal


def plan(records: list[Record], contacts: list[Contact], place: Callable[[str], str]) -> Plan:
    """What an import does; `place(name)` gives the vault-relative path of a new file."""
    return _Planner(contacts).run(records, place)


class _Planner:
    def __init__(self, contacts: list[Contact]):
        self.by_url: dict[str, list[Known]] = {}
        self.by_email: dict[str, list[Known]] = {}
        self.by_name: dict[tuple[str, str], list[Known]] = {}
        for c in sorted(contacts, key=lambda c: c.path):
            self.add(Known.of_contact(c))

    def add(self, k: Known) -> None:
        for url in sorted(k.urls):
            self.by_url.setdefault(url, []).append(k)
        for e in k.emails:
            self.by_email.setdefault(e, []).append(k)
        for pair in k.pairs:
            self.by_name.setdefault(pair, []).append(k)

    def run(self, records: list[Record], place) -> Plan:
        p = Plan([], [], [], [], [])
        first_row: dict[str, Record] = {}  # URL -> the first record of this import that has it
        for r in records:
            if not r.name.strip():
                p.skipped.append((r, "no name"))
                p.problems.append(
                    (r.where, "no name (no first or last name, FN, N, ORG or EMAIL); skipped")
                )
                continue
            url = r.linkedin
            first = first_row.setdefault(url, r) if url else r
            if not (first.names & r.names):
                why = (
                    f"{r.name} has the LinkedIn URL of {first.name} ({first.where}): "
                    f"{shown_url(r.keys)}; not merged, skipped"
                )
                p.skipped.append((r, "same LinkedIn URL as another row"))
                p.problems.append((r.where, why))
                continue
            verdict, k, note = self.match(r)
            if note:
                p.problems.append((r.where, note))
            if verdict == "new":
                path = place(r.name)
                p.created.append((r, path))
                self.add(Known(path, r.name, r.names, r.keys, seen_by=r))
            elif verdict == "match" and k.seen_by is not None:
                # one person twice in one import: the first record stands, every run alike
                p.existing.append((r, k.path))
                earlier = k.seen_by
                if (fold(r.company), fold(r.role)) != (fold(earlier.company), fold(earlier.role)):
                    p.problems.append(
                        (
                            r.where,
                            (
                                f"{r.name} is also at {earlier.where} with another job "
                                f"({job(earlier.company, earlier.role)}); the first one counts"
                            ),
                        )
                    )
            elif verdict == "match":
                k.seen_by = r
                change = self.job_change(r, k)
                if change:
                    p.changed.append(change)
                else:
                    p.existing.append((r, k.path))
            else:
                p.skipped.append((r, note))
        return p

    def match(self, r: Record) -> tuple[str, Known | None, str]:
        """("new" | "match" | "ambiguous", the contact, a note for the report)."""
        url = r.linkedin
        if url and url in self.by_url:
            return self._by_url(r, self.by_url[url])
        # email, then name and company: only contacts without a URL of their own can match a
        # record that has one (two different URLs are two different people)
        for label, hits in self._candidates(r):
            found = self._narrowed(r, hits, url)
            if len(found) == 1:
                return "match", self._claimed(found[0], url), ""
            if found:
                paths = ", ".join(k.path for k in found[:5])
                return (
                    "ambiguous",
                    None,
                    f"{r.name}: the {label} matches {len(found)} contacts ({paths}); skipped",
                )
        return "new", None, ""

    def _by_url(self, r: Record, hits: list[Known]) -> tuple[str, Known, str]:
        """The URL alone decides; a different name is worth a word, no more."""
        same = [k for k in hits if k.names & r.names]
        if same:
            return "match", same[0], ""
        k = hits[0]
        return (
            "match",
            k,
            (
                f"{r.name} matched {k.path} ({k.name}) by LinkedIn URL {shown_url(r.keys)}; "
                f"add '{r.name}' to its aliases to silence this"
            ),
        )

    def _candidates(self, r: Record):
        """(what matched, the contacts it names), email first, then name and company."""
        yield "email", [k for e in sorted(r.emails) for k in self.by_email.get(e, ())]
        company = fold(r.company)
        yield (
            "name and company",
            [k for n in sorted(r.names) for k in self.by_name.get((n, company), ())],
        )

    @staticmethod
    def _narrowed(r: Record, hits: list[Known], url: str | None) -> list[Known]:
        """The distinct eligible contacts among `hits`; of several, the one that has r's name."""
        eligible = [k for k in hits if not (url and k.urls)]
        found = list({id(k): k for k in eligible}.values())
        if len(found) > 1:
            same = [k for k in found if k.names & r.names]
            found = same if len(same) == 1 else found
        return found

    def _claimed(self, k: Known, url: str | None) -> Known:
        """A contact matched without a URL now stands for the record's URL in this import."""
        if url and not k.urls:
            k.url = url
            k.urls.add(url)
            self.by_url[url] = [k]
        return k

    def job_change(self, r: Record, k: Known) -> Change | None:
        """A changed company or role of a known person (only what the import actually has)."""
        company = r.company if r.company and fold(r.company) != fold(k.company) else ""
        role = r.role if r.role and fold(r.role) != fold(k.role) else ""
        if not company and not role:
            return None
        keys = {key: value for key, value in (("company", company), ("role", role)) if value}
        return Change(
            r,
            k.path,
            k.name,
            (k.company, k.role),
            (r.company, r.role),
            keys,
            as_list(k.fields.get("previously")),
        )
