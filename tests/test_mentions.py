"""The links turned around (store/mentions.py): `show` reads only the contacts it shows, and
says exactly what the plain path (`--no-cache`, every contact read) says, whatever the vault
holds and however it changes: introduced_by, `got` and `gave` entries that link, daily notes
that link two people, edits that add or remove an introduction, renames, a new day."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest
from cache_helpers import assert_same
from helpers import REPO, TODAY, age
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from network_md.analysis.current import open_index
from network_md.cli.session import Session
from network_md.format.links import find_links, introduced_by_target
from network_md.format.parse import parse_contact
from network_md.store import mentions

T = TODAY.isoformat()
CONFIG = "contacts: [people]\ndaily_notes: {folder: Daily, format: YYYY-MM-DD}\n"
PEOPLE = {
    "people/ana.md": "Ana Silva",
    "people/ben.md": "Ben Ode",
    "people/cy.md": "Cy Ng",
    "people/team/dee.md": "Dee Park",
    "people/eve.md": "Eve Roe",
}
# Every way a text names someone: by name, folded, by stem, by path, with a shown text; a
# name nobody has, one that two files share (`Sam`), a link in code (no link).
LINKS = [
    "[[Ana Silva]]", "[[ben]]", "[[people/cy]]", "[[Dee Park|Dee]]", "[[eve roe]]", "[[Ève Roe]]",
    "[[Sam]]", "[[Lisbon]]", "`[[Ana Silva]]`", "[[team/dee#notes]]",
]  # fmt: skip
DAYS = ["2026-10-01", "2026-11-01", "2026-11-20", "2026-11-26", "2026-11-27", "2026-11-28"]


@st.composite
def linking_line(draw, daily: bool = False) -> str:
    kind = draw(st.sampled_from(["got", "gave", "got", "met", "thanked", "asked"]))
    links = draw(st.lists(st.sampled_from(LINKS), max_size=3))
    box = draw(st.sampled_from(["", "", "", "[ ] ", "[x] ", "[-] "]))
    date = "" if daily and draw(st.booleans()) else draw(st.sampled_from(DAYS)) + " "
    return f"- {box}{date}{kind}: intro " + " and ".join(links)


@st.composite
def person(draw, name: str) -> str:
    front = [f"name: {name}"]
    if draw(st.integers(0, 2)) == 0:
        front.append("introduced_by: " + draw(st.sampled_from([*LINKS[:7], "Ana Silva", "cy"])))
    if draw(st.integers(0, 5)) == 0:
        front.append("aliases: [Sam]")
    lines = draw(st.lists(linking_line(), max_size=4))
    return "---\n" + "\n".join(front) + "\n---\n## Log\n" + "".join(x + "\n" for x in lines)


@st.composite
def daily_note(draw) -> str:
    return "".join(x + "\n" for x in draw(st.lists(linking_line(daily=True), max_size=3)))


def _write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def _contact_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "people").rglob("*.md"))


def _step(data, root: Path, state: dict) -> str:
    """One change of the vault (or of the day), as a user makes it; what it did."""
    op = data.draw(
        st.sampled_from(
            [
                "add",
                "add",
                "remove",
                "rewrite",
                "note",
                "rename-file",
                "rename-name",
                "new",
                "delete",
                "day",
                "status",
                "forget",
            ]
        ),  # fmt: skip
        label="op",
    )
    files = _contact_files(root)
    if op == "day":
        state["today"] = data.draw(st.sampled_from(DAYS[2:]), label="today")
        return f"today {state['today']}"
    if op == "forget":  # as after an upgrade: the links cache is made again from the files
        (root / ".network-md" / "links").unlink(missing_ok=True)
        return "forget the links cache"
    if op == "status" or not files:
        return "status only"  # the index cache moves on, the links cache does not
    rel = data.draw(st.sampled_from(files), label="file")
    path = root / rel
    text = path.read_text(encoding="utf-8")
    if op == "add":
        path.write_text(text + data.draw(linking_line(), label="line") + "\n", encoding="utf-8")
        return f"add a line to {rel}"
    if op == "remove":
        lines = text.splitlines(keepends=True)
        linking = [i for i, line in enumerate(lines) if "[[" in line]
        if not linking:
            return f"remove: nothing links in {rel}"
        del lines[data.draw(st.sampled_from(linking), label="line")]
        path.write_text("".join(lines), encoding="utf-8")
        return f"remove a linking line of {rel}"
    if op == "rewrite":
        name = data.draw(st.sampled_from(sorted(PEOPLE.values())), label="name")
        path.write_text(data.draw(person(name), label="content"), encoding="utf-8")
        return f"rewrite {rel} as {name}"
    if op == "note":
        day = data.draw(st.sampled_from(DAYS), label="note day")
        _write(root, f"Daily/{day}.md", data.draw(daily_note(), label="note"))
        return f"daily note {day}"
    if op == "rename-file":
        new = data.draw(st.sampled_from(["people/ana.md", "people/x/zed.md", "people/cy.md"]))
        if (root / new).exists():
            return f"rename-file: {new} exists"
        (root / new).parent.mkdir(parents=True, exist_ok=True)
        path.rename(root / new)
        return f"rename {rel} -> {new}"
    if op == "rename-name":
        old = text.split("name: ", 1)[1].split("\n", 1)[0] if "name: " in text else ""
        new = data.draw(st.sampled_from(["Ben Ode", "Sam", "Zed Ka", "Ana Silva"]), label="to")
        path.write_text(text.replace(f"name: {old}", f"name: {new}", 1), encoding="utf-8")
        return f"rename {rel}'s name {old!r} -> {new!r}"
    if op == "new":
        new = data.draw(st.sampled_from(["people/sam.md", "people/old/ana.md", "people/ben2.md"]))
        name = data.draw(st.sampled_from(["Sam", "Ana Silva", "Ben Ode", "Fay Lo"]), label="name")
        _write(root, new, data.draw(person(name), label="content"))
        return f"new {new} named {name}"
    path.unlink()
    return f"delete {rel}"


def _shows(root: Path) -> list[tuple]:
    """`show` of every contact by its path, as JSON and as text."""
    rels = _contact_files(root)
    return [("show", rel, "--json") for rel in rels] + [("show", rel) for rel in rels[:2]]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_show_says_what_the_plain_path_says_through_any_sequence_of_changes(run, data):
    base = Path(tempfile.mkdtemp(prefix="network-md-mentions-"))
    try:
        root = base / "vault"
        _write(root, ".network-md.yaml", CONFIG)
        for rel, name in PEOPLE.items():
            _write(root, rel, data.draw(person(name), label=rel))
        _write(root, "people/sam.md", "---\nname: Sam\n---\n")
        _write(root, "Daily/2026-11-20.md", data.draw(daily_note(), label="note"))
        age(root)
        state = {"today": T}
        for i in range(data.draw(st.integers(1, 6), label="steps") + 1):
            if i:
                note(f"step {i}: {_step(data, root, state)}")
            if data.draw(st.booleans(), label="status first"):
                run(root, "status", today=state["today"])
            assert_same(run, root, _shows(root), today=state["today"])
    finally:
        shutil.rmtree(base)


# --- on disk: what is read --------------------------------------------------------------------


def _generated(root: Path, n: int, daily: bool = True) -> None:
    """A generated vault (bench/generate.py) with introductions added: introduced_by, `got`
    entries that link, a daily note that links two people (`daily`)."""
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    files = generate(root, n, seed=3)
    (root / ".network-md.yaml").write_text(CONFIG, encoding="utf-8")
    names = [p.read_text(encoding="utf-8").split("name: ", 1)[1].split("\n", 1)[0] for p in files]
    for i in range(0, n - 2, 7):
        with files[i].open("a", encoding="utf-8") as f:
            f.write(f"- 2026-11-{1 + i % 20:02} got: met [[{files[i + 1].stem}]] through her\n")
            f.write(f"- 2026-11-{2 + i % 20:02} gave: put her in touch with [[{names[i + 2]}]]\n")
    for i in range(3, n, 11):
        text = files[i].read_text(encoding="utf-8")
        files[i].write_text(
            text.replace("---\n", f"---\nintroduced_by: '[[{files[i - 3].stem}]]'\n", 1),
            encoding="utf-8",
        )
    if daily:
        note = f"- got: [[{names[5]}]] introduced me to [[{names[9]}]]\n"
        _write(root, "Daily/2026-11-25.md", note)
    age(root)


def test_show_decodes_only_the_contacts_it_shows_and_those_that_link_them(tmp_path, run):
    # (a daily note just written would be read again by the next command, being racy, and
    # the contacts it links redone with it: not what this test is about)
    root = tmp_path / "vault"
    _generated(root, 300, daily=False)
    rels = _contact_files(root)
    assert run(root, "show", rels[7]).exit_code == 0  # the links cache is written
    s = Session(str(root), T, True, False)
    try:
        wanted = rels[7]
        s.stats_for(wanted)
        intros = s.introductions_of(wanted)
        mentions.mentions(s.links, s.index, wanted)
        decoded = len(s.index._files)  # the records decoded so far
        assert decoded < 20, decoded
        assert intros.rows(wanted)  # the vault's introductions reach it
    finally:
        s.close()


def test_show_on_a_generated_vault_is_the_plain_paths_after_each_kind_of_change(tmp_path, run):
    root = tmp_path / "vault"
    _generated(root, 120)
    rels = _contact_files(root)
    shows = [("show", rel, "--json") for rel in rels[:40]] + [("show", rels[5])]
    assert_same(run, root, shows)
    # an introduction added, then removed
    with (root / rels[20]).open("a", encoding="utf-8") as f:
        f.write(f"- 2026-11-03 got: [[{Path(rels[30]).stem}]] is worth meeting\n")
    assert_same(run, root, shows)
    text = (root / rels[0]).read_text(encoding="utf-8")
    (root / rels[0]).write_text(text.replace("got: met", "met: met"), encoding="utf-8")
    assert_same(run, root, shows)
    # a rename (the links follow it), a new day, a file gone
    assert run(root, "rename", rels[1], "Zora Quist").exit_code == 0
    rels = _contact_files(root)
    shows = [("show", rel, "--json") for rel in rels[:40]]
    assert_same(run, root, shows)
    assert_same(run, root, shows, today="2026-12-20")
    (root / rels[3]).unlink()
    assert_same(run, root, [("show", rel, "--json") for rel in _contact_files(root)[:40]])


def test_a_file_that_names_its_introducer_without_a_link_is_read_for_it(make_vault, run):
    # no `[[` anywhere: the file is still read for its `introduced_by`
    root = make_vault(
        {
            "people/ana.md": "---\nname: Ana Silva\n---\n- 2026-11-02 met: x\n",
            "people/ben.md": "---\nName: Ben Ode\nIntroduced By: Ana Silva\n---\n",
            "people/cy.md": "---\nname: Cy Ng\nINTRODUCED_BY: ana\n---\n",
        }
    )
    age(root)
    for _ in range(2):  # the links cache written, then read
        shown = assert_same(run, root, [("show", "ana", "--json"), ("show", "ana")])
    assert (
        '"introduced": [\n    "people/ben.md",\n    "people/cy.md"\n  ]'
        in (shown[("show", "ana", "--json")][1])
    )


def _append(path: Path, line: str) -> None:
    """A line added to one file, dated an hour back (not racy); no other file's stamp moves."""
    with path.open("a", encoding="utf-8") as f:
        f.write(line)
    when = time.time_ns() - 3600 * 1_000_000_000
    os.utime(path, ns=(when, when))


