"""vCard 2.1, 3.0 and 4.0 files -> import records. Pure functions over a file's bytes."""

# Line structure is ours (docs/import-export.md lists the real files that need it): CR CR LF
# and mixed line endings, folded lines, quoted-printable soft line breaks, 2.1 base64 blocks,
# nested cards, each property's CHARSET decoded before anything else. Each logical line is then
# split into name, parameters and value by vobject's `parseLine`; values are unescaped here,
# because vobject's text behaviour keeps only the first of comma-separated values.

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from network_md.exchange.identity import Record

LINE_BREAK = re.compile(rb"\r*\n|\r")
HEAD = re.compile(rb"[ \t]*(?:[A-Za-z0-9_-]+\.)?([A-Za-z0-9_-]+)[ \t]*([;:])")
BEGIN_END = re.compile(r"(?:[A-Za-z0-9_-]+\.)?(BEGIN|END)[ \t]*:[ \t]*VCARD[ \t]*\Z", re.IGNORECASE)
BASE64_LINE = re.compile(rb"[A-Za-z0-9+/=]+\Z")
EMPTY_PARAMS = re.compile(r";+(?=[;:])")
PARAMS = re.compile(r'(?:[^:"]|"[^"]*")*:?')  # the name and parameters, up to the value's colon
BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}  # pictures, sounds, keys: never imported
QP = {"QUOTED-PRINTABLE", "QP"}
B64 = {"BASE64", "B"}
ESCAPE = re.compile(r"\\(.)", re.DOTALL)
BDAY = re.compile(r"(\d{4}|--)-?(\d{2})-?(\d{2})(?:T.*)?\Z")
NO_YEAR = {"--", "1604"}  # 4.0's `--MMDD`; Apple writes a birthday without a year as 1604


class Card(NamedTuple):
    """One card's properties, decoded: (NAME upper-cased, params, value text still escaped)."""

    number: int  # 1-based, in the order the cards begin in the file
    line: int  # the line of its BEGIN:VCARD
    props: list  # (name, {PARAM: [values]}, value)
    error: str | None  # why it is malformed (then it is not imported)


# --- lines -----------------------------------------------------------------------------------


def _flags(raw: bytes) -> tuple[bool, bool]:
    """(quoted-printable, base64) from a raw line's parameters, before it is parsed."""
    m = HEAD.match(raw)
    if not m or m[2] != b";":
        return False, False
    colon = raw.find(b":", m.end())
    params = raw[m.end() : colon if colon >= 0 else len(raw)].upper().replace(b" ", b"")
    words = set(re.split(rb"[;=,]", params))
    qp = b"QUOTED-PRINTABLE" in words or b"ENCODING=QP" in params
    return qp, b"BASE64" in words or b"ENCODING=B" in params


def logical_lines(data: bytes) -> list[tuple[int, bytes]]:
    """(line number, bytes) of each logical line: unfolded, soft breaks joined, blanks dropped."""
    out: list[list] = []
    qp = b64 = False
    for number, raw in enumerate(LINE_BREAK.split(data), 1):
        if out and qp and out[-1][1].endswith(b"="):
            out[-1][1] = out[-1][1][:-1] + raw  # a quoted-printable soft line break
            continue
        if not raw.strip():
            b64 = False  # a blank line ends a 2.1 base64 block
            continue
        if out and raw[:1] in (b" ", b"\t"):
            out[-1][1] += raw[1:]  # a folded line
            qp, b64 = _flags(out[-1][1])
            continue
        if out and b64 and BASE64_LINE.match(raw):
            out[-1][1] += raw  # 2.1 base64 data runs on, unindented, to a blank line
            continue
        out.append([number, raw])
        qp, b64 = _flags(raw)
    return [(n, bytes(b)) for n, b in out]


def _decode(value: bytes, charset: str | None) -> str:
    """Bytes in the property's CHARSET; without one UTF-8, else Windows-1252 (never fails)."""
    import codecs

    if charset:
        try:
            return value.decode(codecs.lookup(charset).name, "replace")
        except LookupError:
            pass
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("cp1252", "replace")


