"""Wikilinks: finding them (not in code), their parts, and the contacts they name."""

from __future__ import annotations

import time

import pytest
from helpers import contact
from hypothesis import given
from hypothesis import strategies as st

from network_md.format.links import (
    Link,
    build_index,
    find_links,
    linked,
    parse_inside,
    parse_link,
    path_key,
)


def targets(text: str) -> list[str]:
    return [link.target for link in find_links(text)]


# --- finding links ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, target, part, shown, embed",
    [
        ("[[Ada]]", "Ada", None, None, False),
        ("[[Ada|the countess]]", "Ada", None, "the countess", False),
        ("[[people/Ada]]", "people/Ada", None, None, False),
        ("[[Ada#Lisbon trip]]", "Ada", "Lisbon trip", None, False),
        ("[[Ada#^block1|see]]", "Ada", "^block1", "see", False),
        ("[[Ada.md]]", "Ada.md", None, None, False),
        ("![[Ada]]", "Ada", None, None, True),
        ("[[Ada\\|shown in a table]]", "Ada", None, "shown in a table", False),
        ("[[ Ada Lovelace ]]", "Ada Lovelace", None, None, False),
        ("[[Zoë Ødegård|Z]]", "Zoë Ødegård", None, "Z", False),
        ("[[李小龍]]", "李小龍", None, None, False),
    ],
)
def test_every_link_form_parses(written, target, part, shown, embed):
    text = f"met {written} today"
    (link,) = find_links(text)
    assert (link.target, link.part, link.shown, link.embed) == (target, part, shown, embed)
    assert text[link.start : link.end] == written  # offsets cover the link exactly
    assert parse_link(written) == link._replace(start=0, end=len(written))


def test_links_in_order_and_on_many_lines():
    text = "- met [[A]] and [[B|bee]]\n- then ![[C]]\n\n[[D#x]]\n"
    assert targets(text) == ["A", "B", "C", "D"]


@pytest.mark.parametrize(
    "text",
    [
        "[[]]",
        "[[A\nB]]",  # a link never crosses a line
        "[A]] and [[B",
        "[[A[x]]]",
        "no links at all",
    ],
)
def test_what_is_not_a_link(text):
    assert [t for t in targets(text) if t] == []


def test_shown_text_and_text_property():
    assert parse_inside("Ada|Countess").text == "Countess"
    assert parse_inside("Ada#part").text == "Ada"
    assert parse_link("not [[a]] link") is None
    assert parse_link("  [[Charles Babbage]] ") == Link("Charles Babbage", None, None, False, 2, 21)


@pytest.mark.parametrize("fence", ["```", "~~~", "````"])
def test_links_in_fenced_code_are_not_links(fence):
    text = f"[[before]]\n{fence}python\n[[inside]]\n{fence}\n[[after]]\n"
    assert targets(text) == ["before", "after"]


def test_an_unclosed_fence_hides_to_the_end():
    assert targets("[[before]]\n```\n[[inside]]\nmore [[x]]\n") == ["before"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("`[[code]]` and [[real]]", ["real"]),
        ("``a ` [[code]]`` [[real]]", ["real"]),
        ("`open\n[[code]]` [[real]]", ["real"]),  # a span may wrap within a paragraph
        ("`unclosed\n\n[[real]]", ["real"]),  # a blank line ends it
        ("a lone ` then [[real]]", ["real"]),
        ("so ```inline``` [[real]]", ["real"]),
    ],
)
def test_links_in_inline_code_are_not_links(text, expected):
    assert targets(text) == expected


# --- resolving ---------------------------------------------------------------------------


def people(*specs):
    """Contacts from (path, name, aliases) triples."""
    return [contact(path=p, name=n)._replace(aliases=tuple(a)) for p, n, a in specs]


VAULT = people(
    ("people/ada.md", "Ada Lovelace", ["Countess of Lovelace"]),
    ("people/friends/bo.md", "Bo Ström", []),
    ("people/liam.md", "Liam O’Reilly", ["Li"]),
    ("people/ivan.md", "Иван Петров", []),
    ("people/wang.md", "王小明", []),
)


