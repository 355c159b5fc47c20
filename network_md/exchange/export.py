"""The contacts and their analysis as JSON (exactly `list --json`), CSV, or vCard 4.0 text."""

from __future__ import annotations

import re

from network_md.core.dates import iso
from network_md.exchange.identity import as_list, text_of
from network_md.format.fields import birthday_text, known, texts

CSV_COLUMNS = (
    "name", "path", "circle", "relationship", "given", "received", "thanks_given",
    "thanks_received", "asks", "declines", "balance", "last_touch", "familiarity", "trust",
    "flags", "email", "phone", "company", "role", "linkedin", "tags",
)  # fmt: skip
PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")  # `42`, `-3`, `2.5`: shown as written
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_json(rows) -> dict:
    from network_md.render.text import contact_json

    return {"contacts": [contact_json(st) for st in rows]}


def _cell(text: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula: a cell that starts with
    a character that makes a spreadsheet compute is prefixed with `'`, unless the whole cell is
    a plain number (`-3`). `-2-3`, `--1` and `+1 555 0100` are computed, so they get it too."""
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def csv_row(st) -> list:
    c = st.contact
    f = known_fields(c.fields)
    values = {
        "name": c.name,
        "path": c.path,
        "circle": st.circle,
        "relationship": st.relationship,
        "given": st.given,
        "received": st.received,
        "thanks_given": st.thanks_given,
        "thanks_received": st.thanks_received,
        "asks": st.asks,
        "declines": st.declines,
        "balance": st.balance,
        "last_touch": iso(st.last_touch) or "",
        "familiarity": st.familiarity,
        "trust": st.trust,
        "flags": ";".join(fl.rule for fl in st.flags),
        "email": ";".join(as_list(f.get("email"))),
        "phone": ";".join(as_list(f.get("phone"))),
        "company": text_of(f.get("company")),
        "role": text_of(f.get("role")),
        "linkedin": text_of(f.get("linkedin")),
        "tags": ";".join(c.tags),
    }
    return [_cell(v) if isinstance(v, str) else v for v in (values[k] for k in CSV_COLUMNS)]


def to_csv(rows) -> str:
    """A header and one row per contact (RFC 4180: CRLF, quotes where needed)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for st in rows:
        writer.writerow(csv_row(st))
    return out.getvalue()


def known_fields(contact_fields: dict) -> dict:
    """The fields with the known keys as network-md spells them (`E-mail` is `email`) and
    links as their text (`[[Acme]]` is `Acme`)."""
    found = known(contact_fields)
    return {**contact_fields, **{k: texts(v) or None for k, v in found.items() if k != "archived"}}


def _structured_name(value):
    """N from a `n:` key (`family;given;additional;prefixes;suffixes`, as a vCard writes it)."""
    import vobject

    from network_md.exchange.vcard import split_escaped

    text = text_of(value)
    if not text:
        return None
    parts = (split_escaped(text, ";") + [""] * 5)[:5]
    family, given, additional, prefix, suffix = parts
    return vobject.vcard.Name(family, given, additional, prefix, suffix)


def _bday(value) -> str | None:
    """BDAY in vCard 4.0's basic form: `19800322`, or `--0322` without the year."""
    text = birthday_text(value)
    if text is None:
        return None
    return text.replace("-", "") if not text.startswith("--") else "--" + text[2:].replace("-", "")


def to_vcard(st, notes: str = "") -> str:
    """One vCard 4.0 for a contact: FN, N (only when known), NICKNAME, EMAIL, TEL, ORG, TITLE,
    CATEGORIES, BDAY, URL, NOTE."""
    import uuid

    import vobject

    c = st.contact
    f = known_fields(c.fields)
    card = vobject.vCard()
    card.add("version").value = "4.0"
    # a UID from the path, so a client that imports the file twice updates instead of doubling
    # (a file name that is not UTF-8 is hashed by its bytes, escaped: the same UID every time)
    path = c.path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    card.add("uid").value = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'network-md:' + path)}"
    card.add("fn").value = c.name
    name = _structured_name(f.get("n"))
    if name is not None:  # never guessed from FN: "O'Brien, Siobhán" has no last word to split
        card.add("n").value = name
    for alias in c.aliases:
        card.add("nickname").value = alias
    for email in as_list(f.get("email")):
        card.add("email").value = email
    for phone in as_list(f.get("phone")):
        card.add("tel").value = phone
    if text_of(f.get("company")):
        card.add("org").value = [text_of(f.get("company"))]
    if text_of(f.get("role")):
        card.add("title").value = text_of(f.get("role"))
    if c.tags:
        card.add("categories").value = list(c.tags)
    bday = _bday(f.get("birthday"))
    if bday:  # not a real date (`circa 1990`, `1990-02-29`): `check` warns, no BDAY is made up
        card.add("bday").value = bday
    for url in [*as_list(f.get("url")), *as_list(f.get("linkedin"))]:
        card.add("url").value = url
    if notes.strip():
        card.add("note").value = notes.strip()
    return card.serialize()


def notes_of_files(root, rows, log_heading: str = "## Log") -> dict[str, str]:
    """Each contact's notes (its body outside the log section), read from its file."""
    from network_md.format.parse import notes_of
    from network_md.store.safeopen import read_regular

    out = {}
    for st in rows:
        try:
            out[st.contact.path] = notes_of(read_regular(root / st.contact.path), log_heading)
        except OSError:
            out[st.contact.path] = ""
    return out


def to_vcards(rows, notes: dict[str, str] | None = None) -> str:
    notes = notes or {}
    return "".join(to_vcard(st, notes.get(st.contact.path, "")) for st in rows)
