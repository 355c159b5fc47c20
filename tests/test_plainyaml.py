"""plainyaml: front matter of the everyday shape read without PyYAML gives exactly what the
reader makes of PyYAML's result, or None (PyYAML reads it). docs/design.md, docs/performance.md."""

from __future__ import annotations

import re

import pytest
import yaml
from helpers import REAL_WORLD
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from network_md.format import plainyaml, yamlsafe
from network_md.format.config import DEFAULT
from network_md.format.fields import key_lines
from network_md.format.parse import front_matter_bounds, parse_contact
from network_md.format.plainyaml import load_plain
from network_md.format.yamlsafe import json_safe, reader_loader

ERROR = "a YAML error"


def reference(text: str):
    """What the reader makes of PyYAML's reading of `text`: its keys as text, its values
    JSON-safe; ERROR, or the type of what is not a mapping."""
    try:
        data = yaml.load(text, Loader=reader_loader())
    except yaml.YAMLError:
        return ERROR
    if data is None:
        return {}
    if not isinstance(data, dict):
        return type(data).__name__
    return {str(k): json_safe(v) for k, v in data.items()}


def typed(value):
    """A value with every part's type beside it: True is not 1, -0.0 is not 0.0."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}, "dict", list(value)
    if isinstance(value, list):
        return [typed(v) for v in value], "list"
    return type(value).__name__, repr(value)


def assert_as_pyyaml(text: str):
    fast = load_plain(text)
    if fast is not None:
        ref = reference(text)
        assert isinstance(ref, dict), (text, ref)
        assert typed(fast) == typed(ref), text
        # every key line is one of its keys: the reader's duplicate check relies on it
        assert [kl.key for kl in key_lines(text)] == list(fast), text
    return fast


# --- the resolvers are PyYAML's own ----------------------------------------------------------


def test_the_resolver_patterns_are_pyyamls():
    theirs = {
        (tag, rx.pattern)
        for resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.values()
        for tag, rx in resolvers
    }
    assert set(plainyaml.RESOLVERS) == theirs


def test_the_first_characters_are_the_ones_pyyaml_looks_up():
    table = yaml.resolver.Resolver.yaml_implicit_resolvers
    assert set(plainyaml.RESOLVED_FIRST) == {c for c in table if c}
    numeric = {
        c for c, rs in table.items() if c and any(t.endswith(("int", "float")) for t, _ in rs)
    }
    assert set(plainyaml.NUMERIC_FIRST) == numeric
    # the others start words only (booleans, nulls) or single marks (`<<`, `=`, `!`, `&`, `*`)
    others = {t for c, rs in table.items() if c not in numeric for t, _ in rs}
    assert {t.rsplit(":", 1)[1] for t in others} == {"bool", "null", "merge", "value", "yaml"}


@pytest.mark.parametrize("tag", ["bool", "null"])
def test_the_words_are_every_boolean_and_null_pyyaml_knows(tag):
    pattern = dict(plainyaml.RESOLVERS)[f"tag:yaml.org,2002:{tag}"]
    words = {w.strip() for w in re.sub(r"[\^$()?:\n]", "", pattern).split("|")} - {""}
    known = set(plainyaml.BOOLS) if tag == "bool" else set(plainyaml.NULLS)
    assert words == known
    for word in words:
        assert reference(f"k: {word}")["k"] == (
            plainyaml.BOOLS.get(word) if tag == "bool" else None
        )


# --- YAML 1.1's traps: read as PyYAML reads them, or left to it -----------------------------

TRAPS = [
    "yes", "Yes", "YES", "no", "No", "on", "ON", "off", "Off", "y", "n", "Y", "N", "True",
    "FALSE", "tRUE", "012", "0o12", "08", "0x1F", "0b101", "1_000", "1:20", "-1:20", "1:20.5",
    "190:20:30", "-5", "+7", "0", "-0", "+0", "999999999999999999", "9999999999999999999",
    "123456789012345678901234567890", "1.5", "-0.0", "+2.50", ".5", "1.", "00.5", "1e3",
    "1.0e+3", ".nan", ".NaN", ".inf", "-.Inf", "2024-01-02", "2024-1-2", "2024-02-30",
    "0000-01-01", "2024-13-01", "2024-01-02 10:00:00", "2024-01-02T10:00:00Z",
    "2001-12-14t21:59:43.10-05:00", "~", "null", "Null", "NULL", "nULL", "<<", "=", "!", "&",
    "*", "{{date}}", "{{date}} later", "on {{date}}", "<% tp.date %>", "[[Acme]]", '"[[Acme]]"',
    "'it''s'", "'a'b'", '"a\\tb"', '"a\\"b"', "'unclosed", '"unclosed', "a: b", "a:", "a:b",
    "C#", "a #c", "a#c", "-x", "- x", "-", "--12-10", "?x", "? x", ":x", ": x", "!tag x",
    "!!str 1", "&a x", "*a", "|", ">", "|-", "%x", "@x", "`x`", "[a, b]", "[a, 'b, c', \"d\"]",
    "[a,]", "[a,,b]", "[]", "[ ]", "[[a]]", "[a: b]", "[a, [b]]", "['[[A]]', \"[[B]]\"]",
    "[a] # c", "[a]]", "[yes, 012, 1.5, ~, 2024-01-02]", "{a: 1}", "{}", "x, y", "x]", "ünï",
    "名前", "🙂", "a  b", "Ada Lovelace", "O'Brien", 'say "hi"', "x\u2028y", "x\x85y", "x\x07y",
    "x\ufeffy", "x\ty", "x\ry", "é\u0301",
]  # fmt: skip
KEYS = [
    "name", "Name", "NAME", "tags", "tag", "aliases", "alias", "company", "Company", "E-mail",
    "Phone Number", "snooze_until", "snooze until", "network-md", "yes", "No", "on", "1", "1.5",
    "2024-01-01", "2024-1-1", "<<", "=", "~", "null", "a b", "a:b", "'quoted'", '"dq"', "-dash",
    "?q", "k#x", "k #x", "straße", "Straße", "名前", "key ", "[k]", "k]", "{k}", "x" * 300,
]  # fmt: skip
OTHER_LINES = [
    "", "   ", "# a comment", "  # indented comment", "  continued", "\tkey: x", "---", "...",
    "%YAML 1.1", "- top", "-", "  - item", "? complex", "key", ": value", "  nested: 1",
]  # fmt: skip


EVERYDAY = [
    "Ada Lovelace", "Zoë Ng", "名前", "O'Brien", "mentor", "inner", "Acme, Inc.", "C#", "x]",
    "yes", "no", "True", "off", "y", "~", "null", "12", "-3", "0", "4.5", "2024-01-02",
    "2024-02-30", "--12-10", "-x", "?x", ":x", "http://a.b/c", "a#b", "{{date}} x", "a [b] {c}",
    '"Acme"', '"[[Acme]]"', "''", '""', "'it''s'", '"a # b"', "[a, b]", "[]", "[yes, 12, x]",
    "['#b', \"c, d\"]", "[\"[[A]]\", B]",
]  # fmt: skip


@st.composite
def scalar(draw) -> str:
    """Most values everyday ones (which plainyaml reads), some traps, a few random texts."""
    which = draw(st.integers(0, 19))
    if which == 0:
        return draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=8))
    if which == 1:
        return draw(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8))
    return draw(st.sampled_from(TRAPS if which < 5 else EVERYDAY))


WORDS = st.from_regex(r"[a-zé][a-z_ é-]{0,8}[a-z0-9]", fullmatch=True)


def _often(draw, usual, odd):
    return draw(st.sampled_from(odd)) if draw(st.integers(0, 9)) == 0 else usual


@st.composite
def front_matter(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 15))
        key = _often(draw, draw(st.sampled_from(KEYS[:13]) | WORDS), KEYS)
        sep = _often(draw, ": ", [":", ":  ", " : ", ":\t"])
        comment = _often(draw, "", [" # why", "#no", "   # far"])
        if kind < 9:
            lines.append(f"{key}{sep}{draw(scalar())}{comment}")
        elif kind < 15:  # a block list under the key
            lines.append(f"{key}:{comment}")
            indent = draw(st.sampled_from(["", "  ", "    "]))
            for _ in range(draw(st.integers(0, 3))):
                jitter = _often(draw, "", [" "])
                item = _often(draw, " " + draw(scalar()), ["", " ", " - x", " x: 1"])
                lines.append(f"{indent}{jitter}-{item}")
        else:
            lines.append(draw(st.sampled_from(OTHER_LINES)))
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))
    return text.replace("\n", "\r\n") if draw(st.integers(0, 6)) == 0 else text


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(front_matter())
@example('name: Ada\ntags: [mentor, python]\ncircle: inner\ncompany: "Acme"\nmet: 2025-03-12\n')
@example("a: 2024-02-30\nb: 0000-01-01\nc: 2024-01-02\n")
@example("tags:\n- a\n-\n- 'b'\nnext: 1\n")
@example("Company: A\ncompany: B\n")
def test_generated_front_matter_reads_as_pyyaml_reads_it(text):
    assert_as_pyyaml(text)


@pytest.mark.parametrize("value", TRAPS)
def test_each_trap_reads_as_pyyaml_reads_it(value):
    for text in (f"k: {value}\n", f"k:\n  - {value}\n", f"k: [{value}]\n", f"{value}: k\n"):
        assert_as_pyyaml(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 012\n", "a: 1:20\n", "a: 0x1F\n", "a: 1_000\n", "a: 1.0e+3\n", "a: .nan\n",
        "a: 2024-01-02 10:00:00\n", "a: -.inf\n", "<<: {a: 1}\n", "=: x\n", "yes: 1\n",
        "1: x\n", "a: {{date}}\n", "a: b\na: c\n", "a: !!str 1\n", "a: &x 1\nb: *x\n",
        "a: [[Acme]]\n", "a: |\n  x\n", "a:\n  b: 1\n", "a: x\n  y\n", "'a': 1\n",
        "a: \"x\\ty\"\n", "a: x\ty\n", "a: x\u2028y\n", "- a\n", "  a: 1\n",
    ],
)  # fmt: skip
def test_what_is_not_plain_is_left_to_pyyaml(text):
    assert load_plain(text) is None


def test_the_everyday_shapes_are_read_here():
    texts = [
        "name: Ada Lovelace\ntags: [mentor, engineering]\ncircle: close\nbirthday: 1815-12-10\n",
        'company: "Analytical Engines Ltd"\nintroduced_by: "[[Charles Babbage]]"\ncadence: 30\n',
        "aliases:\n  - Ada\n  - 'Countess of Lovelace'\ntags:\n- mentor\ntwitter:   # @handle\n",
        "archived: true\nsnooze_until: 2026-12-01\nrating: 4.5\nbirthday: --12-10\n",
        "name: Ada\r\ntags: []\r\n",
    ]
    for text in texts:
        assert assert_as_pyyaml(text) is not None, text


# --- through the parser: the same contact and problems either way -----------------------------


def _both_ways(monkeypatch, data: bytes):
    fast = parse_contact("people/x.md", data, DEFAULT, with_log=False)
    with monkeypatch.context() as m:
        m.setattr(yamlsafe, "read_plain", lambda text: None)
        slow = parse_contact("people/x.md", data, DEFAULT, with_log=False)
    return fast, slow


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(front_matter(), st.sampled_from(["---", "----"]))
def test_a_contact_reads_the_same_with_pyyaml_alone(text, dashes):
    data = f"{dashes}\n{text}{dashes}\n# Heading\n## Log\n- 2026-11-20 met: x\n".encode()
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = _both_ways(monkeypatch, data)
    assert fast == slow


def test_duplicate_keys_are_warned_about_as_before(monkeypatch):
    data = b"---\nCompany: A\nname: Ada\ncompany: B\n---\n"
    fast, slow = _both_ways(monkeypatch, data)
    assert fast == slow
    assert [p.line for p in fast[1]] == [4]


def _real_world_front_matter():
    if not REAL_WORLD.exists():
        return []
    found = []
    for path in sorted(REAL_WORLD.rglob("*.md")):
        text = path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
        bounds = front_matter_bounds(text)
        if bounds is not None and bounds.body_at >= 0:
            found.append((path, text[bounds.fm_start : bounds.fm_end]))
    return found


def test_real_world_front_matter_reads_as_pyyaml_reads_it(monkeypatch):
    found = _real_world_front_matter()
    if not found:
        pytest.skip("the real-world files are not here")
    read_here = 0
    for path, text in found:
        read_here += assert_as_pyyaml(text) is not None
        fast, slow = _both_ways(monkeypatch, path.read_bytes())
        assert fast == slow, path
    assert read_here >= len(found) // 2  # most of them take the fast way


def test_a_warm_status_never_imports_it(make_vault):
    """Start-up time: the parser's module is imported by a warm `status`, this one is not."""
    import os
    import subprocess
    import sys

    from helpers import script_path

    vault = make_vault({"people/ada.md": "---\nname: Ada\n---\n- 2026-11-20 met: x\n"})
    os.utime(vault / "people/ada.md", (1_600_000_000, 1_600_000_000))  # trusted by the cache
    status = [script_path(), "--vault", str(vault), "--today", "2026-11-27", "status"]
    subprocess.run(status, capture_output=True, check=True)  # builds the cache
    code = (
        f"import sys\nsys.argv = {status!r}\nfrom network_md.cli.main import cli\n"
        "try:\n    cli(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('network_md.format.plainyaml' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=vault
    ).stdout
    assert out.strip().splitlines()[-1] == "False"