@pytest.mark.parametrize(
    "target, path",
    [
        ("ada", "people/ada.md"),  # file stem
        ("Ada", "people/ada.md"),  # stem, case folded
        ("ada.md", "people/ada.md"),
        ("people/ada", "people/ada.md"),  # path without .md
        ("People/Ada.md", "people/ada.md"),
        ("friends/bo", "people/friends/bo.md"),  # the last folders of the path
        ("people/friends/bo", "people/friends/bo.md"),
        ("/people/friends/bo", "people/friends/bo.md"),  # from the root
        ("Ada Lovelace", "people/ada.md"),  # name
        ("ada lovelace", "people/ada.md"),
        ("Adá Lovelace", "people/ada.md"),  # accents folded
        ("Countess of Lovelace", "people/ada.md"),  # alias
        ("Bo Strom", "people/friends/bo.md"),
        ("liam o'reilly", "people/liam.md"),  # apostrophes as NAME folds them
        ("Liam OReilly", "people/liam.md"),
        ("Li", "people/liam.md"),
        ("иван петров", "people/ivan.md"),  # other scripts fold their case too
        ("王小明", "people/wang.md"),
    ],
)
def test_a_target_names_a_contact(target, path):
    assert build_index(VAULT).resolve(target) == (path,)


@pytest.mark.parametrize(
    "target",
    ["Lisbon", "2026-11-02", "ada.png", "Ada Love", "/friends/bo", "bo/friends", "", "#heading"],
)
def test_a_target_naming_nobody_names_nobody(target):
    assert build_index(VAULT).resolve(parse_inside(target).target) == ()


def test_file_tier_comes_before_names():
    # `[[ada]]` opens ada.md in Obsidian, whoever else is called Ada.
    vault = people(("people/ada.md", "Ada Lovelace", []), ("people/byron.md", "Ada", ["ada"]))
    index = build_index(vault)
    assert index.resolve("ada") == ("people/ada.md",)
    assert index.resolve("Ada Lovelace") == ("people/ada.md",)


@pytest.mark.parametrize(
    "vault, target",
    [
        (people(("work/ada.md", "A", []), ("home/ada.md", "B", [])), "ada"),  # two stems
        (people(("a/x.md", "Ada", []), ("b/y.md", "Ada", [])), "Ada"),  # two names
        (people(("a/x.md", "Ada", []), ("b/y.md", "Bo", ["ada"])), "ADA"),  # name and alias
        (people(("a/p/x.md", "A", []), ("b/p/x.md", "B", [])), "p/x"),  # two paths end so
    ],
)
def test_a_target_naming_two_contacts_is_ambiguous(vault, target):
    index = build_index(vault)
    assert len(index.resolve(target)) == 2
    got = linked(f"- met [[{target}]] and [[Nobody]]", index, "Daily/2026-11-02.md", 3)
    assert got.paths == ()
    (problem,) = got.problems
    assert (problem.path, problem.line, problem.severity) == ("Daily/2026-11-02.md", 3, "warning")
    assert vault[0].path in problem.message and vault[1].path in problem.message


@given(
    st.permutations(
        list(VAULT) + people(("z/ada.md", "Ada", []), ("a/ada.md", "Bo", ["Ada Lovelace"]))
    )
)
def test_the_index_is_the_same_whatever_order_the_contacts_come_in(order):
    """As the cache kept them (a contact added since comes last) or as the files are read: an
    ambiguous link lists its contacts in path order either way."""
    index = build_index(order)
    assert index == build_index(sorted(order, key=lambda c: c.path))
    assert index.resolve("ada") == ("a/ada.md", "people/ada.md", "z/ada.md")
    assert index.resolve("Ada Lovelace") == ("a/ada.md", "people/ada.md")
    (problem,) = linked("[[Ada Lovelace]]", index, "p.md").problems
    assert "(a/ada.md, people/ada.md)" in problem.message


def test_a_full_path_tells_two_same_stems_apart():
    index = build_index(people(("work/ada.md", "A", []), ("home/ada.md", "B", [])))
    assert index.resolve("work/ada") == ("work/ada.md",)
    assert index.resolve("home/ada.md") == ("home/ada.md",)


def test_a_name_and_its_alias_on_one_contact_are_one_contact():
    index = build_index(people(("p/ada.md", "Ada", ["ADA", "ada"])))
    assert index.resolve("ada") == ("p/ada.md",)


def test_linked_gives_each_contact_once_in_order():
    index = build_index(VAULT)
    text = "[[Li]] with [[ada]], [[Ada Lovelace|her]], ![[bo]], `[[ivan]]` and [[Lisbon]]"
    assert linked(text, index) == (("people/liam.md", "people/ada.md", "people/friends/bo.md"), ())


def test_path_key_folds_each_segment():
    assert path_key("People/Adá.md") == "people/ada"
    assert path_key("\\people\\O'Brien") == "people/obrien"


