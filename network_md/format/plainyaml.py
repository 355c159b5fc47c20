"""Front matter of the everyday shape, read without a YAML library.

Most front matter is a handful of `key: value` lines, `[a, b]` lists, `- item` lists under a
key and quoted strings. PyYAML's safe loader reads each file's in about 25 microseconds, most
of it its constructor's Python; a cold index of 100,000 contacts spends seconds there. This
reads those shapes with a few regex matches and gives exactly what the reader makes of
PyYAML's result (parse.py's loader, then yamlsafe.json_safe): the same keys in the same order,
the same values of the same types (a date stays its text, `yes` is True, `012` is not 12).

It reads only what it is sure of, and says None for anything else, which PyYAML then reads as
before (errors and their lines included): tabs, control characters and other line breaks,
anchors, aliases, tags, block scalars, flow mappings and template placeholders (`{{date}}`),
nested lists and mappings, multi-line values, quoted keys, keys written twice, a quoted string
with a backslash, and every plain value PyYAML would read as anything but text, null, a
boolean, a decimal integer of up to 18 digits, a simple decimal fraction, or a date written
`YYYY-MM-DD`. The resolver patterns below are PyYAML's own (YAML 1.1), checked against it by
the tests.
"""

from __future__ import annotations

import re

# PyYAML's implicit resolvers (yaml/resolver.py, YAML 1.1), verbatim: a plain scalar that
# matches one of them is not text. Kept here rather than imported, so that reading front
# matter of this shape never loads PyYAML.
RESOLVERS = (
    (
        "tag:yaml.org,2002:bool",
        r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""",
    ),
    (
        "tag:yaml.org,2002:float",
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""",
    ),
    (
        "tag:yaml.org,2002:int",
        r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$"),
    (
        "tag:yaml.org,2002:null",
        r"""^(?: ~
                    |null|Null|NULL
                    | )$""",
    ),
    (
        "tag:yaml.org,2002:timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    ),
    ("tag:yaml.org,2002:value", r"^(?:=)$"),
    ("tag:yaml.org,2002:yaml", r"^(?:!|&|\*)$"),
)
NOT_TEXT = re.compile("|".join(f"(?:{pattern})" for _, pattern in RESOLVERS), re.X)

# The first characters PyYAML looks up its resolvers by: a plain scalar that starts with any
# other is text. Of these, the letters and `~` start only the words below (booleans, nulls).
RESOLVED_FIRST = frozenset("yYnNtTfFoO~-+.0123456789<=!&*")
NUMERIC_FIRST = frozenset("-+.0123456789")
BOOLS = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
NULLS = frozenset(("~", "null", "Null", "NULL"))
INTEGER = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})\Z")  # never beyond a 64-bit integer
FRACTION = re.compile(r"[-+]?[0-9]+\.[0-9]+\Z")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")  # the reader keeps a date as this very text

