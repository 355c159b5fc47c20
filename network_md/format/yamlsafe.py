"""YAML the way network-md reads and writes it: the reader's PyYAML loader (`reader_loader`,
`load_yaml`), odd numbers kept as text, whether front matter loads (`yaml_problem`), and text
as a scalar that reads back as itself (`yaml_scalar`).

YAML numbers that Python or JSON cannot carry stay the text they were written as.

`.nan`, `.inf` and `1e400` are not JSON; an integer of thousands of digits (hex, binary and
sexagesimal ones get past Python's limit on decimal digits) cannot even be printed, and crashes
whatever formats it. YAML readers in other languages stop at 64 bits. So a front-matter or config
value beyond what a 64-bit integer or a finite float holds is kept as its text: nothing is lost,
and nothing downstream meets a number it cannot handle.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime

INT_LIMIT = 2**63
INT_TEXT_LIMIT = 100  # characters: longer integer text is never parsed (int() of it is slow)
TEMPLATE_VALUE = re.compile(r"^(\s*(?:-\s+|[^\s#'\"][^:#]*:\s+))(\{\{.*\}\}.*?)\s*$")
PLAIN_YAML = re.compile(r"[^\W_][\w .()/'-]*\Z")  # no `,` `:` `#` `[`: safe in a flow list too


def _int(loader, node):
    from yaml.constructor import SafeConstructor

    if len(node.value) > INT_TEXT_LIMIT:
        return loader.construct_scalar(node)
    value = SafeConstructor.construct_yaml_int(loader, node)
    return value if -INT_LIMIT <= value < INT_LIMIT else loader.construct_scalar(node)


def _float(loader, node):
    from yaml.constructor import SafeConstructor

    value = SafeConstructor.construct_yaml_float(loader, node)
    return value if math.isfinite(value) else loader.construct_scalar(node)


def keep_odd_numbers(loader_class) -> None:
    """Make `loader_class` (a SafeLoader subclass) keep odd numbers as their text."""
    loader_class.add_constructor("tag:yaml.org,2002:int", _int)
    loader_class.add_constructor("tag:yaml.org,2002:float", _float)


_config_loader = None


def config_loader():
    """The C SafeLoader when PyYAML has it, keeping odd numbers as text (for the config)."""
    global _config_loader
    if _config_loader is None:
        import yaml

        class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            pass

        keep_odd_numbers(Loader)
        _config_loader = Loader
    return _config_loader


_reader_loader = None


def reader_loader():
    """python-frontmatter's SafeLoader (the C loader when PyYAML has it), made lenient on dates
    and on numbers that JSON cannot carry."""
    global _reader_loader
    if _reader_loader is None:
        from frontmatter.default_handlers import SafeLoader

        class Loader(SafeLoader):
            pass

        def timestamp(loader, node):
            # An impossible date in a front-matter value stays text, so one typo loses nothing.
            try:
                return SafeLoader.construct_yaml_timestamp(loader, node)
            except ValueError:
                return loader.construct_scalar(node)

        Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
        keep_odd_numbers(Loader)  # `.nan`, `.inf` and huge integers stay the text written
        _reader_loader = Loader
    return _reader_loader


def load_yaml(text: str):
    """Front matter as PyYAML reads it, with `reader_loader`."""
    from frontmatter.default_handlers import YAMLHandler

    return YAMLHandler().load(text, Loader=reader_loader())


_PLAIN: list = [None]  # plainyaml.load_plain, once imported


def read_plain(fm_text: str) -> dict | None:
    """Front matter of the everyday shape as the reader reads PyYAML's result, read without
    it (`plainyaml.load_plain`); None: PyYAML must read it. plainyaml is imported on the first
    call: a warm `status` imports this module and the parser, and reads no front matter."""
    load = _PLAIN[0]
    if load is None:
        from network_md.format.plainyaml import load_plain

        load = _PLAIN[0] = load_plain
    return load(fm_text)


def quote_placeholders(text: str) -> str:
    """`created: {{date}}` -> `created: '{{date}}'`, so template placeholders load as text."""
    out = []
    for line in text.split("\n"):
        m = TEMPLATE_VALUE.match(line)
        if m:
            line = m[1] + "'" + m[2].replace("'", "''") + "'"
        out.append(line)
    return "\n".join(out)


# What YAML counts as a line break (`\r\n` once); a file's lines are counted by `\n` alone.
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def error_line(text: str, exc: Exception) -> int | None:
    """The 0-based line of `text`, counted by `\n` as every other line the tool reports, where
    a YAML error `exc` found its problem; None when it names no place. YAML also breaks lines at
    a lone `\r` (and NEL, LS, PS), so its own line number can lie past the file's last line."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return None
    start = 0  # where YAML's line `mark.line` starts (past the last break: the end)
    for n, found in enumerate(_YAML_BREAK.finditer(text), 1):
        if n > mark.line:
            break
        start = found.end()
    return text.count("\n", 0, start)