def test_the_index_is_dict_lookups_at_100k():
    vault = [
        contact(path=f"people/g{i % 50}/p{i}.md", name=f"Person {i}")._replace(aliases=(f"P{i}",))
        for i in range(100_000)
    ]
    started = time.perf_counter()
    index = build_index(vault)
    built = time.perf_counter() - started
    started = time.perf_counter()
    for i in range(0, 100_000, 10):
        assert index.resolve(f"Person {i}") == (f"people/g{i % 50}/p{i}.md",)
    per_lookup = (time.perf_counter() - started) / 10_000
    assert built < 10 and per_lookup < 1e-3  # generous for a shared machine; a scan is ~100x


# --- mentions: `show` lists the entries elsewhere that link a contact -------------------------

import json  # noqa: E402
import subprocess  # noqa: E402

from helpers import TODAY, run_script, script_path  # noqa: E402

MENTION_CONFIG = "contacts: [people]\ndaily_notes: {folder: Daily}\n"
ADA = (
    "---\nname: Ada Lovelace\naliases: [Countess]\n---\n## Log\n- 2026-11-01 met: [[ada]] herself\n"
)
BO = (
    "---\nname: Bo\n---\n## Log\n"
    "- 2026-10-01 got: an intro to [[Countess|her]]\n"  # by alias
    "- 2026-10-02 gave: `[[ada]]` in code\n"  # code: no link
    "- 2026-10-03 met: about [[Lisbon]]\n"  # nobody
    "- [ ] 2026-12-01 met: lunch with [[people/ada]] and [[Cy]]\n"  # a plan, by path
)
CY = "---\nname: Cy\n---\n## Log\n- 2026-10-05 thanked: for meeting ![[ada]]\n"
DAY = "- met (30m): coffee with [[Ada Lovelace]]\n- random [[ada]] bullet\n"


def nm_json(root, *args):
    done = run_script(root, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def mentioned(root, name="ada"):
    return [
        (m["path"], m["line"], m["date"], m["kind"])
        for m in nm_json(root, "show", name)["mentions"]
    ]


def test_show_lists_every_entry_elsewhere_that_links_the_contact(make_vault):
    files = {
        "people/ada.md": ADA,
        "people/bo.md": BO,
        "people/cy.md": CY,
        "Daily/2026-11-20.md": DAY,
    }
    root = make_vault(files, MENTION_CONFIG)
    assert mentioned(root) == [
        ("people/bo.md", 8, "2026-12-01", "met"),  # newest first; its own link to itself is not one
        ("Daily/2026-11-20.md", 1, "2026-11-20", "met"),
        ("people/cy.md", 5, "2026-10-05", "thanked"),
        ("people/bo.md", 5, "2026-10-01", "got"),
    ]
    assert mentioned(root, "cy") == [("people/bo.md", 8, "2026-12-01", "met")]
    assert [m["path"] for m in nm_json(root, "show", "ada", "--no-cache")["mentions"]] == [
        m[0] for m in mentioned(root)
    ]  # without the cache: the same
    assert mentioned(root, "bo") == []
    shown = json.loads(json.dumps(nm_json(root, "show", "ada")["mentions"][0]))
    assert {"path", "line", "date", "kind", "text"} <= set(shown)
    text = subprocess.run(
        [script_path(), "--vault", str(root), "--today", TODAY.isoformat(), "show", "ada"],
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    ).stdout  # fmt: skip
    assert "Mentions" in text and "(people/cy.md:5)" in text and "(Daily/2026-11-20.md:1)" in text


def test_mentions_follow_the_files_with_a_warm_cache(make_vault):
    root = make_vault(
        {"people/ada.md": ADA, "people/bo.md": BO, "people/cy.md": CY}, MENTION_CONFIG
    )
    assert len(mentioned(root)) == 3
    time.sleep(2.1)  # past the window in which a stamp could hide a change
    (root / "people/cy.md").write_text(CY.replace("![[ada]]", "nobody"))
    assert [m[0] for m in mentioned(root)] == ["people/bo.md", "people/bo.md"]
    (root / "people/ada.md").write_text(ADA.replace("aliases: [Countess]", "aliases: []"))
    assert [m[2] for m in mentioned(root)] == ["2026-12-01"]  # [[Countess]] names nobody now
    (root / "people/dee.md").write_text("---\nname: Dee\naliases: [ada]\n---\n")
    assert mentioned(root) == mentioned(root)  # stable, warm
    assert [m[2] for m in mentioned(root)] == ["2026-12-01"]  # [[ada]] is ada.md's stem first