# What never goes this way: a tab, a line break but `\n` (a lone `\r`, NEL, LS, PS), a byte
# order mark, and every character YAML does not allow unescaped.
UNREAD = re.compile(
    "[^\n -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# A key read here: plain, without a quote, colon, comment sign or bracket, at most 200 long.
KEY = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\[\]{},'\"]{0,199}\Z")
DOUBLE = re.compile(r'"([^"\\]*)"(?: +#.*)?\Z')  # no escapes: the text between is the value
SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +#.*)?\Z")
# Brackets, braces and `#` only inside quotes (`["[[Acme]]", b]`): no nested list or comment.
FLOW = re.compile(r"""\[((?:[^\[\]{}#'"]|"[^"\\]*"|'(?:[^']|'')*')*)\](?: +#.*)?\Z""")
FLOW_SPECIAL = re.compile(r"""[\[\]{}#'"]""")
FLOW_ITEM = re.compile(r""" *(?:"([^"\\]*)"|'((?:[^']|'')*)'|([^,'"]*?)) *(,|\Z)""")
INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# A plain scalar starting with none of these is text, unless it holds what ends or nests it.
TEXT_FIRST_NOT = INDICATORS | RESOLVED_FIRST
DIGITS = frozenset("0123456789")
MAX_ITEMS = 1000  # a longer list is PyYAML's (and yamlsafe's limit on a value's size)
_KEYS: set[str] = set()  # keys already found plain text: a vault spells a few dozen


class _Unread(Exception):
    """Not of the shape read here: PyYAML reads it."""


def load_plain(text: str) -> dict | None:
    """The front matter's keys and JSON-safe values, as the reader makes them of PyYAML's
    result; None when the text is not of the shape read here (PyYAML must read it)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if UNREAD.search(text):
        return None
    try:
        return _mapping(text.split("\n"))
    except _Unread:
        return None


def _mapping(lines: list[str]) -> dict:
    out: dict = {}
    listed = None  # the key whose empty value may be a list of the `- item` lines below it
    items = indent = None
    for line in lines:
        first = line[:1]
        if first in ("", " ", "#", "-"):
            bare = line.lstrip(" ")
            if not bare or bare[0] == "#":
                continue  # a blank line or a comment
            if listed is None or bare[0] != "-" or bare[1:2] not in ("", " "):
                raise _Unread  # a nested mapping, a value that goes on, a list at the top...
            if items is None:
                items, indent = [], len(line) - len(bare)
                out[listed] = items
            if len(line) - len(bare) != indent or len(items) >= MAX_ITEMS:
                raise _Unread
            items.append(_item(bare[1:].strip(" ")))
            continue
        at = line.find(":")  # the key's line (`_key_line`, inlined: every file has a few)
        if at < 0 or line[at + 1 : at + 2] not in ("", " "):
            raise _Unread  # no key, or a colon inside one (`a:b: c`)
        key = line[:at].rstrip(" ")
        if key not in _KEYS:
            _new_key(key)
        if key in out:
            raise _Unread  # written twice: YAML keeps the last, the reader warns
        rest = line[at + 1 :].strip(" ")
        if not rest or rest[0] == "#":
            out[key], listed, items = None, key, None
        else:
            out[key], listed = _value(rest), None
    return out


def _new_key(key: str) -> None:
    """A key not seen before: read here only when it is plain text (else _Unread)."""
    if not KEY.match(key) or _resolved(key) is not key:
        raise _Unread  # quoted, bracketed, or a key that is not text (`yes:`, `1:`, `<<:`)
    if len(_KEYS) < 10_000:
        _KEYS.add(key)


def _value(rest: str):
    """A key's value written on its line (not empty, not a comment)."""
    first = rest[0]
    if first not in TEXT_FIRST_NOT:
        if " #" not in rest and ": " not in rest and rest[-1] != ":":
            return rest  # text, as `_plain` would find, in a few C-level tests
    elif first in DIGITS and DATE.match(rest):
        return rest  # a date is kept as its text (see `_resolved`)
    if first == '"':
        return _quoted(DOUBLE.match(rest))
    if first == "'":
        return _quoted(SINGLE.match(rest)).replace("''", "'")
    if first == "[":
        return _flow(rest)
    at = rest.find(" #")
    return _plain(rest if at < 0 else rest[:at].rstrip(" "))


def _item(rest: str):
    """One `- item` of a block list (stripped)."""
    if not rest:
        return None
    first = rest[0]
    if first == '"':
        return _quoted(DOUBLE.match(rest))
    if first == "'":
        return _quoted(SINGLE.match(rest)).replace("''", "'")
    if first in "#[":
        raise _Unread  # a comment, or a list in the list
    at = rest.find(" #")
    return _plain(rest if at < 0 else rest[:at].rstrip(" "))


def _quoted(m: re.Match | None) -> str:
    if m is None:
        raise _Unread  # escapes, text after the closing quote, or a string that goes on
    return m[1]


def _plain(text: str):
    """A plain scalar (block context) as the reader has it."""
    first = text[:1]
    if first in INDICATORS and (first not in "-?:" or text[1:2] in ("", " ")):
        raise _Unread  # an anchor, a tag, a block scalar, a flow mapping, a nested list...
    if ": " in text or text.endswith(":"):
        raise _Unread  # PyYAML's error, or a mapping: not ours to say
    return _resolved(text)


def _resolved(text: str):
    """A plain scalar's value: text unless PyYAML's resolvers say otherwise."""
    first = text[:1]
    if first not in RESOLVED_FIRST:
        return text
    if first not in NUMERIC_FIRST:
        if text in BOOLS:
            return BOOLS[text]
        if text in NULLS:
            return None
        if first in "<=!&*" and NOT_TEXT.match(text):
            raise _Unread  # a merge key, YAML's `=`
        return text
    if not NOT_TEXT.match(text):
        return text
    if DATE.match(text):
        return text  # a real date loads as a date and is kept as its ISO text; others as text
    if INTEGER.match(text):
        return int(text)
    if FRACTION.match(text):
        return float(text)
    raise _Unread  # an octal, a sexagesimal, a date-time...


def _flow(rest: str) -> list:
    """A one-line `[a, 'b', "c"]` list of scalars."""
    if rest[-1] == "]" and not FLOW_SPECIAL.search(rest, 1, len(rest) - 1):
        inner = rest[1:-1]  # the common case: no quotes, no comment after it
    else:
        m = FLOW.match(rest)
        if m is None:
            raise _Unread
        inner = m[1]
    if not inner.strip(" "):
        return []
    if inner.count(",") >= MAX_ITEMS:
        raise _Unread
    if "'" not in inner and '"' not in inner:
        items = [item.strip(" ") for item in inner.split(",")]
        if all(i and i[0] not in TEXT_FIRST_NOT and ":" not in i for i in items):
            return items  # every one text, as `_flow_plain` would find
        return [_flow_plain(item) for item in items]
    return _flow_quoted(inner)


def _flow_quoted(inner: str) -> list:
    """The items of a flow list with quoted ones among them."""
    out, at = [], 0
    while at < len(inner):
        item = FLOW_ITEM.match(inner, at)
        if item is None or item.end() == at:
            raise _Unread
        double, single, plain, comma = item.groups()
        if double is not None:
            out.append(double)
        elif single is not None:
            out.append(single.replace("''", "'"))
        else:
            out.append(_flow_plain(plain))
        at = item.end()
        if comma and at == len(inner):
            raise _Unread  # a trailing comma
    return out


def _flow_plain(text: str):
    """A plain scalar in a flow list: never empty, no colon (a mapping, or PyYAML's error),
    and no indicator first (in a flow list `?x` is a key, `-x` is PyYAML's to judge)."""
    if not text or ":" in text or text[0] in INDICATORS:
        raise _Unread
    return _plain(text)