def _pending_vault(root: Path, run, forget_links: bool) -> list[str]:
    """A vault whose index cache is saved, with one file changed since (too few to save it
    again), and (`forget_links`) its links cache made anew after: a state every `show` then
    starts from."""
    _generated(root, 200, daily=False)
    rels = _contact_files(root)
    assert run(root, "status").exit_code == 0  # the index cache is written
    _append(root / rels[11], f"- 2026-11-03 got: [[{Path(rels[12]).stem}]] is worth meeting\n")
    if forget_links:
        (root / ".network-md" / "links").unlink()
    assert run(root, "show", rels[12]).exit_code == 0  # the links cache is made (anew)
    return rels


def _shares_read(monkeypatch) -> list[str]:
    """The contact files whose links `show` works out again, as it does."""
    read, share = [], mentions._share
    monkeypatch.setattr(
        mentions, "_share", lambda index, path: read.append(path) or share(index, path)
    )
    return read


def test_a_links_cache_made_anew_is_in_step_with_the_index_cache_it_was_made_beside(
    tmp_path, run, monkeypatch
):
    # made by a command that did not save the index cache, it still is in step with it when
    # no daily note's entry can be in its summary: the next command re-reads nothing for it
    root = tmp_path / "vault"
    rels = _pending_vault(root, run, forget_links=True)
    read = _shares_read(monkeypatch)
    s = Session(str(root), T, True, False)
    try:
        s.stats_for(rels[12])
        s.introductions_of(rels[12])
        assert s.links.in_step
        assert s.index.touched == {rels[11]}  # the file changed since the index cache was saved
        assert read == []  # whose links were read when the links cache was made
    finally:
        s.close()
    assert_same(run, root, [("show", rels[12], "--json"), ("show", rels[11], "--json")])