# --- whole vaults: every way of reading them gives the same index ---------------------------

BODIES = [
    "# Heading\n## Log\n- 2026-11-20 met: coffee\n- 2026-11-21 gave: intro to [[Bo]]\n",
    "## Log\n- [ ] 2026-12-01 asked: a plan\n- 2026-02-30 got: impossible\n",
    "Notes naming [[Ada]].\n",
    "",
]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.tuples(front_matter(), st.sampled_from(BODIES)), min_size=1, max_size=10))
def test_generated_vaults_index_alike_with_or_without_pyyaml_in_workers_or_here(make_vault, files):
    """The index of a vault of generated contacts: the same contacts, problems and stamps read
    here or by worker processes, with the everyday front matter read without PyYAML or not."""
    from network_md.store import parallel
    from network_md.store.vault import Index, Vault

    vault = make_vault(
        {f"people/p{i}.md": f"---\n{fm}---\n{body}" for i, (fm, body) in enumerate(files)}
    )

    def indexed(workers: bool, plain: bool):
        with pytest.MonkeyPatch.context() as m:
            m.setattr(parallel, "PARALLEL_MIN", 1)
            if not plain:
                m.setattr(yamlsafe, "read_plain", lambda text: None)
            index = Index(Vault.open(vault))
            index.refresh(parallel=workers)
            return index.contacts(), index.problems(), index.names()

    here = indexed(workers=False, plain=True)
    assert indexed(workers=False, plain=False) == here
    with pytest.MonkeyPatch.context() as m:
        m.setattr(parallel, "PARALLEL_MIN", 1)
        forks = parallel.workers_for(len(files)) >= 2
    if forks:  # Linux, two cores, no other thread: as the CLI reads a large vault
        assert indexed(workers=True, plain=True) == here
        assert indexed(workers=True, plain=False) == here
