"""The contacts and their analysis as JSON (exactly `list --json`), CSV, or vCard 4.0 text."""

from __future__ import annotations

import re
from datetime import date

from ..dates import iso
from .identity import as_list, text_of

CSV_COLUMNS = (
    "name", "path", "circle", "relationship", "given", "received", "thanks_given",
    "thanks_received", "asks", "declines", "balance", "last_touch", "familiarity", "trust",
    "flags", "email", "phone", "company", "role", "linkedin", "tags",
)  # fmt: skip
PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")  # `42`, `-3`, `2.5`: shown as written
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")


def to_json(rows) -> dict:
    from ..render import contact_json

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
    f = c.fields
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


def _split_name(name: str) -> tuple[str, str]:
    """(family, given) for N: the last word is the family name; one word is a given name."""
    words = name.split()
    return (words[-1], " ".join(words[:-1])) if len(words) > 1 else ("", name)


def to_vcard(st) -> str:
    """One vCard 4.0 for a contact: FN, N, NICKNAME, EMAIL, TEL, ORG, TITLE, CATEGORIES, BDAY, URL."""
    import uuid

    import vobject

    c = st.contact
    f = c.fields
    card = vobject.vCard()
    card.add("version").value = "4.0"
    # a UID from the path, so a client that imports the file twice updates instead of doubling
    # (a file name that is not UTF-8 is hashed by its bytes, escaped: the same UID every time)
    path = c.path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    card.add("uid").value = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'network-md:' + path)}"
    card.add("fn").value = c.name
    family, given = _split_name(c.name)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
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
    birthday = f.get("birthday")
    if isinstance(birthday, (str, date)) and str(birthday).strip():
        m = ISO_DAY.match(str(birthday).strip())
        line = card.add("bday")
        if m:
            line.value = m[1] + m[2] + m[3]  # 4.0 dates are ISO 8601 basic: 19800322
        else:
            line.value = str(birthday).strip()
            line.params["VALUE"] = ["text"]
    for url in [*as_list(f.get("url")), *as_list(f.get("linkedin"))]:
        card.add("url").value = url
    return card.serialize()


def to_vcards(rows) -> str:
    return "".join(to_vcard(st) for st in rows)