def test_a_file_changed_since_the_index_cache_was_saved_is_read_once_for_its_links(
    tmp_path, run, monkeypatch
):
    root = tmp_path / "vault"
    rels = _pending_vault(root, run, forget_links=False)
    links = root / ".network-md" / "links"
    read = _shares_read(monkeypatch)
    for _ in range(3):  # each a new command: the index cache still is not saved again
        before = links.stat().st_mtime_ns
        assert run(root, "show", rels[12], "--json").exit_code == 0
        assert read == [], read
        assert links.stat().st_mtime_ns == before  # nothing moved: not written again
    # a real change is still seen, by the one file's links read again
    _append(root / rels[11], f"- 2026-11-04 gave: [[{Path(rels[13]).stem}]] a lead\n")
    assert_same(run, root, [("show", rels[13], "--json"), ("show", rels[12], "--json")])
    assert rels[11] in read


def test_files_come_and_gone_since_the_index_cache_was_saved_leave_no_trace(make_vault, run):
    # the index cache never held them, so nothing it re-reads says they went: a second
    # "Ana Silva" (every link to her was ambiguous while it stood) and a file that linked her
    root = make_vault(
        {
            "people/ana.md": "---\nname: Ana Silva\n---\n- 2026-11-02 met: x\n",
            "people/ben.md": "---\nname: Ben Ode\nintroduced_by: '[[Ana Silva]]'\n---\n",
            "people/cy.md": "---\nname: Cy Ng\n---\n- 2026-11-03 got: [[Ana Silva]] for lunch\n",
        }
    )
    age(root)
    shows = [("show", "people/ana.md", "--json"), ("show", "ben", "--json"), ("check",)]
    assert_same(run, root, shows)  # the index cache and the links cache are written
    for rel, text in [
        ("people/x/ana.md", "---\nname: Ana Silva\n---\n"),
        ("people/dee.md", "---\nname: Dee\n---\n- 2026-11-04 gave: [[people/ana]] a lead\n"),
        ("people/notes.txt.md", "not a contact: no front matter, no log\n"),
    ]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        _append(root / rel, text)  # dated back: too few, and none racy, to save the index cache
    during = assert_same(run, root, shows)
    assert '"introduced": []' in during[shows[0]][1]  # ambiguous while both stand
    for rel in ["people/x/ana.md", "people/dee.md", "people/notes.txt.md"]:
        (root / rel).unlink()
    after = assert_same(run, root, shows)
    assert '"people/ben.md"' in after[shows[0]][1]
    assert "a lead" not in after[shows[0]][1]


