"""The name index: `show NAME` (and every command that resolves a NAME) finds the same contact,
or says the same thing about an ambiguous or unknown NAME, from the cached index of folded names
as from every contact read from its file (`--no-cache`)."""

from __future__ import annotations

import marshal
import os
import shutil
import tempfile
from pathlib import Path

from cache_helpers import assert_same, built, join_cache, split_cache
from helpers import age
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
    "nobody", "adaa", "x",
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


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=st.lists(person(), min_size=1, max_size=6), data=st.data())
def test_generated_names_resolve_as_without_the_cache(run, people, data):
    base = Path(tempfile.mkdtemp(prefix="network-md-names-"))
    try:
        root = base / "vault"
        (root / "people/sub").mkdir(parents=True)
        (root / ".network-md.yaml").write_text("contacts: [people]\n", "utf-8")
        for i, (name, aliases) in enumerate(people):
            folder = "people/sub" if i % 2 else "people"
            quoted = ", ".join(repr(a) for a in aliases)
            text = f"---\nname: {name!r}\naliases: [{quoted}]\n---\n- 2026-11-0{i + 1} met: x\n"
            (root / folder / f"p{i}.md").write_text(text, "utf-8")
        old = os.stat(root).st_mtime - 3600
        for p in root.rglob("*.md"):
            os.utime(p, (old, old))
        queries = [
            data.draw(st.sampled_from([n for n, _ in people] + ["p0", "sub/p1", "zz"]), label="q"),
            data.draw(NAME_PARTS, label="part"),
        ]
        note(f"queries {queries}")
        assert_same(run, root, [("status",)])  # writes the cache with its name index
        assert_same(run, root, [("show", q, "--json") for q in queries if q.strip()])
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
