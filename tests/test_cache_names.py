"""The name index: `show NAME` (and every command that resolves a NAME) finds the same contact,
or says the same thing about an ambiguous or unknown NAME, from the cached index of folded names
as from every contact read from its file (`--no-cache`)."""

from __future__ import annotations

import marshal
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from cache_helpers import assert_same, built, join_cache, outcome, split_cache
from helpers import age, contact, vault_bytes
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from network_md.store.cache import cache_path
from network_md.store.cache_check import sealed, unsealed
from network_md.store.names import StoredNames, packed

PEOPLE = {
    "people/ada.md": "---\nname: Ada Lovelace\naliases: [Countess, 'Ada L.']\n---\n- 2026-11-20 got: x\n",
    "people/ada-2.md": "---\nname: Ada Byron\n---\n- 2026-10-20 gave: y\n",
    "people/obrien.md": "# Conan O'Brien\n- 2026-11-01 met: z\n",
    "people/zoe.md": "---\nname: Zoë Ødegård\n---\n",
    "people/team/misaki.md": "---\nname: 田中 美咲\naliases: [Misaki]\n---\n",
    "people/team/jose.md": "---\nname: José-María Núñez\n---\n",
    "people/priya.md": "# Priya\n",
    "people/priya-patel.md": "# Priya Patel\n",
    "people/bad.md": "---\nname: [broken\n---\n# Bad\n",
}
QUERIES = [
    "ada", "Ada Lovelace", "ada byron", "countess", "ada l", "obrien", "o'brien", "O Brien",
    "conan", "zoe", "zoë ødegård", "odegard", "misaki", "田中", "jose maria", "núñez", "priya",
    "priya patel", "ada-2", "ada-2.md", "people/ada.md", "people/team/jose", "lovelace", "bad",
    "nobody", "adaa", "x", "./people/ada.md", "PEOPLE/ADA.MD", "people/team/", "team/jose.md",
    "ada\x01", "zoe\x00", "people/priya", "priya-patel.md", "a", " ", "ǅ", "美咲",
]  # fmt: skip


def _show_all(run, root, queries=QUERIES):
    assert_same(
        run, root, [("show", q, "--json") for q in queries] + [("show", q) for q in queries]
    )


def test_every_name_resolves_as_without_the_cache(make_vault, run):
    root = built(make_vault, run, files=PEOPLE, config="contacts: [people]\n")
    _show_all(run, root)


def test_a_renamed_contact_is_found_by_its_new_name_at_once(make_vault, run):
    """The stored entry of a file that changed is never used: its new name answers, the old
    one no longer does (the cache is not rewritten for one change, so the index is stale)."""
    root = built(make_vault, run, files=PEOPLE, config="contacts: [people]\n")
    ada = root / "people/ada.md"
    ada.write_text("---\nname: Augusta King\naliases: [Countess]\n---\n", "utf-8")
    (root / "people/priya.md").unlink()
    (root / "people/new.md").write_text("# Adalbert\n", "utf-8")
    _show_all(run, root, [*QUERIES, "augusta", "adalbert"])
    age(root)  # and once the rewritten cache trusts them
    _show_all(run, root, [*QUERIES, "augusta", "adalbert"])


def test_a_name_index_changed_behind_good_checksums_is_never_used(make_vault, run):
    """The head holds the name index's SHA-1: an index edited in the tail (the tail's Adler-32
    made to match) is ignored and the names are read from the contacts."""
    root = built(make_vault, run, files=PEOPLE, config="contacts: [people]\n")
    head, tail = split_cache(cache_path(root).read_bytes())
    data = marshal.loads(unsealed(head))
    offset, length, _ = data["names"]
    assert offset + length == len(tail)  # the index is the tail's last blob
    names = StoredNames.loads(tail[offset : offset + length]).entries()
    names["people/priya.md"] = ("Ada Lovelace", (), ("ada lovelace",), ("adalovelace",), "ada")
    forged = packed(names)
    tail = tail[:offset] + forged + tail[offset + length :]
    data["names"] = (offset, len(forged), data["names"][2])  # the old SHA-1
    cache_path(root).write_bytes(join_cache(sealed(marshal.dumps(data)), tail))
    _show_all(run, root)


NAME_PARTS = st.sampled_from(
    [
        "Ada",
        "ada",
        "Ádá",
        "Bob",
        "O'Neil",
        "o neil",
        "Zoë",
        "Ødegård",
        "美咲",
        "José",
        "Ng",
        "-",
        " ",
    ]
)


