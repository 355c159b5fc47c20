"""The JSON shapes of the reading commands: plain data from the analysis. Never prints.

More keys may be added to these objects; none is removed or renamed (scripts rely on them).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from network_md.core.dates import iso
from network_md.core.model import Entry, Flag, Problem
from network_md.format import fields

if TYPE_CHECKING:
    from network_md.analysis.agenda import AgendaItem
    from network_md.analysis.stats import ContactStats, Practice, Summary


def dumps(data, indent: int | None = 2) -> str:
    """Strict JSON, the only kind network-md prints: a NaN or Infinity is a bug, not output."""
    import json

    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)


def dumps_list(key: str, items: Iterable[dict], batch: int = 256) -> Iterator[str]:
    """`dumps({key: list(items)})` in pieces of `batch` items, the same text to the byte: a list
    of 100,000 contacts is never held whole, as dicts or as text."""
    return joined_list(key, map(item_text, items), batch)


def item_text(item: dict) -> str:
    """One item of a list as `dumps_list` writes it (indented for its place in the list)."""
    pieces: list[str] = []
    _encode(item, "    ", pieces)
    return "".join(pieces)


def joined_list(key: str, texts: Iterable[str], batch: int = 256) -> Iterator[str]:
    """`dumps_list` of items already written by `item_text`."""
    from json.encoder import encode_basestring

    head = "{\n  " + encode_basestring(key) + ": ["
    pieces: list[str] = []
    count = 0
    for text in texts:
        pieces.append(",\n    " if count else "\n    ")
        pieces.append(text)
        count += 1
        if count % batch == 0:
            yield head + "".join(pieces)
            head, pieces = "", []
    yield head + "".join(pieces) + ("\n  ]\n}" if count else "]\n}")


def _encode(value, indent: str, out: list) -> None:
    """`value` as `dumps` writes it at `indent`, appended to `out`. The standard library's
    indenting encoder is written in Python and several times slower than this walk, which
    leaves strings to its C escaper and anything unusual (a subclass, a key that is not a
    string, a NaN) to `dumps` itself."""
    kind = type(value)
    scalar = _SCALARS.get(kind)
    if scalar is not None:
        out.append(scalar(value))
    elif kind is dict and value:
        _encode_dict(value, indent, out)
    elif kind is list and value:
        inner = indent + "  "
        sep = "[\n" + inner
        for v in value:
            out.append(sep)
            _encode(v, inner, out)
            sep = ",\n" + inner
        out.append("\n" + indent + "]")
    elif kind is list or kind is dict:  # empty: as `dumps` writes them, without its setup
        out.append("[]" if kind is list else "{}")
    else:  # anything unusual
        out.append(_indented(value, indent))


def _encode_dict(value: dict, indent: str, out: list) -> None:
    from json.encoder import encode_basestring

    start, inner = len(out), indent + "  "
    sep = "{\n" + inner
    for k, v in value.items():
        if type(k) is not str:  # `dumps` turns such keys into strings its own way
            del out[start:]
            out.append(_indented(value, indent))
            return
        scalar = _SCALARS.get(type(v))
        if scalar is not None:
            out.append(sep + encode_basestring(k) + ": " + scalar(v))
        else:
            out.append(sep + encode_basestring(k) + ": ")
            _encode(v, inner, out)
        sep = ",\n" + inner
    out.append("\n" + indent + "}")


def _indented(value, indent: str) -> str:
    return dumps(value).replace("\n", "\n" + indent)


def _float(value: float) -> str:
    return float.__repr__(value) if math.isfinite(value) else dumps(value)  # NaN: refused


def _scalars() -> dict:
    from json.encoder import encode_basestring

    return {
        str: encode_basestring,
        int: int.__repr__,
        float: _float,
        bool: lambda v: "true" if v else "false",
        type(None): lambda v: "null",
    }


_SCALARS = _scalars()


def flag_json(f: Flag) -> dict:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "contact": f.contact,
        "path": f.path,
        "since": iso(f.since),
        "message": f.message,
        "advice": f.advice,
    }


# One flag as `item_text(flag_json(flag))` writes it, its values quoted (`flags_json_pieces`)
_FLAG_TEXT = (
    '{\n      "rule": %s,\n      "severity": %s,\n      "contact": %s,\n      "path": %s,'
    '\n      "since": %s,\n      "message": %s,\n      "advice": %s\n    }'
)


def flags_json_pieces(flags: Iterable[Flag]) -> Iterator[str]:
    """`dumps_list("flags", map(flag_json, flags))`, the same text to the byte, each flag
    written through one template: `flags --json` writes 90,000 of them at 100,000 contacts."""
    from json.encoder import encode_basestring as quote

    quoted: dict = {}  # the rules, severities, advice and days: a few values, each quoted once

    def once(value) -> str:
        text = quoted.get(value)
        if text is None:
            text = quoted[value] = quote(value) if type(value) is str else quote(iso(value))
        return text

    def flag_text(f: Flag) -> str:
        rule, severity, contact, path, since, message, advice = f
        # exact types, as `item_text` needs to write them the same (one chained comparison)
        exact = str is type(rule) is type(severity) is type(contact) is type(path)
        if not (exact and str is type(message) is type(advice) and type(since) is int):
            return item_text(flag_json(f))  # not as the analysis makes them: the plain path
        return _FLAG_TEXT % (
            once(rule),
            once(severity),
            quote(contact),
            quote(path),
            once(since),
            quote(message),
            once(advice),
        )

    return joined_list("flags", map(flag_text, flags))


def problem_json(p: Problem) -> dict:
    return {"path": p.path, "line": p.line, "severity": p.severity, "message": p.message}


def entry_json(e: Entry) -> dict:
    return {
        "date": iso(e.day),
        "kind": e.kind,
        "word": e.word,
        "minutes": e.minutes,
        "text": e.text,
        "line": e.line,
        "path": e.path,
        "state": e.state,
        "time": e.time,
    }


def mention_json(e: Entry) -> dict:
    """An entry elsewhere that links a contact: where it is, and what it says."""
    return {
        "path": e.path,
        "line": e.line,
        "date": iso(e.day),
        "kind": e.kind,
        "word": e.word,
        "text": e.text,
        "state": e.state,
    }


def contact_json(s: ContactStats) -> dict:
    c = s.contact
    known = fields.known(c.fields)
    return {
        "name": c.name,
        "path": c.path,
        "aliases": list(c.aliases),
        "tags": list(c.tags),
        "circle": s.circle,
        "cadence_days": s.cadence_days,
        "relationship": s.relationship,
        "given": s.given,
        "received": s.received,
        "thanks_given": s.thanks_given,
        "thanks_received": s.thanks_received,
        "asks": s.asks,
        "declines": s.declines,
        "balance": s.balance,
        "last_touch": iso(s.last_touch),
        "familiarity": s.familiarity,
        "trust": s.trust,
        "flags": [f.rule for f in s.flags],
        "snoozed": s.snoozed,
        "snooze_until": iso(c.snooze_until),
        "snooze_why": c.snooze_why,
        "fields": c.fields,
        "company": fields.first_text(known.get("company")),
        "role": fields.first_text(known.get("role")),
        "email": fields.first_text(known.get("email")),
        "phone": fields.first_text(known.get("phone")),
        "linkedin": fields.first_text(known.get("linkedin")),
        "birthday": fields.birthday_text(known.get("birthday")),
        "archived": s.archived,
        "introduced_by": s.introduced_by,
    }


def introductions_json(intros, path: str) -> dict:
    """`show --json`'s introductions of the contact at `path`: whom it introduced you to, and
    whom you introduced it to (paths)."""
    return {
        "introduced": [i.to for i in intros.introduced(path)],
        "you_introduced": [p for p, _ in intros.you_introduced(path)],
    }


def practice_json(p: Practice) -> dict:
    return {
        "streak_days": p.streak_days,
        "minutes_today": p.minutes_today,
        "goal_minutes": p.goal_minutes,
    }


def status_json(vault: str, a: Summary, problems: list[Problem], top: int) -> dict:
    return {
        "vault": vault,
        "today": iso(a.today),
        "contacts": a.contacts,
        "relationships": a.relationships,
        "flags": {sev: sum(1 for f in a.flags if f.severity == sev) for sev in ("red", "nudge")},
        "top": [flag_json(f) for f in a.flags[:top]],
        "practice": practice_json(a.practice),
        "snoozed": a.snoozed,
        "archived": a.archived,
        "problems": [problem_json(p) for p in problems],
    }


def agenda_json(
    a: Summary, items: list[AgendaItem], last: dict[str, Entry | None], more: int = 0
) -> dict:
    return {
        "today": iso(a.today),
        "items": [
            {
                "action": i.action,
                "contact": i.contact,
                "path": i.path,
                "reason": i.reason,
                "rule": i.rule,
                "last": entry_json(last[i.path]) if last.get(i.path) else None,
            }
            for i in items
        ],
        "practice": practice_json(a.practice),
        "more": more,
    }