@pytest.mark.parametrize(
    "name, first, second",
    [
        ("Ana Silva", "people/m/ana.md", "people/a/ana.md"),  # the newcomer sorts first
        ("Ana Silva", "people/m/ana.md", "people/z/ana.md"),  # ...or last
        ("Иван Петров", "people/ivan.md", "people/00/иван.md"),  # other scripts, digits
    ],
)
def test_an_ambiguous_link_lists_its_contacts_alike_however_they_came(
    make_vault, run, name, first, second
):
    """A second contact of a name, added after both caches were made: the warning about the
    links that now name two contacts lists them as a cold read does (path order)."""
    root = make_vault(
        {
            first: f"---\nname: {name}\n---\n- 2026-11-02 met: x\n",
            "people/cy.md": f"---\nname: Cy Ng\n---\n- 2026-11-03 got: [[{name}]] for lunch\n",
            "Daily/2026-11-20.md": f"- met [[{name}]] again\n",
        },
        config="contacts: [people]\ndaily_notes: {folder: Daily, format: YYYY-MM-DD}\n",
    )
    age(root)
    assert_same(run, root, [("check", "--json"), ("show", "cy", "--json")])
    (root / second).parent.mkdir(parents=True, exist_ok=True)
    (root / second).write_text(f"---\nname: {name}\n---\n", encoding="utf-8")
    age(root)
    seen = assert_same(run, root, [("check", "--json"), ("show", "cy", "--json"), ("check",)])
    listed = ", ".join(sorted([first, second]))
    assert f"names 2 contacts ({listed})" in seen[("check", "--json")][1]