def parse_property(raw: bytes):
    """(NAME, {PARAM: [values]}, value text) of one logical line; None when it is no property."""
    import binascii

    from vobject.base import ParseError, parseLine

    if not HEAD.match(raw):
        return None
    # latin-1 maps bytes to characters one to one: the value's bytes come back exactly below
    text = raw.decode("latin-1").strip(" \t")
    head = PARAMS.match(text)  # empty parameters (`TEL;;CELL`) go; the value's `;;` stay
    text = EMPTY_PARAMS.sub("", head[0]) + text[head.end() :]
    try:
        name, params, value, _group = parseLine(text)
    except ParseError:
        return None
    found: dict[str, list[str]] = {}
    for p in params:
        key, values = (p[0].upper(), p[1:]) if len(p) > 1 else ("TYPE", p)  # 2.1: `TEL;CELL`
        found.setdefault(key, []).extend(
            v.encode("latin-1").decode("utf-8", "replace") for v in values
        )
    encoding = {e.upper() for e in found.pop("ENCODING", [])} | {
        t.upper() for t in found.get("TYPE", [])
    }
    charset = (found.pop("CHARSET", None) or [None])[0]
    data = value.encode("latin-1")
    if encoding & QP:
        data = binascii.a2b_qp(data)
    elif encoding & B64 and name.upper() not in BINARY:
        try:
            data = binascii.a2b_base64(data)
        except binascii.Error:
            pass
    decoded = _decode(data, charset)
    if encoding & (QP | B64):  # decoded line breaks are text now: escape them as 3.0 would
        decoded = (
            decoded.replace("\r\n", "\n")
            .replace("\r", "\n")
            .replace("\\", "\\\\")
            .replace("\n", "\\n")
        )
    return name.upper(), found, decoded


def _utf8(data: bytes) -> bytes:
    """Without a byte order mark; UTF-16 files (some Windows exports) as UTF-8."""
    import codecs

    for bom, codec in (
        (codecs.BOM_UTF8, None),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            rest = data[len(bom) :]
            return rest.decode(codec, "replace").encode("utf-8") if codec else rest
    return data


def split_cards(data: bytes) -> tuple[list[Card], list[int]]:
    """(cards in the order they begin, line numbers of text outside any card)."""
    # nested cards (vCard 2.1 allows them) become cards of their own
    cards: list[Card] = []
    stack: list[int] = []  # numbers of the cards open at this line
    stray: list[int] = []
    data = _utf8(data)
    for number, raw in logical_lines(data):
        text = raw.decode("latin-1").strip(" \t")
        m = BEGIN_END.match(text)
        if m and m[1].upper() == "BEGIN":
            card = Card(len(cards) + 1, number, [], None)
            cards.append(card)
            stack.append(card.number)
            continue
        if m:
            if stack:
                stack.pop()
            else:
                stray.append(number)
            continue
        if not stack:
            stray.append(number)
            continue
        i = stack[-1] - 1
        prop = parse_property(raw)
        if prop is None:
            if cards[i].error is None:
                shown = raw.decode("utf-8", "replace").strip()
                shown = shown if len(shown) <= 50 else shown[:47] + "..."
                cards[i] = cards[i]._replace(error=f"line {number} is not a property: {shown!r}")
        elif prop[0] not in BINARY:
            cards[i].props.append(prop)
    for n in stack:
        if cards[n - 1].error is None:
            cards[n - 1] = cards[n - 1]._replace(error="no END:VCARD before the end of the file")
    return cards, stray


# --- values ----------------------------------------------------------------------------------


def unescape(text: str) -> str:
    """`\\n` -> line break, `\\,` `\\;` `\\:` `\\\\` -> the character; other backslashes stay."""
    return ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else (m[1] if m[1] in ",;:\\" else m[0]), text)