@st.composite
def person(draw) -> tuple[str, list[str]]:
    name = " ".join(draw(st.lists(NAME_PARTS, min_size=1, max_size=3))).strip() or "Ada"
    aliases = [" ".join(draw(st.lists(NAME_PARTS, min_size=1, max_size=2))) for _ in range(2)]
    return name, aliases[: draw(st.integers(0, 2))]


def _people_vault(base: Path, people: list[tuple[str, list[str]]]) -> Path:
    """A vault of `people` (name, aliases), every other one in a subfolder, an hour old."""
    root = base / "vault"
    (root / "people/sub").mkdir(parents=True)
    (root / ".network-md.yaml").write_text("contacts: [people]\n", "utf-8")
    for i, (name, aliases) in enumerate(people):
        folder = "people/sub" if i % 2 else "people"
        quoted = ", ".join(repr(a) for a in aliases)
        text = f"---\nname: {name!r}\naliases: [{quoted}]\n---\n- 2026-11-0{i + 1} met: x\n"
        (root / folder / f"p{i}.md").write_text(text, "utf-8")
    age(root)
    return root


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=st.lists(person(), min_size=1, max_size=6), data=st.data())
def test_generated_names_resolve_as_without_the_cache(run, people, data):
    base = Path(tempfile.mkdtemp(prefix="network-md-names-"))
    try:
        root = _people_vault(base, people)
        queries = [
            data.draw(st.sampled_from([n for n, _ in people] + ["p0", "sub/p1", "zz"]), label="q"),
            data.draw(NAME_PARTS, label="part"),
        ]
        note(f"queries {queries}")
        assert_same(run, root, [("status",)])  # writes the cache with its name index
        assert_same(run, root, [("show", q, "--json") for q in queries if q.strip()])
    finally:
        shutil.rmtree(base)


def _writes_alike(run, root: Path, writes: list[tuple]) -> None:
    """Each write, in a copy of the vault with its cache and in one without (`--no-cache`):
    the same exit code, output and files after."""
    plain = root.parent / "plain"
    shutil.copytree(root, plain, symlinks=True)
    for args in writes:
        cached, fresh = run(root, *args), run(plain, "--no-cache", *args)
        assert "internal error" not in cached.stderr, (args, cached.stderr)
        assert outcome(cached) == outcome(fresh), args
        assert vault_bytes(root) == vault_bytes(plain), args


def test_every_write_finds_its_contact_as_without_the_cache(make_vault, run):
    # NAME alone, NAME running on into the text (`Priya Patel`, with a Priya), words that
    # finish the contact's own name, a path, `--with`, a name nobody has, `new` of a known name
    root = built(make_vault, run, files=PEOPLE, config="contacts: [people]\n")
    writes = [
        ("log", "ada", "met", "tea"),
        ("log", "Ada", "met", "Lovelace", "tea"),
        ("gave", "priya", "patel", "a", "lead"),
        ("gave", "Priya", "a", "lead"),
        ("thanked", "conan", "o'brien", "for", "it"),
        ("log", "people/team/jose.md", "met", "x"),
        ("log", "zoe", "met", "--with", "misaki", "--with", "ada byron", "x"),
        ("log", "zoe", "met", "--with", "nobody", "x"),
        ("got", "nobody", "a", "thing"),
        ("got", "adaa", "a", "thing"),
        ("log", "Priya", "Patel", "met", "x"),
        ("new", "Countess"),
        ("new", "Zoe Odegard"),
        ("new", "Someone Else"),
    ]
    _writes_alike(run, root, writes)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=st.lists(person(), min_size=1, max_size=6), data=st.data())
def test_generated_writes_find_their_contact_as_without_the_cache(run, people, data):
    base = Path(tempfile.mkdtemp(prefix="network-md-writes-"))
    try:
        root = _people_vault(base, people)
        known = [n for n, _ in people] + [a for _, aliases in people for a in aliases]
        words = st.lists(st.one_of(NAME_PARTS, st.sampled_from(known)), min_size=1, max_size=3)
        writes = []
        for _ in range(3):
            name = data.draw(st.one_of(st.sampled_from(known), NAME_PARTS), label="NAME")
            text = " ".join(data.draw(words, label="TEXT")).split()
            writes.append(("gave", name, *text) if name.strip() else ("gave", "p0", *text))
        note(f"writes {writes}")
        assert_same(run, root, [("status",)])  # writes the cache with its name index
        _writes_alike(run, root, writes)
    finally:
        shutil.rmtree(base)