# What a log can hold beside the linking entries: a link in a fenced block or in code, a plan,
# a cancelled one, a line that is no entry, a link in the notes, an impossible date.
OTHER_LINES = [
    "```\n- 2026-11-01 got: [[Ana Silva]] in a fence\n```",
    "- 2026-11-02 met: `[[ben]]` in code and [[cy]] outside",
    "- [ ] 2026-12-02 ask: [[eve roe]] for a review",
    "- [-] 2026-11-05 gave: [[Dee Park]] cancelled",
    "- 2026-11-31 got: [[ben]] on no day",
    "- 2026-11-06 bogus: [[ben]] of an unknown kind",
    "- 2026-11-07: [[ben]] with no kind",
    "Notes that link [[Ana Silva]] outside the log.",
]


def _shared_from_the_full_log(root: Path, path: str, config) -> tuple:
    """What a file's share was worked out from before: its whole log, parsed again."""
    contact, _ = parse_contact(path, (root / path).read_bytes(), config)
    if contact is None:
        return (), None
    out = []
    for entry in contact.log or ():
        targets = tuple(link.target for link in find_links(entry.text))
        if targets:
            out.append((tuple(entry), targets))
    return tuple(out), introduced_by_target(contact)


@settings(max_examples=40, deadline=None)
@given(
    data=st.lists(
        st.tuples(
            st.sampled_from(sorted(PEOPLE.values())),
            st.lists(st.one_of(linking_line(), st.sampled_from(OTHER_LINES)), max_size=6),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_a_files_links_come_from_its_indexed_contact_as_from_its_full_log(data):
    base = Path(tempfile.mkdtemp(prefix="network-md-shares-"))
    try:
        root = base / "vault"
        _write(root, ".network-md.yaml", CONFIG)
        for i, (name, lines) in enumerate(data):
            front = f"name: {name}\n" + ("introduced_by: '[[cy]]'\n" if i % 2 else "")
            _write(root, f"people/p{i}.md", f"---\n{front}---\n## Log\n" + "\n".join(lines) + "\n")
        age(root)
        for use_cache in (True, True, False):  # made, read back from the cache, made anew
            cache = open_index(root, use_cache)
            index = cache.index
            for path in index.paths():
                want = _shared_from_the_full_log(root, path, index.vault.config)
                assert mentions._share(index, path) == want, path
            assert cache.save(force=True) == use_cache or not index.touched
    finally:
        shutil.rmtree(base)


@given(new_day=st.booleans())
@settings(
    max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_command_that_saves_the_index_cache_keeps_the_links_cache_in_step(
    tmp_path_factory, run, monkeypatch, new_day
):
    # `status` never looks at the links in a vault without daily notes; when it saves the
    # index cache (many files changed, or a new day's summary), the links cache moves with it
    root = tmp_path_factory.mktemp("vault")
    _generated(root, 200, daily=False)
    (root / ".network-md.yaml").write_text("contacts: [people]\n", encoding="utf-8")
    rels = _contact_files(root)
    assert run(root, "status").exit_code == 0
    assert run(root, "show", rels[12]).exit_code == 0  # the links cache, in step
    changed = [] if new_day else rels[40:60]
    for rel in changed:
        _append(root / rel, f"- 2026-11-05 got: [[{Path(rels[12]).stem}]] says hello\n")
    index = root / ".network-md" / "index"
    before = index.stat().st_mtime_ns
    assert run(root, "status", today="2026-12-01" if new_day else T).exit_code == 0
    assert index.stat().st_mtime_ns != before  # the index cache was saved
    read = _shares_read(monkeypatch)
    s = Session(str(root), T, True, False)
    try:
        s.stats_for(rels[12])
        s.introductions_of(rels[12])
        assert s.links.in_step
        assert sorted(read) == changed
    finally:
        s.close()
    assert_same(run, root, [("show", rels[12], "--json"), ("show", rels[45], "--json")])