def split_escaped(text: str, sep: str) -> list[str]:
    """Split on `sep` where it is not escaped by a backslash; parts unescaped and stripped."""
    parts, current, i = [], [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if c == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(c)
        i += 1
    parts.append("".join(current))
    return [" ".join(unescape(p).split()) for p in parts]


def _one_line(text: str) -> str:
    return " ".join(unescape(text).split())


def birthday(text: str) -> date | str | None:
    """`19800322`, `1980-03-22`, `1989-06-12T14:30:00Z` -> date; without a year (`--0322`,
    `--03-22`) -> `--03-22`, as the front matter writes it; None when it is not a real date."""
    m = BDAY.match(text.strip())
    if not m:
        return None
    try:  # without a year, a leap year: 29 February is a real birthday
        day = date(2000 if m[1] in NO_YEAR else int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return f"--{day:%m-%d}" if m[1] in NO_YEAR else day


def birthday_keys(text: str) -> list[tuple[str, object]]:
    """BDAY as the front matter keeps it: a real date is `birthday`; anything else (`circa
    1800`, `--0230`) is kept as written under `birthday_text`, never passed off as a birthday."""
    if not text:
        return []
    day = birthday(text)
    return [("birthday", day)] if day is not None else [("birthday_text", _one_line(text))]


def tag(text: str) -> str:
    """A category as a tag: no `#`, no spaces (Obsidian tags cannot hold them)."""
    return "-".join(text.lstrip("#").split())


def _unique(items) -> list:
    seen, out = set(), []
    for i in items:
        key = i.casefold() if isinstance(i, str) else i
        if i and key not in seen:
            seen.add(key)
            out.append(i)
    return out


class _Values:
    """A card's property values by name (`EMAIL` -> every EMAIL's value), in card order."""

    def __init__(self, card: Card):
        self.by_name: dict[str, list[str]] = {}
        for name, _params, value in card.props:
            self.by_name.setdefault(name, []).append(value)

    def all(self, name: str) -> list[str]:
        return self.by_name.get(name, [])

    def first(self, name: str) -> str:
        """The first value of `name` with text on it, else ``."""
        return next((v for v in self.all(name) if _one_line(v)), "")

    def lines(self, name: str, strip: str = "") -> list:
        """Every value of `name` as one line, `strip` taken off its front, each once."""
        return _unique(_one_line(v).removeprefix(strip) for v in self.all(name))


def _card_name(values: _Values, org: str, emails: list) -> str:
    """FN, else N (given, additional, family), else ORG, else the first EMAIL; `` when none."""
    name = _one_line(values.first("FN"))
    n = split_escaped(values.first("N"), ";") if values.first("N") else []
    if not name and n:
        name = " ".join(p for p in (n[1:3] + n[:1]) if p)
    return name or org or (emails[0] if emails else "")


def _structured_name(values: _Values) -> str:
    """N as the card writes it (export gives it back instead of guessing one), `` when empty."""
    n = values.first("N")
    return " ".join(n.split()) if n and any(split_escaped(n, ";")) else ""


def _front_matter(pairs) -> dict:
    """The keys that have a value; a list of one is that one value (`aliases` stays a list)."""
    keys = {}
    for key, value in pairs:
        if value:
            one = isinstance(value, list) and len(value) == 1 and key != "aliases"
            keys[key] = value[0] if one else value
    return keys


def card_record(card: Card, label: str) -> Record:
    """The record a card imports as: its name, front-matter keys and notes."""
    values = _Values(card)
    org = split_escaped(values.first("ORG"), ";")[0] if values.first("ORG") else ""
    emails = values.lines("EMAIL", "mailto:")
    name = _card_name(values, org, emails)
    aliases = _unique(a for v in values.all("NICKNAME") for a in split_escaped(v, ","))
    keys = {"name": name}
    keys |= _front_matter(
        (
            ("aliases", [a for a in aliases if a.casefold() != name.casefold()]),
            ("company", org),
            ("role", _one_line(values.first("TITLE"))),
            ("email", emails),
            ("phone", values.lines("TEL", "tel:")),
            *birthday_keys(values.first("BDAY")),
            ("url", values.lines("URL")),
            ("n", _structured_name(values)),
        )
    )
    keys["circle"] = "contact"
    # a tag cannot hold a comma, and Thunderbird escapes the commas between its categories
    tags = _unique(tag(t) for v in values.all("CATEGORIES") for t in unescape(v).split(","))
    if tags:
        keys["tags"] = tags
    notes = [unescape(v).replace("\r\n", "\n").strip() for v in values.all("NOTE")]
    body = "\n\n".join(n for n in notes if n)
    return Record(f"{label}: card {card.number}", name, keys, body)


class Read(NamedTuple):
    """What one vCard file holds."""

    records: list[Record]
    cards: int
    malformed: list[tuple[str, str]]  # (where, why): reported, skipped, exit 1
    problems: list[tuple[str, str]]  # (where, message): reported only


def read(data: bytes, label: str) -> Read:
    """Every card of a file as a record; malformed cards reported, not imported."""
    cards, stray = split_cards(data)
    records, malformed, problems = [], [], []
    for card in cards:
        if card.error:
            malformed.append(
                (
                    f"{label}: card {card.number} (line {card.line})",
                    f"malformed: {card.error}; skipped",
                )
            )
        else:
            records.append(card_record(card, label))
    if stray and not cards:
        malformed.append(
            (label, f"holds no vCard (no BEGIN:VCARD; line {stray[0]} is text); nothing read")
        )
    elif stray:
        lines = ", ".join(map(str, stray[:5])) + (" ..." if len(stray) > 5 else "")
        problems.append((label, f"text outside any card ignored (line {lines})"))
    return Read(records, len(cards), malformed, problems)