def test_the_name_index_is_read_once_per_command(make_vault, run):
    """`show` asks for the stored name index twice (the NAME, the links): one read and one
    unmarshalling serve both; one that does not check out is refused every time it is asked."""
    from network_md.store.cache import Cache

    root = built(make_vault, run)
    cache = Cache(root)
    first = cache._stored_names()
    assert first and cache._stored_names() is first
    head, tail = split_cache(cache_path(root).read_bytes())
    data = marshal.loads(unsealed(head))
    offset, length, _ = data["names"]
    data["names"] = (offset, length, bytes(20))  # not the blob's SHA-1
    cache_path(root).write_bytes(join_cache(sealed(marshal.dumps(data)), tail))
    damaged = Cache(root)
    for _ in range(2):
        try:
            damaged._stored_names()
        except ValueError:
            continue
        raise AssertionError("a name index that does not check out was used")


# --- the stored index finds what a scan of every entry finds ---------------------------------

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)
WORDS = st.one_of(NAME_PARTS, ANY_TEXT, st.sampled_from(["Ada Lovelace", "ǅ", "İ", "ß", "ﬁ"]))
STEMS = st.one_of(
    st.sampled_from(["ada", "Ada", "ada.b", "o'neil", "zoë", "美咲", "p0", "a b", "ǅ", "a\udcff"]),
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"),
        min_size=1,
        max_size=6,
    ),
)
FOLDERS = st.sampled_from(["people", "people/sub", "people/Ünï", "other"])


@st.composite
def name_index(draw) -> dict:
    """Name entries by path, sorted, as `Index.names` gives them."""
    from network_md.store.names import name_entry

    found = {}
    for _ in range(draw(st.integers(0, 8))):
        path = f"{draw(FOLDERS)}/{draw(STEMS)}{draw(st.sampled_from(['.md', '.MD', '.b.md']))}"
        name = " ".join(draw(st.lists(WORDS, min_size=1, max_size=3)))
        aliases = draw(st.lists(WORDS, max_size=2))
        found[path] = name_entry(contact(path=path, name=name or "x", aliases=aliases))
    return dict(sorted(found.items()))


def _queries(data, names: dict) -> list[str]:
    """Names, aliases, stems, paths, pieces of them, and anything else."""
    known = [q for path, (name, aliases, *_) in names.items() for q in (name, *aliases, path)]
    known += [path.rsplit("/", 1)[1] for path in names] + [path[:-3] for path in names]
    known += ["./" + path for path in names]
    pieces = st.sampled_from(known).flatmap(
        lambda s: st.tuples(st.integers(0, len(s)), st.integers(0, len(s))).map(
            lambda ab: s[ab[0] : ab[1]]
        )
    )
    sources = [WORDS, st.sampled_from(["a", " ", "\x00", "\x01ada", "people/", ".md", "ada.md"])]
    if known:
        sources += [st.sampled_from(known), pieces, st.sampled_from(known).map(str.upper)]
    return data.draw(st.lists(st.one_of(*sources), min_size=1, max_size=6), label="queries")


@settings(max_examples=300, deadline=None)
@given(names=name_index(), data=st.data())
def test_the_stored_index_finds_every_candidate_a_scan_finds(names, data):
    from network_md.store.names import NameTable, StoredNames, candidates, packed

    stored = StoredNames.loads(packed(names))
    assert stored.entries() == names and stored.paths() == list(names)
    table = NameTable(stored, set(), {})
    for query in _queries(data, names):
        assert table.candidates(query) == candidates(names, query), query


@settings(max_examples=200, deadline=None)
@given(old=name_index(), new=name_index(), data=st.data())
def test_touched_files_answer_by_their_new_entries(old, new, data):
    """Files touched since the index was stored: their stored entries hidden, their new ones
    (if they are still contacts) found instead, in path order among the others."""
    from network_md.store.names import NameTable, StoredNames, candidates, packed

    touched = set(data.draw(st.lists(st.sampled_from(sorted({*old, *new}) or ["x"]))))
    fresh = {p: e for p, e in new.items() if p in touched}
    now = dict(sorted(({p: e for p, e in old.items() if p not in touched} | fresh).items()))
    table = NameTable(StoredNames.loads(packed(old)), touched | set(fresh), fresh)
    assert table.entries() == now
    for query in _queries(data, now):
        assert table.candidates(query) == candidates(now, query), query