def yaml_problem(fm_text: str) -> str | None:
    """Why front matter would not load as a mapping of keys, as the reader loads it (with its
    template placeholders); None when it does. Lines count from the file's first line."""
    try:
        data = load_yaml(fm_text)
    except Exception as exc:
        try:
            data = load_yaml(quote_placeholders(fm_text)) if "{{" in fm_text else None
        except Exception:
            data = None
        if data is None:
            line = error_line(fm_text, exc)
            detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            return f"line {line + 2}: {detail}" if line is not None else detail
    if data is not None and not isinstance(data, dict):
        return "it is not a mapping of keys"
    return None


def yaml_scalar(value, flow: bool = False) -> str:
    """A value as YAML that reads back as exactly that value, in a mapping or (`flow`) as an item
    of a `[...]` list: plain when the reader reads it back as that very text, else double-quoted
    (controls escaped). A date is written as `YYYY-MM-DD`; anything else as its text."""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if _plain_reads_back(text, flow):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    # JSON leaves DEL, C1 controls and other non-printables raw; YAML refuses them unescaped.
    return _NOT_PRINTABLE.sub(
        lambda m: f"\\u{ord(m[0]):04x}" if ord(m[0]) < 0x10000 else f"\\U{ord(m[0]):08x}", quoted
    )


def yaml_flow_list(items) -> str:
    """Items as a YAML flow list, `[a, "b, c"]`, each reading back as itself."""
    return "[" + ", ".join(yaml_scalar(item, flow=True) for item in items) + "]"


def _plain_reads_back(text: str, flow: bool) -> bool:
    """Whether `text` written plain reads back as itself. Words, spaces and mild punctuation
    are decided without loading (the common case); anything else is loaded as YAML: plain text
    can be a number, a date, a boolean, a comment or (in a list) two items."""
    if PLAIN_YAML.match(text) and not text.endswith(" "):
        return _resolves_to_str(text)
    if not text or "\t" in text or _NOT_PRINTABLE.search(text):
        return False  # YAML readers disagree on tabs in plain text; controls need escapes
    import yaml

    # YAML's own reading, not the reader's lenient one (which keeps `.nan` as text): what is
    # written plain must read back the same in any YAML tool.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loaded = yaml.load(f"k: [{text}]" if flow else f"k: {text}", Loader=loader)["k"]
    except Exception:
        return False
    return loaded == ([text] if flow else text)


_NOT_PRINTABLE = re.compile(
    "[^\x09\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _resolves_to_str(value: str) -> bool:
    """YAML reads this plain scalar as text (not a number, date, bool or null)."""
    import yaml

    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
    return tag == "tag:yaml.org,2002:str"


MAX_VALUE_NODES = 10_000  # a front-matter value bigger than this is an alias bomb, not a contact
MAX_VALUE_DEPTH = 64  # deeper is a self-referencing alias


PLAIN_TYPES = {str, int, float, bool, type(None)}
SCALAR_TYPES = (str, int, float, bool, type(None), date, datetime, bytes, bytearray)


class ValueTooLarge(ValueError):
    pass


def _json_scalar(value):
    """One scalar as JSON carries it: an odd number as text, a date as ISO text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # never NaN or Infinity in JSON (the loader keeps them as text)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 63:
        return hex(value)  # hex: printable at any size, where decimal text is refused
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):  # YAML's `!!binary`: its text, never `b'…'`
        return bytes(value).decode("utf-8", "replace")
    return value


def _unquoted_link(value) -> str | None:
    """YAML reads an unquoted Obsidian link `[[Acme]]` as a list in a list: its text again."""
    if len(value) == 1 and isinstance(value, list):
        inner = value[0]
        if isinstance(inner, list) and len(inner) == 1 and isinstance(inner[0], str):
            return f"[[{inner[0]}]]"
    return None


def json_safe(value, _budget: list[int] | None = None, _depth: int = 0):
    """A front-matter value as JSON can carry it: dates as ISO text, `[[Link]]` kept as text.
    ValueTooLarge for a value of more than 10,000 parts or nested deeper than 64 (YAML aliases
    can make either from a few bytes)."""
    budget = _budget if _budget is not None else [MAX_VALUE_NODES]
    budget[0] -= 1
    if budget[0] < 0 or _depth > MAX_VALUE_DEPTH:
        raise ValueTooLarge("too large, or refers to itself")
    if isinstance(value, SCALAR_TYPES):
        return _json_scalar(value)
    if isinstance(value, dict):
        return {str(k): json_safe(v, budget, _depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        link = _unquoted_link(value)
        if link is not None:
            return link
        return [json_safe(v, budget, _depth + 1) for v in value]
    return str(value)
