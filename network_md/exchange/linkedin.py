"""LinkedIn's `Connections.csv`, as real exports are, -> import records. Pure functions."""

# Real exports open with a `Notes:` preamble of changing wording and blank lines, may carry a
# BOM, CRLF or no final newline, quote fields with commas, and older ones lack the `URL`,
# `Position` or `Connected On` columns: the header is found by its column names.

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from network_md.exchange.identity import Record

# Column names as LinkedIn has spelled them over the years -> our field.
COLUMNS = {
    "first name": "first",
    "last name": "last",
    "url": "url",
    "profile url": "url",
    "email address": "email",
    "email": "email",
    "company": "company",
    "position": "role",
    "connected on": "connected",
}
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, 1)}
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[\s-]+([A-Za-z]{3,})\.?[\s,-]+(\d{4})\Z")
SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\Z")
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")


class Export(NamedTuple):
    """What a Connections.csv holds: its records, its problems, and what it could not see."""

    records: list[Record]
    rows: int  # data rows after the header (blank lines not counted)
    header_line: int
    missing: tuple[str, ...]  # optional columns this export lacks
    problems: list[tuple[str, str]]  # (where, message)


class NotAnExport(ValueError):
    """The file has no LinkedIn header (First Name, Last Name): it is some other file."""


def decode(data: bytes) -> tuple[str, str | None]:
    """(text, warning): UTF-8 (with or without BOM), else Windows-1252 as a last resort."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace"), "not UTF-8; read as Windows-1252"


def parse_connected(text: str) -> date | None:
    """`27 Nov 2026` (or `27 November 2026`, `2026-11-27`, `11/27/2026`) -> date; "" -> None."""
    text = text.strip()
    if not text:
        return None
    ymd = None
    m = DAY_MONTH_YEAR.match(text)
    if m and m[2][:3].lower() in MONTHS:
        ymd = int(m[3]), MONTHS[m[2][:3].lower()], int(m[1])
    elif ISO.match(text):
        m = ISO.match(text)
        ymd = int(m[1]), int(m[2]), int(m[3])
    elif SLASHED.match(text):  # LinkedIn's US-style exports of around 2018: month first
        m = SLASHED.match(text)
        ymd = int(m[3]) + (2000 if len(m[3]) == 2 else 0), int(m[1]), int(m[2])
    if ymd is None:
        raise ValueError(f"'{text}' is not a date like 27 Nov 2026")
    try:
        return date(*ymd)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


def find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    """(index of the header row, field -> column) for the first row naming First and Last Name."""
    for i, row in enumerate(rows):
        names = [c.strip().strip("\ufeff").casefold() for c in row]
        if "first name" in names and "last name" in names:
            columns: dict[str, int] = {}
            for col, n in enumerate(names):
                if n in COLUMNS:
                    columns.setdefault(COLUMNS[n], col)
            return i, columns
    raise NotAnExport(
        "no header row with 'First Name' and 'Last Name' columns: not a LinkedIn Connections.csv"
    )


def read(data: bytes, label: str) -> Export:
    """Parse a Connections.csv; `label` names the file in messages. NotAnExport without a header."""
    import csv
    import io

    text, warning = decode(data)
    problems = [(label, warning)] if warning else []
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, lines = [], []
    try:
        for row in reader:
            rows.append(row)
            lines.append(reader.line_num)
    except csv.Error as exc:  # e.g. a quote never closed: keep what was read, say where
        problems.append(
            (f"{label}:{reader.line_num}", f"CSV error: {exc}; the rest of the file is not read")
        )
    start, columns = find_header(rows)
    missing = tuple(c for c in ("url", "email", "company", "role", "connected") if c not in columns)
    records, count = [], 0
    for row, line in zip(rows[start + 1 :], lines[start + 1 :]):
        if not any(c.strip() for c in row):
            continue  # a blank line, or one of commas only
        count += 1
        record, problem = row_record(row, columns, f"{label}:{line}")
        records.append(record)
        if problem:
            problems.append((record.where, problem))
    return Export(records, count, lines[start] if rows else 0, missing, problems)


def row_record(row: list[str], columns: dict[str, int], where: str) -> tuple[Record, str | None]:
    """One data row -> (Record, a problem or None). A nameless row gives a nameless record."""

    def get(field: str) -> str:
        col = columns.get(field)
        return " ".join(row[col].split()) if col is not None and col < len(row) else ""

    name = " ".join(p for p in (get("first"), get("last")) if p)
    problem = None
    try:
        connected = parse_connected(get("connected"))
    except ValueError as exc:
        connected, problem = None, f"Connected On: {exc}; left out"
    keys: dict = {"name": name}
    for key, value in (
        ("company", get("company")),
        ("role", get("role")),
        ("email", get("email")),
        ("linkedin", get("url")),
        ("connected", connected),
    ):
        if value:
            keys[key] = value
    keys["circle"] = "contact"
    keys["tags"] = ["linkedin"]
    return Record(where, name, keys), problem