def test_an_index_that_cannot_hold_an_entry_is_not_written():
    """A separator inside a path or a key would let a search run across entries: refused."""
    from network_md.store.names import StoredNames, packed

    good = ("Ada", (), ("ada",), ("ada",), "ada")
    for path, entry in [
        ("people/a\0b.md", good),
        ("people/a.md", ("Ada", (), ("a\x01da",), ("a\x01da",), "ada")),
        ("people/a.md", ("Ada", (), ("ada",), ("ada",), "a\0da")),
        ("people/a.md", ("Ada", (), (), (), "ada")),
    ]:
        with pytest.raises(ValueError):
            packed({path: entry})
    for blob in [b"", marshal.dumps({"people/a.md": good}), marshal.dumps(("other", 1))]:
        with pytest.raises(ValueError):
            StoredNames.loads(blob)


def test_a_file_name_that_is_not_utf8_keeps_the_name_index(make_vault, run):
    """Its path and stem hold lone surrogates: stored as they are, found as without the cache."""
    root = make_vault(PEOPLE, config="contacts: [people]\n")
    with open(os.path.join(os.fsencode(root), b"people", b"caf\xe9.md"), "wb") as fh:
        fh.write(b"# Cafe Owner\n- 2026-11-20 gave: x\n")
    age(root)
    assert_same(run, root)  # a cold index: the cache is written, its name index with it
    head, tail = split_cache(cache_path(root).read_bytes())
    offset, length, _ = marshal.loads(unsealed(head))["names"]
    stored = StoredNames.loads(tail[offset : offset + length])
    assert "people/caf\udce9.md" in stored.paths()
    _show_all(run, root, ["cafe", "cafe owner", "caf\udce9", "people/caf\udce9.md", "ada"])


def _said(resolve_it) -> tuple:
    """(path, words consumed) of a resolved NAME, or the message it is refused with."""
    from network_md.core.errors import UsageError

    try:
        chosen, consumed = resolve_it()
    except UsageError as exc:
        return ("refused", exc.message)
    return (chosen.path, consumed)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_write_resolves_among_the_candidates_of_its_longer_names_as_among_everyone(data):
    """What a write does with the name index (`Session.contact_for_write`): NAME resolved among
    the candidates of NAME and of each longer name it could run on into, and among everyone
    when that is refused (the message suggests near names of everyone)."""
    from network_md.core.names import keyed, resolve_for_write
    from network_md.store.names import candidates, keyed_card, name_entry

    people = []
    for i in range(data.draw(st.integers(1, 7), label="people")):
        name = " ".join(data.draw(st.lists(NAME_PARTS, min_size=1, max_size=3))) or "x"
        aliases = data.draw(st.lists(NAME_PARTS, max_size=2))
        folder = data.draw(FOLDERS)
        people.append(contact(path=f"{folder}/p{i}.md", name=name, aliases=aliases))
    people.sort(key=lambda c: c.path)  # as the index gives them
    names = {c.path: name_entry(c) for c in people}
    everyone = [keyed_card(p, e) for p, e in names.items()]
    for query in _queries(data, names):
        words = tuple(data.draw(st.lists(NAME_PARTS, max_size=3), label="words"))
        longer = [" ".join((query, *words[:n])) for n in range(len(words) + 1)]
        found = {k.contact.path: k for q in longer for k in candidates(names, q)}
        table = [found[p] for p in sorted(found)]

        def by_index(table=table, query=query, words=words):
            from network_md.core.errors import UsageError

            try:
                return resolve_for_write([k.contact for k in table], query, words, table)
            except UsageError:
                return resolve_for_write([k.contact for k in everyone], query, words, everyone)

        def plain(query=query, words=words):
            return resolve_for_write(people, query, words, keyed(people))

        assert _said(by_index) == _said(plain), (query, words)


def test_a_cache_saved_with_no_file_touched_keeps_its_name_index_as_made_from_the_files(
    make_vault, run
):
    from network_md.analysis.current import open_index
    from network_md.store.cache import Cache
    from network_md.store.names import stored_blob

    root = built(make_vault, run, files=PEOPLE, config="contacts: [people]\n")
    before = cache_path(root).stat().st_mtime_ns
    assert run(root, "status", today="2026-12-05").exit_code == 0  # a new day: saved again
    assert cache_path(root).stat().st_mtime_ns != before
    cache = Cache(root)
    kept = bytes(stored_blob(cache.head, cache._blob))
    assert kept == packed(open_index(root, use_cache=False).index.names())
    _show_all(run, root)
